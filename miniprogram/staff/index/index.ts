// 工作台: the staff area's home; entries by role, later modules as placeholders.
import { comingSoon } from '../../utils/page';
import { loadRoles } from '../../utils/roles';

const SOON = ['确认捐赠', '审核推荐', '审核志愿者', '活动签到码', '确认服务'];

Component({
  data: {
    loading: true,
    error: '',
    isStaff: false,
    isAdmin: false,
    soon: SOON,
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
    onSoon() {
      comingSoon();
    },
  },
});
