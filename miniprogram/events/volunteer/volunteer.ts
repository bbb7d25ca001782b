// 志愿者注册: name, phone and skills; then the review status (审核中 / 已通过 / 未通过 + reason).
import { api } from '../../api/index';
import { dataPage } from '../../utils/data-page';
import { VOLUNTEER_STATUS_TEXT, type VolunteerStatus } from '../../utils/events';
import { PHONE } from '../../utils/form';
import { loadInto, toast } from '../../utils/page';
import { formatDateTime } from '../../utils/time';

const STATUS_TAG: Record<VolunteerStatus, string> = { none: 'default', pending: 'warning', approved: 'success', rejected: 'danger' };
const NAME_MAX = 30;
const SKILLS_MAX = 200;
/** What the function's INVALID_INPUT means per field (the page already checked lengths and format). */
const FIELD_ERRORS = { name: '姓名含有不支持的字符', phone: '请输入11位手机号', skills: '特长含有不支持的字符' } as const;

interface Shown {
  name: string;
  phone: string;
  skills: string;
  submittedAt: string;
  reviewedAt: string;
  serviceHours: number;
}

Component({
  behaviors: [dataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    status: 'none' as VolunteerStatus,
    statusText: '',
    statusTag: '',
    reason: '',
    volunteer: null as Shown | null,
    name: '',
    phone: '',
    skills: '',
    errors: {} as Partial<Record<'name' | 'phone' | 'skills', string>>,
    submitting: false,
  },
  methods: {
    async load() {
      await loadInto(this, () => api.events.volunteerStatus({}, { loading: false }), (d) => ({
        status: d.status,
        statusText: VOLUNTEER_STATUS_TEXT[d.status],
        statusTag: STATUS_TAG[d.status],
        reason: d.reason ?? '',
        volunteer: d.volunteer && {
          name: d.volunteer.name,
          phone: d.volunteer.phone,
          skills: d.volunteer.skills,
          submittedAt: formatDateTime(d.volunteer.createdAt),
          reviewedAt: d.volunteer.reviewedAt ? formatDateTime(d.volunteer.reviewedAt) : '',
          serviceHours: d.volunteer.serviceHours,
        },
      }));
    },
    onField(e: DetailEvent<string> & { currentTarget: { dataset: { key?: string } } }) {
      const key = e.currentTarget.dataset.key;
      if (key) this.setData({ [key]: e.detail, [`errors.${key}`]: '' });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const name = this.data.name.trim();
      const phone = this.data.phone.trim();
      const skills = this.data.skills.trim();
      const errors: Partial<Record<'name' | 'phone' | 'skills', string>> = {};
      if (!name) errors.name = '请输入姓名';
      else if (Array.from(name).length > NAME_MAX) errors.name = `姓名不能超过${NAME_MAX}个字`;
      if (!PHONE.test(phone)) errors.phone = '请输入11位手机号';
      if (Array.from(skills).length > SKILLS_MAX) errors.skills = `特长最多${SKILLS_MAX}个字`;
      this.setData({ errors });
      if (Object.keys(errors).length) return;
      this.setData({ submitting: true });
      const res = await api.events.registerVolunteer({ name, phone, ...(skills ? { skills } : {}) });
      this.setData({ submitting: false });
      if (!res.ok) {
        const field = res.error.field as keyof typeof FIELD_ERRORS | undefined;
        if (res.error.code === 'INVALID_INPUT' && field && FIELD_ERRORS[field]) this.setData({ [`errors.${field}`]: FIELD_ERRORS[field] });
        if (res.error.code === 'ALREADY_VOLUNTEER') await this.load();
        return;
      }
      toast('已提交，请等待审核');
      await this.load();
    },
    onEvents() {
      wx.redirectTo({ url: '/events/list/list?kind=volunteer' });
    },
  },
});
