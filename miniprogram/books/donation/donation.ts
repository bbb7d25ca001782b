// 捐赠码: one donation's code as QR and text, where and when to bring the books; after the desk
// confirmed it, what was accepted and declined and the points.
import { api } from '../../api/index';
import { donationRow, type DonationRow } from '../../utils/books';
import { dataPage } from '../../utils/data-page';
import { loadInto } from '../../utils/page';
import { qrDataUrl } from '../../utils/qr';

Component({
  behaviors: [dataPage],
  data: {
    donationId: '',
    loading: true,
    error: '',
    loaded: false,
    donation: null as DonationRow | null,
    /** data: URL of the QR image, while the books are still to be brought. */
    qr: '',
    dropPlace: '',
    dropText: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ donationId: query.donationId ?? '' });
      void this.load();
    },
    async load() {
      await loadInto(this, () => api.books.mine({}, { loading: false }), (d) => {
        const found = d.donations.find((x) => x.donationId === this.data.donationId);
        if (!found) return { donation: null, qr: '', error: '捐赠记录不存在' };
        return {
          donation: donationRow(found),
          qr: found.status === 'pledged' ? qrDataUrl(found.code) : '',
          dropPlace: d.dropOff.place,
          dropText: d.dropOff.text,
        };
      });
    },
    onCopy() {
      const code = this.data.donation?.code;
      if (code) wx.setClipboardData({ data: code });
    },
    onMine() {
      wx.navigateTo({ url: '/books/mine/mine?tab=donations' });
    },
  },
});
