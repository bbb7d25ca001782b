// 读者名录 (admins): the directory's counts, the last import, and a search by card number.
// Imports stay a script on a computer (npm run readers:import), explained on the page.
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract/index';
import { formatTime, toast } from '../../utils/page';
import { GATED, loadGated, staffDataPage } from '../../utils/roles';

type Stats = OutputOf<Contract['admin']['readerStats']>;
type Found = OutputOf<Contract['admin']['findReader']>;

Component({
  behaviors: [staffDataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    stats: null as Stats | null,
    lastImportAt: '',
    cardNo: '',
    found: null as Found | null,
    notFound: false,
  },
  methods: {
    async load() {
      await loadGated(this, 'allowed', () => api.admin.readerStats({}, GATED), (d) => ({
        stats: d, lastImportAt: d.lastImport ? formatTime(d.lastImport.at) : '',
      }));
    },
    onCardNo(e: DetailEvent<string>) {
      this.setData({ cardNo: e.detail });
    },
    async onSearch() {
      const cardNo = this.data.cardNo.trim();
      if (!cardNo) return toast('请输入读者证号');
      const res = await api.admin.findReader({ cardNo }, { loading: '查询中', silent: true });
      if (res.ok) this.setData({ found: res.data, notFound: false });
      else if (res.error.code === 'CARD_NOT_FOUND' || res.error.code === 'INVALID_INPUT') this.setData({ found: null, notFound: true });
      else toast(res.error.message);
    },
  },
});
