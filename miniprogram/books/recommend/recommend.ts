// 图书推荐: scan or type an ISBN → the looked-up details to confirm or edit → submit; recent ones below.
import { api } from '../../api/index';
import type { RecommendationStatus } from '../../contract/books';
import { ERROR_MESSAGES } from '../../contract/errors';
import { RECOMMENDATION_STATUS, recommendationRow, scanIsbn, statusOf, typedIsbn, type RecommendationRow } from '../../utils/books';
import { REVIEW_RESULT_TEMPLATE_ID } from '../../utils/config';
import { dataPage } from '../../utils/data-page';
import { goBindCard, loadInto, toast } from '../../utils/page';
import { askSubscribe } from '../../utils/subscribe';
import { formatDateTime } from '../../utils/time';

interface Found {
  isbn13: string;
  held: boolean;
  /** No details anywhere: the patron types title and author. */
  manual: boolean;
  askedText: string;
  /** The current card's own recommendation of it ('' when none). */
  mineText: string;
  limitText: string;
  /** Why it cannot be submitted ('' when it can). */
  blocked: string;
  noCard: boolean;
}

interface LookupAnswer {
  isbn13: string;
  book: { title: string; author: string; publisher: string } | null;
  held: boolean;
  recommendedBy: number;
  mine: { status: RecommendationStatus } | null;
  limit: { remaining: number; windowDays: number; nextAt: string | null } | null;
}

const RECENT = 3;

function askedText(n: number): string {
  return n > 0 ? `已有 ${n} 位读者推荐过这本书` : '还没有读者推荐过这本书';
}

function view(d: LookupAnswer): Found {
  const { limit } = d;
  const limitText = !limit
    ? ''
    : limit.remaining > 0
      ? `近 ${limit.windowDays} 天内还可推荐 ${limit.remaining} 本`
      : `${ERROR_MESSAGES.RECOMMEND_LIMIT_REACHED}${limit.nextAt ? `，${formatDateTime(limit.nextAt)} 后可再推荐` : ''}`;
  const mineText = d.mine ? `您已推荐过这本书（${statusOf(RECOMMENDATION_STATUS, d.mine.status).text}）` : '';
  const blocked = d.held
    ? ERROR_MESSAGES.BOOK_ALREADY_HELD
    : !limit
      ? ERROR_MESSAGES.NO_CURRENT_CARD
      : d.mine
        ? ERROR_MESSAGES.DUPLICATE_SUBMISSION
        : limit.remaining <= 0
          ? limitText
          : '';
  return { isbn13: d.isbn13, held: d.held, manual: !d.book, askedText: askedText(d.recommendedBy), mineText, limitText, blocked, noCard: !limit };
}

Component({
  behaviors: [dataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    recent: [] as RecommendationRow[],
    input: '',
    found: null as Found | null,
    title: '',
    author: '',
    publisher: '',
    reason: '',
    /** Inline reason when a lookup or submission was refused. */
    message: '',
    submitted: false,
    busy: false,
  },
  methods: {
    async load() {
      await loadInto(this, () => api.books.mine({}, { loading: false }), (d) => ({
        recent: d.recommendations.slice(0, RECENT).map(recommendationRow),
      }));
    },

    onInput(e: DetailEvent<string>) {
      this.setData({ input: e.detail });
    },
    onField(e: DetailEvent<string>) {
      const key = String(e.currentTarget.dataset.key);
      this.setData({ [key]: e.detail });
    },

    async onScan() {
      if (this.data.busy) return;
      const isbn = await scanIsbn();
      if (!isbn) return;
      this.setData({ input: isbn });
      await this.lookup(isbn);
    },
    async onQuery() {
      if (this.data.busy) return;
      const isbn = typedIsbn(this.data.input);
      if (!isbn) {
        toast('请输入 ISBN');
        return;
      }
      await this.lookup(isbn);
    },
    /** keep: after a refused submission, refresh the flags but keep the typed form and the reason. */
    async lookup(isbn: string, keep = false) {
      this.setData({ busy: true, ...(keep ? {} : { found: null, message: '', submitted: false }) });
      // The error shows inline; the refresh after a submission (keep) has no place for it: a toast.
      const res = await api.books.lookup({ isbn }, { loading: '查询中', silent: !keep });
      this.setData({ busy: false });
      if (!res.ok) {
        if (!keep) this.setData({ message: res.error.message });
        return;
      }
      const book = res.data.book;
      this.setData({
        found: view(res.data),
        ...(keep ? {} : { title: book?.title ?? '', author: book?.author ?? '', publisher: book?.publisher ?? '', reason: '' }),
      });
    },

    async onSubmit() {
      const { found, busy } = this.data;
      if (!found || found.blocked || busy) return;
      const title = this.data.title.trim();
      if (!title) {
        toast('请填写书名');
        return;
      }
      const optional = (v: string) => (v.trim() ? v.trim() : undefined);
      this.setData({ busy: true });
      await askSubscribe(REVIEW_RESULT_TEMPLATE_ID); // the review outcome as a WeChat notice too
      const res = await api.books.recommend({
        isbn: found.isbn13,
        title,
        author: optional(this.data.author),
        publisher: optional(this.data.publisher),
        reason: optional(this.data.reason),
      });
      this.setData({ busy: false });
      if (!res.ok) {
        this.setData({ message: res.error.message });
        if (res.error.code === 'NO_CURRENT_CARD') return;
        await this.lookup(found.isbn13, true);
        return;
      }
      toast('推荐已提交');
      this.setData({ submitted: true, message: '' });
      await Promise.all([this.lookup(found.isbn13, true), this.load()]);
    },

    onMine() {
      wx.navigateTo({ url: '/books/mine/mine' });
    },
    onBind() {
      goBindCard();
    },
  },
});
