// 我的证件: bound cards, which one is current, set current, unbind, bind another.
import { api } from '../../api/index';
import { adoptCards, type CardRow } from '../../utils/cards';
import { goBindCard, loadInto, refreshAfter, toast } from '../../utils/page';

type CardEvent = WechatMiniprogram.BaseEvent<Record<string, never>, { cardNo: string }>;

function confirm(title: string, content: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      confirmText: '解绑',
      confirmColor: '#ee0a24',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

Component({
  data: {
    loading: true,
    error: '',
    loaded: false,
    cards: [] as CardRow[],
  },
  methods: {
    onShow() {
      void this.load();
    },
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },

    async load() {
      await loadInto(this, () => api.account.profile({}, { loading: false }), (d) => ({ cards: adoptCards(d.cards).cards }));
    },

    async onSetCurrent(e: CardEvent) {
      const { cardNo } = e.currentTarget.dataset;
      const res = await api.account.setCurrentCard({ cardNo }, { loading: '设置中' });
      if (!res.ok) return;
      toast('已设为当前读者证');
      // One call per tap: the cards are known, only the current one changed.
      this.setData({ cards: adoptCards(this.data.cards.map((c) => ({ ...c, current: c.cardNo === cardNo }))).cards });
    },

    async onUnbind(e: CardEvent) {
      const card = this.data.cards.find((c) => c.cardNo === e.currentTarget.dataset.cardNo);
      if (!card) return;
      const yes = await confirm('解绑读者证', `确定解绑读者证 ${card.cardText}（${card.name}）吗？解绑后积分仍保留在该证上，重新绑定即可继续使用。`);
      if (!yes) return;
      const res = await api.account.unbindCard({ cardNo: card.cardNo }, { loading: '解绑中' });
      if (!res.ok) return;
      toast('已解绑');
      // One call per tap: the answer is the cards after the unbind (the server picks the new current one).
      this.setData({ cards: adoptCards(res.data.cards).cards });
    },

    onBind() {
      goBindCard();
    },
  },
});
