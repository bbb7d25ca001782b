// 绑定证件: card number + phone on the reader record + SMS code; where the library checks readers by
// their library password (account.bindOptions → verify: 'password'), that password too.
import { api } from '../../api/index';
import { PHONE, SMS_CODE } from '../../utils/form';
import { toast } from '../../utils/page';
import { startCountdown, stopCountdown } from '../../utils/sms-countdown';

const CARD = /^[A-Za-z0-9]{4,32}$/;

Component({
  data: {
    cardNo: '',
    phone: '',
    code: '',
    password: '',
    /** What the library checks besides the code: the phone on record, or the library password. */
    verify: 'phone' as 'phone' | 'password',
    countdown: 0,
    sending: false,
    binding: false,
    /** The last bind answered CARD_PHONE_MISMATCH (also for an unknown card): point to registration. */
    mismatch: false,
  },
  lifetimes: {
    async attached() {
      const res = await api.account.bindOptions({}, { loading: false, silent: true });
      if (res.ok) this.setData({ verify: res.data.verify });
    },
    detached() {
      stopCountdown(this);
    },
  },
  methods: {
    onUnload() {
      stopCountdown(this);
    },
    onCardNo(e: DetailEvent<string>) {
      this.setData({ cardNo: e.detail.trim() });
    },
    onPhone(e: DetailEvent<string>) {
      this.setData({ phone: e.detail.trim() });
    },
    onCode(e: DetailEvent<string>) {
      this.setData({ code: e.detail.trim() });
    },
    onPassword(e: DetailEvent<string>) {
      this.setData({ password: e.detail });
    },

    async onSendCode() {
      if (this.data.countdown > 0 || this.data.sending) return;
      if (!PHONE.test(this.data.phone)) {
        toast('请输入正确的11位手机号');
        return;
      }
      // The library system finds readers by card: the code request names it.
      if (!CARD.test(this.data.cardNo)) return toast('请先输入读者证条码号（4-32位字母或数字）');
      this.setData({ sending: true });
      const res = await api.account.sendSmsCode({ phone: this.data.phone, purpose: 'bind', cardNo: this.data.cardNo }, { loading: '发送中' });
      this.setData({ sending: false });
      if (!res.ok) return; // the client showed the reason
      startCountdown(this, res.data.retryAfter);
      toast('验证码已发送');
    },

    async onBind() {
      if (this.data.binding) return;
      const { cardNo, phone, code, password, verify } = this.data;
      if (!CARD.test(cardNo)) return toast('请输入读者证条码号（4-32位字母或数字）');
      if (!PHONE.test(phone)) return toast('请输入正确的11位手机号');
      if (verify === 'password' && !password) return toast('请输入借阅密码');
      if (!SMS_CODE.test(code)) return toast('请输入6位验证码');
      this.setData({ binding: true });
      const res = await api.account.bindCard({ cardNo, phone, code, ...(verify === 'password' ? { password } : {}) });
      this.setData({ binding: false, mismatch: !res.ok && res.error.code === 'CARD_PHONE_MISMATCH' });
      if (!res.ok) return;
      stopCountdown(this);
      const { card, pointsAwarded } = res.data;
      if (card.current) getApp<IAppOption>().globalData.currentCardNo = card.cardNo;
      wx.showModal({
        title: '绑定成功',
        content: pointsAwarded > 0 ? `欢迎加入YUE积分社！首次绑定奖励 ${pointsAwarded} 积分` : '读者证已绑定，欢迎回来',
        showCancel: false,
        confirmText: '好的',
        complete: () => this.leave(),
      });
    },

    leave() {
      if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
      else wx.switchTab({ url: '/pages/home/home' });
    },

    onRegister() {
      wx.navigateTo({ url: '/pages/faq/faq?key=register' });
    },
  },
});
