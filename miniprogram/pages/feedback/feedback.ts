// 意见反馈: free text (content-checked by the cloud) plus an optional contact, read by staff.
import { api } from '../../api/index';
import { backLater, BACK_DELAY_MS, cancelBack } from '../../utils/page';

const MIN_LENGTH = 5; // the contract's rule for feedback.content
const MAX_LENGTH = 500;

Component({
  data: {
    content: '',
    contact: '',
    canSubmit: false,
    submitting: false,
    minLength: MIN_LENGTH,
    maxLength: MAX_LENGTH,
  },
  lifetimes: {
    detached() {
      cancelBack(this);
    },
  },
  methods: {
    onUnload() {
      cancelBack(this);
    },
    onContent(e: DetailEvent<string>) {
      const content = e.detail;
      this.setData({ content, canSubmit: content.trim().length >= MIN_LENGTH });
    },
    onContact(e: DetailEvent<string>) {
      this.setData({ contact: e.detail });
    },
    async onSubmit() {
      const content = this.data.content.trim();
      const contact = this.data.contact.trim();
      if (this.data.submitting) return;
      if (content.length < MIN_LENGTH) {
        wx.showToast({ icon: 'none', title: `请至少写${MIN_LENGTH}个字` });
        return;
      }
      this.setData({ submitting: true });
      const res = await api.inbox.feedback(contact ? { content, contact } : { content });
      this.setData({ submitting: false });
      if (!res.ok) return; // the client showed the reason (e.g. 内容含有不当信息)
      wx.showToast({ icon: 'success', title: '感谢您的反馈', duration: BACK_DELAY_MS });
      this.setData({ content: '', contact: '', canSubmit: false });
      backLater(this);
    },
  },
});
