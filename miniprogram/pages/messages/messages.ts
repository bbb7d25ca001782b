// 我的消息: review outcomes and notices; tapping a message reads it, 全部已读 reads them all.
import { api } from '../../api/index';
import { loadInto, refreshAfter } from '../../utils/page';
import { formatShort } from '../../utils/time';

interface MessageItem {
  messageId: string;
  title: string;
  body: string;
  read: boolean;
  time: string;
  expanded: boolean;
}

const MESSAGE_LIMIT = 100; // messages answers the newest 100; markRead takes at most 100 ids

const toItem = (m: { messageId: string; title: string; body: string; read: boolean; createdAt: string }): MessageItem => ({
  messageId: m.messageId,
  title: m.title,
  body: m.body,
  read: m.read,
  time: formatShort(m.createdAt),
  expanded: false,
});

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
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },
    async load() {
      const messages = () => api.inbox.messages({}, { loading: false });
      await loadInto(this, messages, (d) => ({ messages: d.messages.map(toItem), unread: d.unread }), this.data.messages.length > 0);
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
      // One call: the list holds the newest MESSAGE_LIMIT, so its unread ids fit one markRead.
      const res = await api.inbox.markRead({ ids: ids.slice(0, MESSAGE_LIMIT) });
      if (!res.ok) return;
      // Every listed message is read now; the count is the cloud's (an older unread one may remain).
      this.setData({ messages: this.data.messages.map((m) => ({ ...m, read: true })), unread: res.data.unread });
      wx.showToast({ icon: 'none', title: '已全部标记为已读' });
    },
  },
});
