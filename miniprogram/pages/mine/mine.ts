// 我的: the current card, switching cards, and every personal-center entry.
import { api } from '../../api/index';
import { adoptCards, type CardRow } from '../../utils/cards';
import { goBindCard, loadInto, refreshAfter, toast } from '../../utils/page';

interface Entry {
  key: string;
  title: string;
  icon: string;
  /** Page to open; empty for modules not built yet. */
  url: string;
}

interface SheetAction {
  name: string;
  subname: string;
  cardNo: string;
}

const ENTRIES: Entry[] = [
  { key: 'ledger', title: '积分明细', icon: 'bill-o', url: '/pages/ledger/ledger' },
  { key: 'cards', title: '我的证件', icon: 'idcard', url: '/pages/cards/cards' },
  { key: 'transfer', title: '积分转移', icon: 'exchange', url: '/pages/transfer/transfer' },
  { key: 'change-phone', title: '修改手机号', icon: 'phone-o', url: '/pages/change-phone/change-phone' },
  { key: 'messages', title: '我的消息', icon: 'envelop-o', url: '/pages/messages/messages' },
  { key: 'faq', title: '常见问题', icon: 'question-o', url: '/pages/faq/faq' },
  { key: 'feedback', title: '意见反馈', icon: 'comment-o', url: '/pages/feedback/feedback' },
  { key: 'rules', title: '积分规则', icon: 'description', url: '/pages/rules/rules' },
  { key: 'activities', title: '我的活动', icon: 'flag-o', url: '/events/mine/mine' },
  { key: 'members', title: '成员管理', icon: 'friends-o', url: '/pages/members/members' },
  { key: 'redemptions', title: '我的兑换', icon: 'gift-o', url: '/pages/redemptions/redemptions' },
  { key: 'books', title: '我的推荐/捐赠', icon: 'bookmark-o', url: '/books/mine/mine' },
];

Component({
  data: {
    loading: true,
    error: '',
    loaded: false,
    cards: [] as CardRow[],
    current: null as CardRow | null,
    entries: ENTRIES,
    unread: 0,
    /** My own OPENID, shown at the bottom to copy (an admin grants staff roles by it). */
    openid: '',
    sheetShow: false,
    sheetActions: [] as SheetAction[],
  },
  methods: {
    // A tab page: onShow is its first load too (no onLoad), so each showing is one call.
    onShow() {
      void this.load();
    },
    onPullDownRefresh() {
      return refreshAfter(this.load());
    },

    /** One call: the cards and the unread message count. */
    async load() {
      await loadInto(this, () => api.account.center({}, { loading: false }), (d) => ({ ...adoptCards(d.cards), openid: d.openid, unread: d.unread }));
    },

    onEntry(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onBind() {
      goBindCard();
    },
    onCopyOpenid() {
      if (this.data.openid) wx.setClipboardData({ data: this.data.openid });
    },

    onSwitch() {
      if (this.data.cards.length < 2) {
        toast('只有一张读者证，可在「我的证件」中绑定家人的读者证');
        return;
      }
      const sheetActions = this.data.cards.map((c) => ({
        name: `${c.cardText} ${c.name}${c.current ? '（当前）' : ''}`,
        subname: `${c.points} 积分`,
        cardNo: c.cardNo,
      }));
      this.setData({ sheetShow: true, sheetActions });
    },
    onSheetClose() {
      this.setData({ sheetShow: false });
    },
    async onSheetSelect(e: WechatMiniprogram.CustomEvent<SheetAction>) {
      this.setData({ sheetShow: false });
      const { cardNo } = e.detail;
      if (cardNo === this.data.current?.cardNo) return;
      const res = await api.account.setCurrentCard({ cardNo }, { loading: '切换中' });
      if (!res.ok) return;
      toast('已切换读者证');
      // One call per tap: the cards are known, only the current one changed.
      this.setData(adoptCards(this.data.cards.map((c) => ({ ...c, current: c.cardNo === cardNo }))));
    },
  },
});
