// 荐购审核: the queue grouped by ISBN (oldest first) per status; one decision moves every
// recommender of the ISBN (adopt, reject with a reason, then 已采购 and 可借阅).
import { api } from '../../api/index';
import type { RecommendationStatus } from '../../contract/books';
import { RECOMMENDATION_STATUS } from '../../utils/books';
import { refreshAfter, toast } from '../../utils/page';
import type { Contract, OutputOf } from '../../contract/index';
import { GATED, loadGated } from '../../utils/roles';
import { formatDate } from '../../utils/time';

type Decision = Exclude<RecommendationStatus, 'pending'>;

interface QueueItem {
  isbn13: string;
  title: string;
  author: string;
  publisher: string;
  held: boolean;
  recommenders: number;
  recommendationId: string;
  reasons: string[];
  firstAt: string;
}

/** Filter tabs, in the order a book moves. */
const FILTERS: { status: RecommendationStatus; title: string }[] = (['pending', 'adopted', 'ordered', 'available', 'rejected'] as const)
  .map((status) => ({ status, title: RECOMMENDATION_STATUS[status].text }));

/** The next step offered for each status (rejecting is offered beside adopting). */
const NEXT: Partial<Record<RecommendationStatus, { status: Decision; text: string }>> = {
  pending: { status: 'adopted', text: '采纳' },
  adopted: { status: 'ordered', text: '标记已采购' },
  ordered: { status: 'available', text: '标记可借阅' },
};

function queueItems(d: OutputOf<Contract['books']['recommendationQueue']>): QueueItem[] {
  return d.items.map((i): QueueItem => ({
    isbn13: i.isbn13,
    title: i.title,
    author: i.author,
    publisher: i.publisher,
    held: i.held,
    recommenders: i.recommenders,
    recommendationId: i.recommendationIds[0] ?? '',
    reasons: i.reasons.filter((r) => r),
    firstAt: formatDate(i.firstAt),
  }));
}

const DONE_TEXT: Record<Decision, string> = { adopted: '已采纳', rejected: '已标记未采纳', ordered: '已标记已采购', available: '已标记可借阅' };

Component({
  data: {
    loading: true,
    error: '',
    isStaff: false,
    filters: FILTERS,
    status: 'pending' as RecommendationStatus,
    next: NEXT.pending ?? null,
    listLoading: false,
    listError: '',
    items: [] as QueueItem[],
    busy: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    /** One call: the queue is staff-gated (FORBIDDEN: not staff). */
    async load() {
      const status = this.data.status;
      await loadGated(this, 'isStaff', () => api.books.recommendationQueue({ status }, GATED), (d) => ({ items: queueItems(d), listLoading: false, listError: '' }), false);
    },
    onPullDownRefresh() {
      return refreshAfter(this.data.isStaff ? this.loadQueue() : this.load());
    },
    async loadQueue() {
      const status = this.data.status;
      this.setData({ listLoading: !this.data.items.length, listError: '' });
      const res = await api.books.recommendationQueue({ status }, { loading: false });
      if (this.data.status !== status) return; // another filter was chosen meanwhile
      if (!res.ok) {
        this.setData({ listLoading: false, listError: res.error.message });
        return;
      }
      this.setData({
        listLoading: false,
        items: queueItems(res.data),
      });
    },
    onFilter(e: WechatMiniprogram.CustomEvent<{ name: RecommendationStatus }>) {
      const status = e.detail.name;
      this.setData({ status, next: NEXT[status] ?? null, items: [] });
      void this.loadQueue();
    },

    async onNext(e: WechatMiniprogram.BaseEvent) {
      const next = this.data.next;
      if (!next) return;
      const item = this.data.items[Number(e.currentTarget.dataset.index)];
      if (!item || this.data.busy) return;
      const content = next.status === 'adopted'
        ? `采纳《${item.title}》？${item.recommenders} 位推荐读者将各获得积分奖励并收到通知。`
        : `将《${item.title}》${next.text}？${item.recommenders} 位推荐读者将收到通知。`;
      const { confirm } = await wx.showModal({ title: next.text, content, confirmText: next.text });
      if (confirm) await this.review(item, next.status);
    },
    async onReject(e: WechatMiniprogram.BaseEvent) {
      const item = this.data.items[Number(e.currentTarget.dataset.index)];
      if (!item || this.data.busy) return;
      const answer = await wx.showModal({ title: `不采纳《${item.title}》`, editable: true, placeholderText: '请填写未采纳的原因（读者可见）', confirmText: '不采纳' });
      if (!answer.confirm) return;
      const reason = (answer.content ?? '').trim();
      if (!reason) {
        toast('请填写未采纳的原因');
        return;
      }
      await this.review(item, 'rejected', reason);
    },
    async review(item: QueueItem, status: Decision, reason?: string) {
      this.setData({ busy: true });
      const res = await api.books.reviewRecommendation({ recommendationId: item.recommendationId, status, ...(reason ? { reason } : {}) });
      this.setData({ busy: false });
      if (res.ok) {
        const points = res.data.pointsAwarded > 0 ? `，共发放 ${res.data.pointsAwarded} 积分` : '';
        toast(`${DONE_TEXT[status]}（${res.data.changed} 位读者）${points}`);
        // One call per tap: the book moved on to the next status, so it leaves this list.
        this.setData({ items: this.data.items.filter((i) => i.isbn13 !== item.isbn13) });
        return;
      }
      // Refused (e.g. another reviewer was quicker): the queue shows what is true now.
      await this.loadQueue();
    },
  },
});
