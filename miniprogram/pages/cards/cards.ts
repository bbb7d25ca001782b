// 我的证件: bound cards, which one is current, set current, unbind, bind another.
import { api } from '../../api/index';
import { maskCardNo } from '../../utils/mask';
import { goBindCard, stopRefresh, toast } from '../../utils/page';

interface CardRow {
  cardNo: string;
  cardText: string;
  name: string;
  phone: string;
  points: number;
  current: boolean;
}

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
    async onPullDownRefresh() {
      await this.load();
      stopRefresh();
    },

    async load() {
      if (!this.data.loaded) this.setData({ loading: true, error: '' });
      const res = await api.account.profile({}, { loading: false });
      if (!res.ok) {
        if (!this.data.loaded) this.setData({ loading: false, error: res.error.message });
        return;
      }
      const cards = res.data.cards.map((c) => ({ ...c, cardText: maskCardNo(c.cardNo) }));
      const current = cards.find((c) => c.current);
      getApp<IAppOption>().globalData.currentCardNo = current ? current.cardNo : null;
      this.setData({ loading: false, error: '', loaded: true, cards });
    },

    async onSetCurrent(e: CardEvent) {
      const res = await api.account.setCurrentCard({ cardNo: e.currentTarget.dataset.cardNo }, { loading: '设置中' });
      if (!res.ok) return;
      toast('已设为当前读者证');
      await this.load();
    },

    async onUnbind(e: CardEvent) {
      const card = this.data.cards.find((c) => c.cardNo === e.currentTarget.dataset.cardNo);
      if (!card) return;
      const yes = await confirm('解绑读者证', `确定解绑读者证 ${card.cardText}（${card.name}）吗？解绑后积分仍保留在该证上，重新绑定即可继续使用。`);
      if (!yes) return;
      const res = await api.account.unbindCard({ cardNo: card.cardNo }, { loading: '解绑中' });
      if (!res.ok) return;
      toast('已解绑');
      await this.load();
    },

    onBind() {
      goBindCard();
    },
  },
});
