// 首页: current card's points, today's check-in, the module grid.
import { api } from '../../api/index';
import { maskCardNo } from '../../utils/mask';
import { goBindCard, loadInto, refreshAfter } from '../../utils/page';
import { staffFlags } from '../../utils/roles';

interface Module {
  key: string;
  text: string;
  icon: string;
}

const MODULES: Module[] = [
  { key: 'rewards', text: '积分兑换', icon: 'gift-o' },
  { key: 'volunteer', text: '志愿者活动', icon: 'friends-o' },
  { key: 'events', text: '读者活动', icon: 'flag-o' },
  { key: 'checkin', text: '签到打卡', icon: 'calendar-o' },
  { key: 'recommend', text: '图书推荐', icon: 'thumb-circle-o' },
  { key: 'donate', text: '图书捐赠', icon: 'point-gift-o' },
];

Component({
  data: {
    loading: true,
    error: '',
    loaded: false,
    hasCard: false,
    cardText: '',
    balance: 0,
    checkedInToday: false,
    streak: 0,
    isStaff: false,
    modules: MODULES,
  },
  methods: {
    // A tab page: onShow is its first load too (no onLoad), so each showing is one call.
    onShow() {
      void this.load();
    },
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },

    /** One call: the points summary and the roles (the staff entry is only a hint for the UI; the staff actions check roles themselves). */
    async load() {
      await loadInto(this, () => api.points.home({}, { loading: false }), ({ cardNo, balance, checkedInToday, streak, roles }) => {
        const { isStaff } = staffFlags(roles);
        const app = getApp<IAppOption>().globalData;
        app.currentCardNo = cardNo;
        app.isStaff = isStaff;
        return { hasCard: !!cardNo, cardText: cardNo ? maskCardNo(cardNo) : '', balance, checkedInToday, streak, isStaff };
      });
    },

    onModule(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string }>) {
      switch (e.currentTarget.dataset.key) {
        case 'rewards':
          wx.switchTab({ url: '/pages/rewards/rewards' });
          break;
        case 'events':
          wx.navigateTo({ url: '/events/list/list?kind=reader' });
          break;
        case 'volunteer':
          wx.navigateTo({ url: '/events/list/list?kind=volunteer' });
          break;
        case 'recommend':
          wx.navigateTo({ url: '/books/recommend/recommend' });
          break;
        case 'donate':
          wx.navigateTo({ url: '/books/donate/donate' });
          break;
        case 'checkin':
          if (this.data.hasCard) wx.navigateTo({ url: '/pages/checkin/checkin' });
          else goBindCard();
          break;
      }
    },
    onBind() {
      goBindCard();
    },
    onStaff() {
      wx.navigateTo({ url: '/staff/index/index' });
    },
  },
});
