// 我的消息: review outcomes and notices; tapping a message reads it, 全部已读 reads them all.
import { api } from '../../api/index';
import { formatShort } from '../../utils/time';

interface MessageItem {
  messageId: string;
  title: string;
  body: string;
  read: boolean;
  time: string;
  expanded: boolean;
}

const MARK_BATCH = 100; // markRead takes at most 100 ids per call

Component({
  data: {
    loading: true,
    error: '',
    messages: [] as MessageItem[],
    unread: 0,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      // The spinner only replaces an empty list; a refresh keeps what is shown.
      this.setData({ loading: !this.data.messages.length, error: '' });
      const res = await api.inbox.messages({}, { loading: false });
      if (!res.ok) {
        this.setData({ loading: false, error: res.error.message });
        return;
      }
      const messages = res.data.messages.map((m) => ({
        messageId: m.messageId,
        title: m.title,
        body: m.body,
        read: m.read,
        time: formatShort(m.createdAt),
        expanded: false,
      }));
      this.setData({ loading: false, messages, unread: res.data.unread });
    },
    async onTapMessage(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const msg = this.data.messages[index];
      if (!msg) return;
      this.setData({ [`messages[${index}].expanded`]: !msg.expanded });
      if (msg.read) return;
      // Shown as read at once; the count follows what the cloud says.
      this.setData({ [`messages[${index}].read`]: true, unread: Math.max(this.data.unread - 1, 0) });
      const res = await api.inbox.markRead({ ids: [msg.messageId] }, { loading: false });
      if (!res.ok) this.setData({ [`messages[${index}].read`]: false, unread: this.data.unread + 1 });
    },
    async onReadAll() {
      const ids = this.data.messages.filter((m) => !m.read).map((m) => m.messageId);
      if (!ids.length) return;
      for (let i = 0; i < ids.length; i += MARK_BATCH) {
        const res = await api.inbox.markRead({ ids: ids.slice(i, i + MARK_BATCH) });
        if (!res.ok) return;
      }
      // The list holds the newest 100; an older unread one may remain, so ask again.
      await this.load();
      wx.showToast({ icon: 'none', title: '已全部标记为已读' });
    },
  },
});
