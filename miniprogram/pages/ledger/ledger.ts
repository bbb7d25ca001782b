// 积分明细: the card's ledger, newest first, the last month by default; paged by cursor.
import { api } from '../../api/index';
import { formatTime, goBindCard, signed, stopRefresh } from '../../utils/page';

interface Row {
  entryId: string;
  reasonText: string;
  deltaText: string;
  gain: boolean;
  time: string;
  balanceAfter: number;
}

interface Entry {
  entryId: string;
  delta: number;
  reasonText: string;
  balanceAfter: number;
  createdAt: string;
}

const toRow = (e: Entry): Row => ({
  entryId: e.entryId,
  reasonText: e.reasonText,
  deltaText: signed(e.delta),
  gain: e.delta >= 0,
  time: formatTime(e.createdAt),
  balanceAfter: e.balanceAfter,
});

Component({
  data: {
    loading: true,
    error: '',
    noCard: false,
    cardNo: '',
    rows: [] as Row[],
    cursor: null as string | null,
    loadingMore: false,
    moreError: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ cardNo: query.cardNo ?? '' });
      void this.reload();
    },
    async onPullDownRefresh() {
      await this.reload(true);
      stopRefresh();
    },
    onReachBottom() {
      void this.loadMore();
    },
    onRetry() {
      void this.reload();
    },

    /** First page again. A refresh keeps the list on screen until the answer arrives. */
    async reload(refresh = false) {
      if (!refresh) this.setData({ loading: true, error: '' });
      const res = await api.points.ledger(this.query(), { loading: false });
      if (!res.ok) {
        const noCard = res.error.code === 'NO_CURRENT_CARD';
        if (!refresh || noCard) this.setData({ loading: false, noCard, error: noCard ? '' : res.error.message });
        return;
      }
      this.setData({
        loading: false,
        error: '',
        noCard: false,
        rows: res.data.entries.map(toRow),
        cursor: res.data.cursor,
        moreError: false,
      });
    },

    async loadMore() {
      const { cursor, loadingMore, loading } = this.data;
      if (!cursor || loadingMore || loading) return;
      this.setData({ loadingMore: true, moreError: false });
      const res = await api.points.ledger({ ...this.query(), cursor }, { loading: false });
      if (!res.ok) {
        this.setData({ loadingMore: false, moreError: true });
        return;
      }
      this.setData({
        loadingMore: false,
        rows: [...this.data.rows, ...res.data.entries.map(toRow)],
        cursor: res.data.cursor,
      });
    },

    onBind() {
      goBindCard();
    },

    query(): { cardNo?: string } {
      return this.data.cardNo ? { cardNo: this.data.cardNo } : {};
    },
  },
});
