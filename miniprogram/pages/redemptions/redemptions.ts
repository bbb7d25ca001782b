// 我的兑换: each redemption with its status, and for uncollected ones the code as text and QR image.
import qrcode from 'qrcode-generator';
import { api } from '../../api/index';
import { formatDate, formatDateTime } from '../../utils/time';

interface Item {
  code: string;
  codeText: string;
  prizeName: string;
  cost: number;
  status: string;
  statusText: string;
  tagType: string;
  redeemedAt: string;
  expiresOn: string;
  collectedAt: string;
  /** data: URL of the QR image; only for redemptions still to be collected. */
  qr: string;
}

const STATUS: Record<string, { text: string; tag: string }> = {
  pending: { text: '待领取', tag: 'primary' },
  collected: { text: '已领取', tag: 'success' },
  expired: { text: '已过期', tag: 'default' },
};

/** ABCDEFGHJKM → ABCD-EFGH-JKM */
function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** The code as a QR image (GIF data URL), made on the phone: no network, no server. */
function qrDataUrl(code: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(code, /^[0-9A-Z $%*+\-./:]+$/.test(code) ? 'Alphanumeric' : 'Byte');
  qr.make();
  return qr.createDataURL(8, 16);
}

Component({
  data: {
    loading: true,
    error: '',
    loaded: false,
    items: [] as Item[],
    pickupText: '',
    pickupPlace: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      // Coming back (e.g. after redeeming another prize): refresh quietly.
      if (this.data.loaded) void this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      this.setData({ loading: !this.data.loaded, error: '' });
      const res = await api.rewards.mine({}, { loading: false });
      if (!res.ok) {
        this.setData({ loading: false, error: this.data.loaded ? '' : res.error.message });
        return;
      }
      const items = res.data.redemptions.map((r): Item => {
        const status = STATUS[r.status] ?? STATUS.pending;
        return {
          code: r.code,
          codeText: groupCode(r.code),
          prizeName: r.prizeName,
          cost: r.cost,
          status: r.status,
          statusText: status.text,
          tagType: status.tag,
          redeemedAt: formatDateTime(r.createdAt),
          expiresOn: formatDate(r.expiresAt),
          collectedAt: r.collectedAt ? formatDateTime(r.collectedAt) : '',
          qr: r.status === 'pending' ? qrDataUrl(r.code) : '',
        };
      });
      this.setData({
        loading: false,
        loaded: true,
        items,
        pickupText: res.data.pickup.text,
        pickupPlace: res.data.pickup.place,
      });
    },
    onGoRewards() {
      wx.switchTab({ url: '/pages/rewards/rewards' });
    },
    onCopy(e: WechatMiniprogram.BaseEvent) {
      const code = String(e.currentTarget.dataset.code ?? '');
      if (code) wx.setClipboardData({ data: code });
    },
  },
});
