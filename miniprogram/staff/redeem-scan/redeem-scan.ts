// 扫码核销: scan or type a redemption code, check it, hand the prize over once.
import { api } from '../../api/index';
import { ERROR_MESSAGES } from '../../contract/errors';
import { deskScan } from '../../utils/desk-scan';
import { redemptionRow, type Redemption, type RedemptionRow } from '../../utils/redemption';

interface Found extends RedemptionRow {
  cardNo: string;
  holderName: string;
}

const TAGS = { pending: 'primary', collected: 'success', expired: 'danger' };

// Why a looked-up redemption cannot be handed over (same wording as the cloud's refusal).
const REFUSAL: Record<string, string> = {
  collected: ERROR_MESSAGES.REDEMPTION_ALREADY_COLLECTED,
  expired: ERROR_MESSAGES.REDEMPTION_EXPIRED,
};

function view(r: Redemption & { cardNo: string; holderName: string }): Found {
  return { ...redemptionRow(r, TAGS), cardNo: r.cardNo, holderName: r.holderName };
}

Component({
  behaviors: [deskScan('请输入兑换码')],
  data: {
    loading: true,
    error: '',
    isStaff: false,
    input: '',
    found: null as Found | null,
    inPickupWindow: true,
    pickupText: '',
    /** Inline reason when a code cannot be used. */
    message: '',
    /** Set right after this desk handed the prize over. */
    handedOver: false,
    busy: false,
  },
  methods: {
    async lookup(code: string, keepMessage = false) {
      if (!code) return;
      this.setData({ busy: true });
      if (!keepMessage) this.setData({ found: null, message: '', handedOver: false });
      const res = await api.rewards.staffLookup({ code }, { loading: '查询中' });
      this.setData({ busy: false });
      if (!res.ok) {
        this.setData({ found: null, message: res.error.message });
        return;
      }
      const found = view(res.data.redemption);
      const refusal = REFUSAL[found.status] ?? '';
      this.setData({
        found,
        inPickupWindow: res.data.inPickupWindow,
        pickupText: res.data.pickupText,
        message: keepMessage ? this.data.message : refusal,
      });
      if (refusal && !keepMessage) wx.showToast({ icon: 'none', title: refusal });
    },
    async onFulfil() {
      const { found, busy } = this.data;
      if (!found || found.status !== 'pending' || busy) return;
      this.setData({ busy: true });
      const res = await api.rewards.fulfil({ code: found.code });
      this.setData({ busy: false });
      if (!res.ok) {
        this.setData({ message: res.error.message });
        // Show what the code is now (e.g. another desk was quicker), keeping the reason.
        await this.lookup(found.code, true);
        return;
      }
      this.setData({ found: view(res.data.redemption), handedOver: true, message: '' });
      wx.showToast({ icon: 'success', title: '发放成功' });
    },
  },
});
