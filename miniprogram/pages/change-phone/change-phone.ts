// Change the phone on a reader record: old phone + new phone + SMS code sent to the new phone.
import { api } from '../../api/index';
import { PHONE, SMS_CODE } from '../../utils/form';
import { backLater, BACK_DELAY_MS, cancelBack, goBindCard, loadInto, toast } from '../../utils/page';
import { startCountdown, stopCountdown } from '../../utils/sms-countdown';


interface CardOption {
  cardNo: string;
  name: string;
  phone: string;
  current: boolean;
}

function clearTimers(page: object): void {
  stopCountdown(page);
  cancelBack(page);
}

Component({
  data: {
    loading: true,
    error: '',
    cards: [] as CardOption[],
    cardNo: '',
    card: null as CardOption | null,
    sheetActions: [] as Array<{ name: string; subname: string; cardNo: string }>,
    showSheet: false,
    oldPhone: '',
    newPhone: '',
    code: '',
    countdown: 0,
    sending: false,
    submitting: false,
    wantedCardNo: '',
  },
  lifetimes: {
    detached() {
      clearTimers(this);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ wantedCardNo: query.cardNo ?? '' });
      this.load();
    },
    onUnload() {
      clearTimers(this);
    },
    async load() {
      const profile = await loadInto(this, () => api.account.profile({}, { loading: false }), ({ cards }) => ({
        cards,
        sheetActions: cards.map((c) => ({ name: c.cardNo, subname: `${c.name} ${c.phone}`, cardNo: c.cardNo })),
      }), false);
      if (!profile) return;
      const { cards } = profile;
      const wanted = this.data.cardNo || this.data.wantedCardNo;
      this.selectCard(cards.find((c) => c.cardNo === wanted) ?? cards.find((c) => c.current) ?? cards[0] ?? null);
    },
    selectCard(card: CardOption | null) {
      this.setData({ card, cardNo: card ? card.cardNo : '' });
    },
    onPickCard() {
      if (this.data.cards.length > 1) this.setData({ showSheet: true });
    },
    onCardSelected(e: WechatMiniprogram.CustomEvent<{ cardNo: string }>) {
      const card = this.data.cards.find((c) => c.cardNo === e.detail.cardNo) ?? null;
      this.setData({ showSheet: false });
      this.selectCard(card);
    },
    onSheetClose() {
      this.setData({ showSheet: false });
    },
    onOldPhone(e: DetailEvent<string>) {
      this.setData({ oldPhone: e.detail.trim() });
    },
    onNewPhone(e: DetailEvent<string>) {
      this.setData({ newPhone: e.detail.trim() });
    },
    onCode(e: DetailEvent<string>) {
      this.setData({ code: e.detail.trim() });
    },
    async onSendCode() {
      const { newPhone, oldPhone, countdown, sending } = this.data;
      if (countdown > 0 || sending) return;
      if (!PHONE.test(newPhone)) return toast('请输入正确的新手机号');
      if (newPhone === oldPhone) return toast('新手机号不能与原手机号相同');
      this.setData({ sending: true });
      const res = await api.account.sendSmsCode({ phone: newPhone, purpose: 'changePhone' });
      this.setData({ sending: false });
      if (!res.ok) return;
      toast('验证码已发送');
      startCountdown(this, res.data.retryAfter > 0 ? res.data.retryAfter : 60);
    },
    async onSubmit() {
      const { cardNo, oldPhone, newPhone, code, submitting } = this.data;
      if (submitting) return;
      if (!cardNo) return toast('请选择读者证');
      if (!PHONE.test(oldPhone)) return toast('请输入正确的原手机号');
      if (!PHONE.test(newPhone)) return toast('请输入正确的新手机号');
      if (newPhone === oldPhone) return toast('新手机号不能与原手机号相同');
      if (!SMS_CODE.test(code)) return toast('请输入6位验证码');
      this.setData({ submitting: true });
      const res = await api.account.changePhone({ cardNo, oldPhone, newPhone, code });
      this.setData({ submitting: false });
      if (!res.ok) return;
      wx.showToast({ icon: 'none', title: `手机号已修改为 ${res.data.phone}`, duration: BACK_DELAY_MS });
      stopCountdown(this);
      this.setData({ oldPhone: '', newPhone: '', code: '', countdown: 0 });
      backLater(this);
    },
    goBind() {
      goBindCard();
    },
  },
});
