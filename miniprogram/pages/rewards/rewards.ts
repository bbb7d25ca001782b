// 积分兑换 (tab): the catalogue with cost, stock and whether the current card can afford each prize.
import { api } from '../../api/index';

interface PrizeItem {
  prizeId: string;
  name: string;
  description: string;
  cost: number;
  stock: number;
  tagText: string;
  tagType: string;
  color: string;
}

const COLORS = ['#1989fa', '#07c160', '#ff976a', '#7232dd', '#ee0a24', '#13c2c2'];

Component({
  data: {
    loading: true,
    error: '',
    loaded: false,
    balance: 0,
    prizes: [] as PrizeItem[],
  },
  methods: {
    // A tab page: onShow runs on every visit, so the balance is fresh after a redemption.
    onShow() {
      void this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      // The spinner only before the first answer; later refreshes keep the list on screen.
      this.setData({ loading: !this.data.loaded, error: '' });
      const res = await api.rewards.list({}, { loading: false });
      if (!res.ok) {
        this.setData({ loading: false, error: this.data.loaded ? '' : res.error.message });
        return;
      }
      const prizes = res.data.prizes.map((p, i): PrizeItem => {
        const tag =
          p.stock <= 0
            ? { tagText: '已兑完', tagType: 'default' }
            : p.affordable
              ? { tagText: '可兑换', tagType: 'success' }
              : { tagText: '积分不足', tagType: 'warning' };
        return {
          prizeId: p.prizeId,
          name: p.name,
          description: p.description,
          cost: p.cost,
          stock: p.stock,
          color: COLORS[i % COLORS.length],
          ...tag,
        };
      });
      this.setData({ loading: false, loaded: true, error: '', balance: res.data.balance, prizes });
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      const prizeId = String(e.currentTarget.dataset.id ?? '');
      if (prizeId) wx.navigateTo({ url: `/pages/prize/prize?prizeId=${encodeURIComponent(prizeId)}` });
    },
    onMine() {
      wx.navigateTo({ url: '/pages/redemptions/redemptions' });
    },
  },
});
