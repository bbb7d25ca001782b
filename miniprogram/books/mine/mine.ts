// 我的推荐 / 我的捐赠: every recommendation and donation with its status, dates, reasons and points.
import { api } from '../../api/index';
import { donationRow, recommendationRow, type DonationRow, type RecommendationRow } from '../../utils/books';
import { dataPage } from '../../utils/data-page';
import { loadInto } from '../../utils/page';

const TABS = ['recommendations', 'donations'];

Component({
  behaviors: [dataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    tab: 'recommendations',
    recommendations: [] as RecommendationRow[],
    donations: [] as DonationRow[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.tab && TABS.includes(query.tab)) this.setData({ tab: query.tab });
      void this.load();
    },
    async load() {
      await loadInto(this, () => api.books.mine({}, { loading: false }), (d) => ({
        recommendations: d.recommendations.map(recommendationRow),
        donations: d.donations.map(donationRow),
      }));
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ name: string }>) {
      this.setData({ tab: e.detail.name });
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: `/books/donation/donation?donationId=${String(e.currentTarget.dataset.id)}` });
    },
    onRecommend() {
      wx.navigateTo({ url: '/books/recommend/recommend' });
    },
    onDonate() {
      wx.navigateTo({ url: '/books/donate/donate' });
    },
  },
});
