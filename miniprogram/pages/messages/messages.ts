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

const MARK_BATCH = 100; // markRead takes at most 100 ids per call

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
