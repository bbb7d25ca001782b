// 意见反馈 (staff): the inbox newest first by status; open one (contact masked, marked read; 显示完整
// reveals it, logged with who and when), reply (the writer gets it in 我的消息) or mark it handled.
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract/index';
import { formatTime, toast } from '../../utils/page';
import { GATED, loadGated, staffDataPage } from '../../utils/roles';

type Item = OutputOf<Contract['inbox']['feedbackDetail']>['item'];
interface Row extends Item { time: string }

const TABS = [
  { key: 'new', title: '未处理' },
  { key: 'replied', title: '已回复' },
  { key: 'closed', title: '已处理' },
] as const;
type Status = (typeof TABS)[number]['key'];

const STATUS_TEXT: Record<Status, string> = { new: '未处理', replied: '已回复', closed: '已处理' };

function row(item: Item): Row {
  return { ...item, time: formatTime(item.createdAt), replies: item.replies.map((r) => ({ ...r, at: formatTime(r.at) })) };
}

Component({
  behaviors: [staffDataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    tabs: TABS,
    status: 'new' as Status,
    statusText: STATUS_TEXT,
    items: [] as Row[],
    unread: 0,
    cursor: null as string | null,
    loadingMore: false,
    moreError: false,
    open: null as Row | null,
    /** The open item's contact in full, once revealed (cleared when another item opens). */
    revealed: '',
    revealing: false,
    reply: '',
    sending: false,
  },
  methods: {
    async load() {
      const { status } = this.data;
      await loadGated(this, 'allowed', () => api.inbox.feedbackList({ status }, GATED), (d) =>
        // Another tab was picked meanwhile: its own load shows it.
        status !== this.data.status ? {} : { items: d.items.map(row), unread: d.unread, cursor: d.cursor, moreError: false });
    },
    onReachBottom() {
      if (!this.data.open) void this.loadMore();
    },
    async loadMore() {
      const { status, cursor, loadingMore, loading } = this.data;
      if (!cursor || loadingMore || loading) return;
      this.setData({ loadingMore: true, moreError: false });
      const res = await api.inbox.feedbackList({ status, cursor }, { loading: false });
      // Another tab (onTab reset the footer), or the list reloaded meanwhile: a list no longer shown.
      if (status !== this.data.status) return;
      if (cursor !== this.data.cursor) return this.setData({ loadingMore: false });
      if (!res.ok) {
        this.setData({ loadingMore: false, moreError: true });
        return;
      }
      this.setData({ loadingMore: false, items: [...this.data.items, ...res.data.items.map(row)], cursor: res.data.cursor });
    },
    onTab(e: DetailEvent<{ name: Status }>) {
      this.setData({ status: e.detail.name, open: null, items: [], cursor: null, loaded: false, loadingMore: false, moreError: false });
      void this.load();
    },
    async onOpen(e: WechatMiniprogram.TouchEvent) {
      const res = await api.inbox.feedbackDetail({ feedbackId: String(e.currentTarget.dataset.id) });
      if (!res.ok) return;
      const id = res.data.item.feedbackId;
      const wasUnread = this.data.items.some((i) => i.feedbackId === id && !i.read);
      this.setData({
        open: row(res.data.item),
        revealed: '',
        reply: '',
        items: this.data.items.map((i) => (i.feedbackId === id ? { ...i, read: true } : i)),
        unread: wasUnread ? Math.max(0, this.data.unread - 1) : this.data.unread,
      });
    },
    async onReveal() {
      const open = this.data.open;
      if (!open || this.data.revealing) return;
      this.setData({ revealing: true });
      const res = await api.inbox.revealContact({ feedbackId: open.feedbackId }, { loading: false });
      this.setData({ revealing: false });
      if (!res.ok || this.data.open?.feedbackId !== open.feedbackId) return;
      this.setData({ revealed: res.data.contact });
    },
    onBack() {
      this.setData({ open: null, revealed: '' });
      void this.load();
    },
    onReply(e: DetailEvent<string>) {
      this.setData({ reply: e.detail });
    },
    async onSend() {
      const open = this.data.open;
      const reply = this.data.reply.trim();
      if (!open || this.data.sending) return;
      if (reply.length < 2) return toast('请写下回复内容');
      this.setData({ sending: true });
      const res = await api.inbox.replyFeedback({ feedbackId: open.feedbackId, reply }, { loading: '发送中' });
      this.setData({ sending: false });
      if (!res.ok) return;
      wx.showToast({ icon: 'success', title: '已回复读者' });
      this.setData({ open: row(res.data.item), reply: '' });
    },
    async onClose() {
      const open = this.data.open;
      if (!open) return;
      const res = await api.inbox.closeFeedback({ feedbackId: open.feedbackId }, { loading: '提交中' });
      if (!res.ok) return;
      wx.showToast({ icon: 'success', title: '已标记为处理完毕' });
      this.setData({ open: row(res.data.item) });
    },
  },
});
