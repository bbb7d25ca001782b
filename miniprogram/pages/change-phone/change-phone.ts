// Change the phone on a reader record: old phone + new phone + SMS code sent to the new phone.
import { api } from '../../api/index';
import { goBindCard, toast } from '../../utils/page';

const PHONE = /^1[3-9]\d{9}$/;
const CODE = /^\d{6}$/;
const BACK_DELAY_MS = 1500;

interface CardOption {
  cardNo: string;
  name: string;
  phone: string;
  current: boolean;
}

// Timers per page instance (kept out of data: they are not view state).
const countdownTimers = new WeakMap<object, ReturnType<typeof setInterval>>();
const backTimers = new WeakMap<object, ReturnType<typeof setTimeout>>();

function stopCountdown(page: object): void {
  const timer = countdownTimers.get(page);
  if (timer !== undefined) clearInterval(timer);
  countdownTimers.delete(page);
}

function clearTimers(page: object): void {
  stopCountdown(page);
  const back = backTimers.get(page);
  if (back !== undefined) clearTimeout(back);
  backTimers.delete(page);
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
      this.setData({ loading: true, error: '' });
      const res = await api.account.profile({}, { loading: false });
      if (!res.ok) {
        this.setData({ loading: false, error: res.error.message });
        return;
      }
      const cards = res.data.cards;
      const chosen =
        cards.find((c) => c.cardNo === (this.data.cardNo || this.data.wantedCardNo)) ??
        cards.find((c) => c.current) ??
        cards[0] ??
        null;
      this.setData({
        loading: false,
        cards,
        sheetActions: cards.map((c) => ({ name: c.cardNo, subname: `${c.name} ${c.phone}`, cardNo: c.cardNo })),
      });
      this.selectCard(chosen);
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
      this.startCountdown(res.data.retryAfter > 0 ? res.data.retryAfter : 60);
    },
    startCountdown(seconds: number) {
      stopCountdown(this);
      this.setData({ countdown: seconds });
      const timer = setInterval(() => {
        const left = this.data.countdown - 1;
        this.setData({ countdown: Math.max(left, 0) });
        if (left <= 0) stopCountdown(this);
      }, 1000);
      countdownTimers.set(this, timer);
    },
    async onSubmit() {
      const { cardNo, oldPhone, newPhone, code, submitting } = this.data;
      if (submitting) return;
      if (!cardNo) return toast('请选择读者证');
      if (!PHONE.test(oldPhone)) return toast('请输入正确的原手机号');
      if (!PHONE.test(newPhone)) return toast('请输入正确的新手机号');
      if (newPhone === oldPhone) return toast('新手机号不能与原手机号相同');
      if (!CODE.test(code)) return toast('请输入6位验证码');
      this.setData({ submitting: true });
      const res = await api.account.changePhone({ cardNo, oldPhone, newPhone, code });
      this.setData({ submitting: false });
      if (!res.ok) return;
      wx.showToast({ icon: 'none', title: `手机号已修改为 ${res.data.phone}`, duration: BACK_DELAY_MS });
      stopCountdown(this);
      this.setData({ oldPhone: '', newPhone: '', code: '', countdown: 0 });
      backTimers.set(this, setTimeout(() => wx.navigateBack({ delta: 1 }), BACK_DELAY_MS));
    },
    goBind() {
      goBindCard();
    },
  },
});
