// 积分转移 (lost card): step 1 the old card, step 2 the new card and the amount.
// Whether both cards share name and ID number is decided by the cloud function alone.
import { api } from '../../api/index';
import { maskCardNo } from '../../utils/mask';
import { goBindCard, loadInto, toast } from '../../utils/page';

interface CardRow {
  cardNo: string;
  cardText: string;
  name: string;
  points: number;
}

interface Result {
  fromText: string;
  fromBalance: number;
  toText: string;
  toBalance: number;
}

type CardEvent = WechatMiniprogram.BaseEvent<Record<string, never>, { cardNo: string }>;

const STEPS = [{ text: '选择原读者证' }, { text: '选择新读者证' }, { text: '完成' }];
/** Step 0 with nothing picked. */
const START = { step: 0, fromCardNo: '', toCardNo: '', amount: '', result: null };

Component({
  data: {
    loading: true,
    error: '',
    cards: [] as CardRow[],
    steps: STEPS,
    step: 0,
    fromCardNo: '',
    toCardNo: '',
    fromCard: null as CardRow | null,
    toCards: [] as CardRow[],
    amount: '',
    submitting: false,
    result: null as Result | null,
  },
  methods: {
    onLoad() {
      void this.load();
    },

    async load(keepStep = false) {
      await loadInto(this, () => api.account.profile({}, { loading: false }), (d) => ({
        cards: d.cards.map((c) => ({ cardNo: c.cardNo, cardText: maskCardNo(c.cardNo), name: c.name, points: c.points })),
        ...(keepStep ? {} : START),
      }), keepStep);
    },
    onRetry() {
      void this.load();
    },

    onPickFrom(e: CardEvent) {
      this.setData({ fromCardNo: e.currentTarget.dataset.cardNo });
    },
    onPickTo(e: CardEvent) {
      this.setData({ toCardNo: e.currentTarget.dataset.cardNo });
    },

    onNext() {
      const fromCard = this.data.cards.find((c) => c.cardNo === this.data.fromCardNo);
      if (!fromCard) return toast('请选择原读者证');
      if (fromCard.points <= 0) return toast('该读者证没有可转移的积分');
      const toCards = this.data.cards.filter((c) => c.cardNo !== fromCard.cardNo);
      const toCardNo = toCards.some((c) => c.cardNo === this.data.toCardNo) ? this.data.toCardNo : '';
      this.setData({ step: 1, fromCard, toCards, toCardNo });
    },
    onBack() {
      this.setData({ step: 0 });
    },

    onAmount(e: DetailEvent<string>) {
      this.setData({ amount: String(e.detail).trim() });
    },
    onAll() {
      if (this.data.fromCard) this.setData({ amount: String(this.data.fromCard.points) });
    },

    async onSubmit() {
      const { fromCard, toCardNo, amount, submitting } = this.data;
      if (submitting || !fromCard) return;
      const toCard = this.data.toCards.find((c) => c.cardNo === toCardNo);
      if (!toCard) return toast('请选择新读者证');
      const value = Number(amount);
      if (!/^\d+$/.test(amount) || value < 1 || value > fromCard.points) {
        return toast(`请输入 1-${fromCard.points} 之间的整数积分`);
      }
      this.setData({ submitting: true });
      const res = await api.points.transfer({ fromCardNo: fromCard.cardNo, toCardNo: toCard.cardNo, amount: value }, { loading: '转移中' });
      this.setData({ submitting: false });
      if (!res.ok) return; // the client showed the reason (e.g. the holders differ), revealing neither record
      this.setData({
        step: 2,
        result: { fromText: fromCard.cardText, fromBalance: res.data.fromBalance, toText: toCard.cardText, toBalance: res.data.toBalance },
      });
      void this.load(true);
    },

    onAgain() {
      this.setData(START);
    },
    onDone() {
      wx.navigateBack({ delta: 1 });
    },
    onBind() {
      goBindCard();
    },
  },
});
