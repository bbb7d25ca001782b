// 工作台: the staff area's home; entries by role, later modules as placeholders.
import { api } from '../../api/index';

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
      this.setData({ loading: true, error: '' });
      const res = await api.account.profile({}, { loading: false });
      if (!res.ok) {
        this.setData({ loading: false, error: res.error.message });
        return;
      }
      const roles = res.data.roles;
      const isAdmin = roles.includes('admin');
      const isStaff = isAdmin || roles.includes('staff');
      getApp<IAppOption>().globalData.isStaff = isStaff;
      this.setData({ loading: false, isStaff, isAdmin });
    },
    onScan() {
      wx.navigateTo({ url: '/staff/redeem-scan/redeem-scan' });
    },
    onPrizes() {
      wx.navigateTo({ url: '/staff/prizes/prizes' });
    },
    onSoon() {
      wx.showToast({ icon: 'none', title: '即将开放' });
    },
  },
});
