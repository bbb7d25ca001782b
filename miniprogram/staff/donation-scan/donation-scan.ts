// 捐赠确认: scan or type a donation code → masked card and name, the pledged books → tick what
// the desk accepts (copies), a reason for the rest → confirm once; shows what the yearly cap withheld.
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract';
import { ERROR_MESSAGES } from '../../contract/errors';
import { donationRow, withheldText, type DonationRow } from '../../utils/books';
import { toast } from '../../utils/page';
import { deskScan } from '../../utils/desk-scan';

type Desk = OutputOf<Contract['books']['donationLookup']>;

interface DeskBook {
  isbn13: string;
  title: string;
  copies: number;
  held: boolean;
  ticked: boolean;
  /** Copies the desk takes (0 when not ticked). */
  accepted: number;
  reason: string;
}

interface Found extends DonationRow {
  cardNo: string;
  name: string;
}

function deskBooks(d: Desk['donation']): DeskBook[] {
  return d.books.map((b) => ({ isbn13: b.isbn13, title: b.title, copies: b.copies, held: b.held, ticked: true, accepted: b.copies, reason: '' }));
}

Component({
  behaviors: [deskScan('请输入捐赠码')],
  data: {
    loading: true,
    error: '',
    isStaff: false,
    input: '',
    found: null as Found | null,
    books: [] as DeskBook[],
    pointsPerCopy: 0,
    yearRemaining: 0,
    /** Live summary of the ticks: copies taken, points they will bring, points the cap keeps back. */
    acceptedCopies: 0,
    points: 0,
    overCap: 0,
    /** After this desk confirmed: what it credited. */
    resultText: '',
    resultWithheld: '',
    message: '',
    busy: false,
  },
  methods: {
    async lookup(code: string, keepMessage = false) {
      if (!code || this.data.busy) return;
      this.setData({ busy: true });
      if (!keepMessage) this.setData({ found: null, books: [], message: '', resultText: '', resultWithheld: '' });
      const res = await api.books.donationLookup({ code }, { loading: '查询中', silent: true }); // the message says why
      this.setData({ busy: false });
      if (!res.ok) {
        this.setData({ found: null, books: [], message: res.error.message });
        return;
      }
      const { donation, pointsPerCopy, yearRemaining } = res.data;
      const confirmed = donation.status === 'confirmed';
      this.setData({
        found: { ...donationRow(donation), cardNo: donation.cardNo, name: donation.name },
        books: confirmed ? [] : deskBooks(donation),
        pointsPerCopy,
        yearRemaining,
        message: keepMessage ? this.data.message : confirmed ? ERROR_MESSAGES.DONATION_ALREADY_CONFIRMED : '',
      });
      if (confirmed && !keepMessage) toast(ERROR_MESSAGES.DONATION_ALREADY_CONFIRMED);
      this.summarise();
    },

    summarise() {
      const acceptedCopies = this.data.books.reduce((n, b) => n + b.accepted, 0);
      const earned = acceptedCopies * this.data.pointsPerCopy;
      const points = Math.min(earned, Math.max(this.data.yearRemaining, 0));
      this.setData({ acceptedCopies, points, overCap: earned - points });
    },
    onTick(e: DetailEvent<boolean>) {
      const index = Number(e.currentTarget.dataset.index);
      const book = this.data.books[index];
      if (!book) return;
      this.setData({ [`books[${index}].ticked`]: e.detail, [`books[${index}].accepted`]: e.detail ? book.copies : 0 });
      this.summarise();
    },
    onCopies(e: DetailEvent<number | string>) {
      const index = Number(e.currentTarget.dataset.index);
      const book = this.data.books[index];
      if (!book) return;
      const accepted = Math.min(book.copies, Math.max(1, Math.floor(Number(e.detail)) || 1));
      this.setData({ [`books[${index}].accepted`]: accepted });
      this.summarise();
    },
    onReason(e: DetailEvent<string>) {
      const index = Number(e.currentTarget.dataset.index);
      if (this.data.books[index]) this.setData({ [`books[${index}].reason`]: e.detail });
    },

    async onConfirm() {
      const { found, books, busy, acceptedCopies, points, overCap } = this.data;
      if (!found || found.status !== 'pledged' || busy) return;
      this.setData({ busy: true });
      const content = acceptedCopies
        ? `接收 ${acceptedCopies} 册，发放 ${points} 积分${overCap > 0 ? `（超出年度上限 ${overCap} 积分不发放）` : ''}。确认后不能修改。`
        : '一本都不接收，不发放积分。确认后不能修改。';
      const { confirm } = await wx.showModal({ title: '确认捐赠', content, confirmText: '确认' });
      if (!confirm) {
        this.setData({ busy: false });
        return;
      }
      const res = await api.books.confirmDonation({
        code: found.code,
        accepted: books.map((b) => ({ isbn: b.isbn13, copies: b.accepted })),
        declined: books.filter((b) => b.accepted < b.copies && b.reason.trim()).map((b) => ({ isbn: b.isbn13, reason: b.reason.trim() })),
      });
      this.setData({ busy: false });
      if (!res.ok) {
        this.setData({ message: res.error.message });
        // Show what the donation is now (e.g. another desk was quicker), keeping the reason.
        await this.lookup(found.code, true);
        return;
      }
      const { donation, awarded, capped, withheld } = res.data;
      this.setData({
        found: { ...donationRow(donation), cardNo: found.cardNo, name: found.name },
        books: [],
        message: '',
        resultText: `已确认接收 ${res.data.acceptedCopies} 册，发放 ${awarded} 积分`,
        resultWithheld: capped ? withheldText(withheld) : '',
      });
      wx.showToast({ icon: 'success', title: '确认成功' });
    },
  },
});
