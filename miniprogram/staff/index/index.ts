// 工作台: the staff area's home; entries by role.
import { loadRoles } from '../../utils/roles';

Component({
  data: {
    loading: true,
    error: '',
    isStaff: false,
    isAdmin: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      await loadRoles(this, (flags) => {
        getApp<IAppOption>().globalData.isStaff = flags.isStaff;
        return flags;
      });
    },
    onScan() {
      wx.navigateTo({ url: '/staff/redeem-scan/redeem-scan' });
    },
    onPrizes() {
      wx.navigateTo({ url: '/staff/prizes/prizes' });
    },
    /** Event entries: the page to open is the cell's data-url. */
    onEventEntry(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    /** Books entries: the page to open is the cell's data-url. */
    onEntry(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
