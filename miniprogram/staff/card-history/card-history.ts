// 积分明细查询 (staff): a card's whole ledger for "my points are missing"; read-only, each search logged.
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract/index';
import { loadInto, signed, toast } from '../../utils/page';
import { formatDateTime } from '../../utils/time';
import { staffFlags } from '../../utils/roles';

type History = OutputOf<Contract['admin']['cardHistory']>;
type Entry = History['entries'][number] & { when: string; deltaText: string };

const view = (entries: History['entries']): Entry[] => entries.map((e) => ({ ...e, when: formatDateTime(e.createdAt), deltaText: signed(e.delta) }));

Component({
  data: {
    allowed: false,
    loading: true,
    error: '',
    loaded: false,
    cardNo: '',
    searched: '',
    reader: null as History['reader'] | null,
    balance: 0,
    entries: [] as Entry[],
    cursor: null as string | null,
    notFound: false,
    more: false,
  },
  methods: {
    // Nothing to show before a search: the one call on load is the role check (as the desk scans).
    onLoad() {
      void this.load();
    },
    async load() {
      await loadInto(this, () => api.account.profile({}, { loading: false }), (d) => ({ allowed: staffFlags(d.roles).isStaff }));
    },
    init() {
      return this.load();
    },
    onCardNo(e: DetailEvent<string>) {
      this.setData({ cardNo: e.detail });
    },
    async onSearch() {
      const cardNo = this.data.cardNo.trim();
      if (!cardNo) return toast('请输入读者证号');
      const res = await api.admin.cardHistory({ cardNo }, { loading: '查询中', silent: true });
      if (res.ok) this.setData({ searched: cardNo, reader: res.data.reader, balance: res.data.balance, entries: view(res.data.entries), cursor: res.data.cursor, notFound: false });
      else if (res.error.code === 'CARD_NOT_FOUND' || res.error.code === 'INVALID_INPUT') this.setData({ reader: null, entries: [], cursor: null, notFound: true });
      else toast(res.error.message);
    },
    async onMore() {
      const { searched, cursor } = this.data;
      if (!cursor || this.data.more) return;
      this.setData({ more: true });
      const res = await api.admin.cardHistory({ cardNo: searched, cursor }, { loading: false });
      this.setData({ more: false });
      if (res.ok) this.setData({ entries: [...this.data.entries, ...view(res.data.entries)], cursor: res.data.cursor });
    },
    onReachBottom() {
      void this.onMore();
    },
  },
});
