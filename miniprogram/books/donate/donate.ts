// 图书捐赠: scan several books (copies each, rows removable) → 确认捐赠 → the donation code page.
import { api } from '../../api/index';
import { newRequestId } from '../../api/client';
import { donationRow, scanIsbn, typedIsbn, type DonationRow } from '../../utils/books';
import { REVIEW_RESULT_TEMPLATE_ID } from '../../utils/config';
import { dataPage } from '../../utils/data-page';
import { loadInto, toast } from '../../utils/page';
import { askSubscribe } from '../../utils/subscribe';

interface Row {
  isbn13: string;
  title: string;
  /** No details were found: the patron may type the title. */
  manual: boolean;
  held: boolean;
  copies: number;
}

// As the contract allows: at most 30 rows of 1–20 copies.
const MAX_ROWS = 30;
const MAX_COPIES = 20;

function totals(rows: Row[]) {
  return { kinds: rows.length, copies: rows.reduce((n, r) => n + r.copies, 0) };
}

Component({
  behaviors: [dataPage],
  data: {
    loading: true,
    error: '',
    loaded: false,
    dropPlace: '',
    dropText: '',
    pledged: [] as DonationRow[],
    rows: [] as Row[],
    kinds: 0,
    copies: 0,
    maxCopies: MAX_COPIES,
    input: '',
    message: '',
    busy: false,
    /** Kept after a transport failure, so confirming again cannot pledge twice. */
    pendingRequestId: '',
  },
  methods: {
    async load() {
      await loadInto(this, () => api.books.mine({}, { loading: false }), (d) => ({
        dropPlace: d.dropOff.place,
        dropText: d.dropOff.text,
        pledged: d.donations.filter((x) => x.status === 'pledged').map(donationRow),
      }));
    },

    setRows(rows: Row[]) {
      this.setData({ rows, ...totals(rows), pendingRequestId: '' });
    },
    onInput(e: DetailEvent<string>) {
      this.setData({ input: e.detail });
    },
    async onScan() {
      if (this.data.busy) return;
      const isbn = await scanIsbn();
      if (isbn) await this.add(isbn);
    },
    async onAdd() {
      if (this.data.busy) return;
      const isbn = typedIsbn(this.data.input);
      if (!isbn) {
        toast('请输入 ISBN');
        return;
      }
      if (await this.add(isbn)) this.setData({ input: '' });
    },
    /** Looks the book up and adds a row (or one more copy of a listed book). */
    async add(isbn: string): Promise<boolean> {
      this.setData({ busy: true, message: '' });
      const res = await api.books.lookup({ isbn }, { loading: '查询中', silent: true }); // the message says why
      this.setData({ busy: false });
      if (!res.ok) {
        this.setData({ message: res.error.message });
        return false;
      }
      const { isbn13, book, held } = res.data;
      const rows = this.data.rows.slice();
      const at = rows.findIndex((r) => r.isbn13 === isbn13);
      if (at >= 0) {
        if (rows[at].copies >= MAX_COPIES) {
          toast(`同一本书最多 ${MAX_COPIES} 册`);
          return false;
        }
        rows[at] = { ...rows[at], copies: rows[at].copies + 1 };
        toast(`已在清单中，册数改为 ${rows[at].copies}`);
      } else {
        if (rows.length >= MAX_ROWS) {
          toast(`一次最多捐赠 ${MAX_ROWS} 种图书`);
          return false;
        }
        rows.push({ isbn13, title: book?.title ?? '', manual: !book, held, copies: 1 });
      }
      this.setRows(rows);
      return true;
    },
    onCopies(e: DetailEvent<number | string>) {
      const index = Number(e.currentTarget.dataset.index);
      const copies = Math.min(MAX_COPIES, Math.max(1, Math.floor(Number(e.detail)) || 1));
      const rows = this.data.rows.slice();
      if (!rows[index]) return;
      rows[index] = { ...rows[index], copies };
      this.setRows(rows);
    },
    onTitle(e: DetailEvent<string>) {
      const index = Number(e.currentTarget.dataset.index);
      if (this.data.rows[index]) this.setData({ [`rows[${index}].title`]: e.detail, pendingRequestId: '' });
    },
    onRemove(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setRows(this.data.rows.filter((_, i) => i !== index));
    },

    async onConfirm() {
      const { rows, busy, kinds, copies, dropPlace } = this.data;
      if (busy) return;
      if (!rows.length) {
        toast('请先扫描要捐赠的图书');
        return;
      }
      this.setData({ busy: true });
      const answer = await wx.showModal({
        title: '确认捐赠',
        content: `共 ${kinds} 种 ${copies} 册。确认后请将图书送到${dropPlace}，由工作人员扫码确认。`,
        confirmText: '确认捐赠',
      });
      if (!answer.confirm) {
        this.setData({ busy: false });
        return;
      }
      await askSubscribe(REVIEW_RESULT_TEMPLATE_ID); // the desk's confirmation as a WeChat notice too
      const requestId = this.data.pendingRequestId || newRequestId();
      this.setData({ pendingRequestId: requestId });
      const res = await api.books.donate({
        requestId,
        books: rows.map((r) => ({ isbn: r.isbn13, copies: r.copies, ...(r.title.trim() ? { title: r.title.trim() } : {}) })),
      });
      this.setData({ busy: false });
      if (!res.ok) {
        // A refusal is final for this list; a transport failure keeps the requestId for the retry.
        if (res.error.code !== 'NETWORK') this.setData({ pendingRequestId: '' });
        this.setData({ message: res.error.message });
        return;
      }
      this.setRows([]);
      wx.navigateTo({ url: `/books/donation/donation?donationId=${res.data.donation.donationId}` });
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: `/books/donation/donation?donationId=${String(e.currentTarget.dataset.id)}` });
    },
    onMine() {
      wx.navigateTo({ url: '/books/mine/mine?tab=donations' });
    },
  },
});
