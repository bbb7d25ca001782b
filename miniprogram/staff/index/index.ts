// 工作台: the staff area's home: one entry per task the caller's role allows, with the number of
// items waiting where there is a queue.
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract/index';
import { refreshAfter } from '../../utils/page';
import { GATED, loadGated, staffFlags } from '../../utils/roles';

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
    loaded: false,
    waiting: { feedback: '', volunteers: '', recommendations: '', donations: '' },
  },
  methods: {
    onLoad() {
      void this.load();
    },
    /** Back on the console: the counts again (quietly), once it was shown. */
    onShow() {
      if (this.data.loaded && this.data.isStaff) void this.load();
    },
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },
    /** One call: the queue counts and the caller's roles (FORBIDDEN: not staff). */
    async load() {
      await loadGated(this, 'isStaff', () => api.admin.consoleSummary({}, GATED), (d) => ({ ...staffFlags(d.roles), waiting: badges(d) }));
      if (this.data.loaded) getApp<IAppOption>().globalData.isStaff = this.data.isStaff; // answered (FORBIDDEN included)
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
