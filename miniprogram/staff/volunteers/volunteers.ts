// 审核志愿者: the registrations by status (待审核 first); approve, or reject with a reason.
import { api } from '../../api/index';
import { refreshAfter, toast } from '../../utils/page';
import { GATED, loadGated } from '../../utils/roles';
import { formatDateTime } from '../../utils/time';

type Status = 'pending' | 'approved' | 'rejected';
const TABS: Status[] = ['pending', 'approved', 'rejected'];
const REASON_MAX = 200;

interface Row {
  volunteerId: string;
  name: string;
  phone: string;
  skills: string;
  submittedAt: string;
  reason: string;
  serviceHours: number;
}

Component({
  data: {
    loading: true,
    error: '',
    isStaff: false,
    tab: 0,
    status: 'pending' as Status,
    rows: [] as Row[],
    busy: false,
  },
  methods: {
    onLoad() {
      void this.init();
    },
    init() {
      return this.load(false);
    },
    onPullDownRefresh() {
      return refreshAfter(this.data.isStaff ? this.load(true) : this.init());
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const status = TABS[e.detail.index] ?? 'pending';
      this.setData({ tab: e.detail.index, status, rows: [] });
      void this.load(false);
    },
    async load(quiet: boolean) {
      const { status } = this.data;
      // One call: the queue is staff-gated (FORBIDDEN: not staff).
      await loadGated(this, 'isStaff', () => api.events.volunteerQueue({ status }, GATED), (d) => {
        if (status !== this.data.status) return {};
        return {
          rows: d.volunteers.map((v): Row => ({
            volunteerId: v.volunteerId,
            name: v.name,
            phone: v.phone,
            skills: v.skills,
            submittedAt: formatDateTime(v.createdAt),
            reason: v.reason ?? '',
            serviceHours: v.serviceHours,
          })),
        };
      }, quiet);
    },
    async onApprove(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      await this.review(e.currentTarget.dataset.id, true);
    },
    async onReject(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      await this.review(e.currentTarget.dataset.id, false);
    },
    async review(volunteerId: string, approve: boolean) {
      const row = this.data.rows.find((r) => r.volunteerId === volunteerId);
      if (!row || this.data.busy) return;
      this.setData({ busy: true });
      const answer = await wx.showModal(
        approve
          ? { title: '通过审核', content: `通过 ${row.name} 的志愿者注册？`, confirmText: '通过' }
          : { title: '不通过', content: '', editable: true, placeholderText: '请填写原因，将通知申请人', confirmText: '不通过', confirmColor: '#ee0a24' },
      );
      const reason = (answer.content ?? '').trim();
      if (!answer.confirm) return this.setData({ busy: false });
      if (!approve && !reason) {
        toast('请填写未通过的原因');
        return this.setData({ busy: false });
      }
      if (Array.from(reason).length > REASON_MAX) {
        toast(`原因最多${REASON_MAX}个字`);
        return this.setData({ busy: false });
      }
      const res = await api.events.reviewVolunteer({ volunteerId, approve, ...(approve ? {} : { reason }) });
      this.setData({ busy: false });
      if (res.ok) {
        toast(approve ? '已通过，已通知志愿者' : '已拒绝，已通知申请人');
        this.setData({ rows: this.data.rows.filter((r) => r.volunteerId !== volunteerId) });
      } else if (res.error.code === 'ALREADY_REVIEWED') {
        await this.load(true);
      }
    },
  },
});
