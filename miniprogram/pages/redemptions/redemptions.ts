// 我的兑换: each redemption with its status, and for uncollected ones the code as text and QR image.
import { api } from '../../api/index';
import { loadInto, refreshAfter } from '../../utils/page';
import { qrDataUrl } from '../../utils/qr';
import { redemptionRow, type RedemptionRow } from '../../utils/redemption';

interface Item extends RedemptionRow {
  /** data: URL of the QR image; only for redemptions still to be collected. */
  qr: string;
}

const TAGS = { pending: 'primary', collected: 'success', expired: 'default' };

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
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },
    async load() {
      await loadInto(this, () => api.rewards.mine({}, { loading: false }), (d) => ({
        items: d.redemptions.map((r): Item => ({ ...redemptionRow(r, TAGS), qr: r.status === 'pending' ? qrDataUrl(r.code) : '' })),
        pickupText: d.pickup.text,
        pickupPlace: d.pickup.place,
      }));
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
