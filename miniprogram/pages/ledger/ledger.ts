// 积分明细: the card's ledger, newest first, the last month by default; paged by cursor.
import { api } from '../../api/index';
import { formatTime, goBindCard, loadInto, noCardAsNull, refreshAfter, signed } from '../../utils/page';

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
    onPullDownRefresh() {
      return refreshAfter(this.reload(true));
    },
    onReachBottom() {
      void this.loadMore();
    },
    onRetry() {
      void this.reload();
    },

    /** First page again. A refresh keeps the list on screen until the answer arrives. */
    async reload(refresh = false) {
      const firstPage = () => noCardAsNull(api.points.ledger(this.query(), { loading: false }));
      await loadInto(this, firstPage, (d) =>
        d ? { noCard: false, rows: d.entries.map(toRow), cursor: d.cursor, moreError: false } : { noCard: true }, refresh);
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
