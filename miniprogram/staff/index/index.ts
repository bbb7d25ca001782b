// 工作台: the staff area's home: one entry per task the caller's role allows, with the number of
// items waiting where there is a queue.
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract/index';
import { refreshAfter } from '../../utils/page';
import { loadRoles } from '../../utils/roles';

type Waiting = OutputOf<Contract['admin']['consoleSummary']>;

/** '待审核 12' style badges; nothing when the queue is empty. */
function badges(w: Waiting) {
  const text = (n: number, what: string) => (n > 0 ? `${what} ${n}` : '');
  return {
    feedback: text(w.feedbackUnread, '未读'),
    volunteers: text(w.volunteersPending, '待审核'),
    recommendations: text(w.recommendationsPending, '待审核'),
    donations: text(w.donationsPledged, '待送达'),
  };
}

Component({
  data: {
    loading: true,
    error: '',
    isStaff: false,
    isAdmin: false,
    waiting: { feedback: '', volunteers: '', recommendations: '', donations: '' },
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      if (this.data.isStaff) void this.loadWaiting();
    },
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },
    async load() {
      const flags = await loadRoles(this, (f) => {
        getApp<IAppOption>().globalData.isStaff = f.isStaff;
        return f;
      });
      if (flags?.isStaff) await this.loadWaiting();
    },
    /** The queue counts are a hint: a failure leaves the entries without numbers. */
    async loadWaiting() {
      const res = await api.admin.consoleSummary({}, { loading: false, silent: true });
      if (res.ok) this.setData({ waiting: badges(res.data) });
    },
    onScan() {
      wx.navigateTo({ url: '/staff/redeem-scan/redeem-scan' });
    },
    onPrizes() {
      wx.navigateTo({ url: '/staff/prizes/prizes' });
    },
    /** Every other entry: the page to open is the cell's data-url. */
    onEntry(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
