// 奖品详情: details and 立即兑换 with a confirmation; one requestId per confirmed redemption.
import { api } from '../../api/index';
import { newRequestId } from '../../api/client';
import { loadInto } from '../../utils/page';
import { groupCode } from '../../utils/redemption';
import { formatDate } from '../../utils/time';

interface PrizeDetail {
  prizeId: string;
  name: string;
  description: string;
  cost: number;
  stock: number;
}

interface Issued {
  code: string;
  codeText: string;
  prizeName: string;
  cost: number;
  expiresOn: string;
}

Component({
  data: {
    prizeId: '',
    loading: true,
    error: '',
    prize: null as PrizeDetail | null,
    balance: 0,
    affordable: false,
    /** Why 立即兑换 is disabled ('' when it is not). */
    blocked: '',
    /** A confirmation is open or a redemption is on its way: taps are ignored. */
    busy: false,
    /** Kept after a transport failure, so trying again cannot redeem twice. */
    pendingRequestId: '',
    issued: null as Issued | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ prizeId: query.prizeId ?? '' });
      void this.load();
    },
    onRetry() {
      void this.load();
    },
    async load(quiet = false) {
      if (!this.data.prizeId) {
        this.setData({ loading: false, error: '奖品不存在' });
        return;
      }
      await loadInto(this, () => api.rewards.list({}, { loading: false, silent: quiet }), ({ prizes, balance }) => {
        const found = prizes.find((p) => p.prizeId === this.data.prizeId);
        if (!found) return { prize: null, error: '该奖品已下架或不存在' };
        const blocked =
          found.stock <= 0
            ? '奖品已兑完'
            : found.affordable
              ? ''
              : balance < found.cost
                ? `积分不足，还差 ${found.cost - balance} 积分`
                : '暂不可兑换';
        return {
          prize: { prizeId: found.prizeId, name: found.name, description: found.description, cost: found.cost, stock: found.stock },
          balance,
          affordable: found.affordable,
          blocked,
        };
      }, quiet);
    },
    async onRedeem() {
      const { prize, balance, blocked, busy } = this.data;
      if (!prize || blocked || busy) return;
      this.setData({ busy: true });
      const { confirm } = await wx.showModal({
        title: '确认兑换',
        content: `兑换“${prize.name}”需要 ${prize.cost} 积分，兑换后剩余 ${balance - prize.cost} 积分。兑换后请在一年内到服务台领取，逾期作废且积分不退还。`,
        confirmText: '确认兑换',
        cancelText: '再想想',
      });
      if (!confirm) {
        this.setData({ busy: false });
        return;
      }
      // One key for this confirmation; the client's own network retry sends it again.
      const requestId = this.data.pendingRequestId || newRequestId();
      this.setData({ pendingRequestId: requestId });
      const res = await api.rewards.redeem({ prizeId: prize.prizeId, requestId });
      if (!res.ok) {
        // Only a transport failure leaves the outcome unknown: keep the key for the next try.
        this.setData({ busy: false, pendingRequestId: res.error.code === 'NETWORK' ? requestId : '' });
        if (res.error.code !== 'NETWORK') await this.load(true);
        return;
      }
      const { redemption, balance: after } = res.data;
      this.setData({
        busy: false,
        pendingRequestId: '',
        balance: after,
        issued: {
          code: redemption.code,
          codeText: groupCode(redemption.code),
          prizeName: redemption.prizeName,
          cost: redemption.cost,
          expiresOn: formatDate(redemption.expiresAt),
        },
      });
      wx.showToast({ icon: 'success', title: '兑换成功' });
      await this.load(true);
    },
    onViewCodes() {
      wx.navigateTo({ url: '/pages/redemptions/redemptions' });
    },
  },
});
