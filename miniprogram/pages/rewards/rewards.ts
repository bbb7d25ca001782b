// 积分兑换 (tab): the catalogue with cost, stock and whether the current card can afford each prize.
import { api } from '../../api/index';
import type { z } from 'zod';
import type { prizeView } from '../../contract/rewards';
import { goBindCard, loadInto, refreshAfter } from '../../utils/page';

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

function toItem(p: z.infer<typeof prizeView>, i: number, hasCard: boolean): PrizeItem {
  const tag =
    p.stock <= 0
      ? { tagText: '已兑完', tagType: 'default' }
      : !hasCard
        ? { tagText: '绑定后可兑换', tagType: 'primary' }
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
}

Component({
  data: {
    loading: true,
    error: '',
    loaded: false,
    balance: 0,
    hasCard: true,
    prizes: [] as PrizeItem[],
  },
  methods: {
    // A tab page: onShow runs on every visit, so the balance is fresh after a redemption.
    onShow() {
      void this.load();
    },
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },
    async load() {
      await loadInto(this, () => api.rewards.list({}, { loading: false }), (d) => ({
        balance: d.balance,
        hasCard: d.cardNo !== null,
        prizes: d.prizes.map((p, i) => toItem(p, i, d.cardNo !== null)),
      }));
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      const prizeId = String(e.currentTarget.dataset.id ?? '');
      if (prizeId) wx.navigateTo({ url: `/pages/prize/prize?prizeId=${encodeURIComponent(prizeId)}` });
    },
    onBind() {
      goBindCard();
    },
    onMine() {
      wx.navigateTo({ url: '/pages/redemptions/redemptions' });
    },
  },
});
