// 活动详情: time, place, points, seats and my status; 报名 (card, family members, reminder
// consent; 候补 when full), 取消报名 until the start, 扫码签到 on site.
import { api } from '../../api/index';
import { newRequestId } from '../../api/client';
import { ERROR_MESSAGES, type Envelope } from '../../contract/errors';
import type { EventView, MySignupView } from '../../contract/events';
import { adoptCards, type CardRow } from '../../utils/cards';
import { EVENT_REMINDER_TEMPLATE_ID } from '../../utils/config';
import { blockedText, eventRow, isActive, KIND_TEXT, PHASE_REFUSAL, signupText, type EventRow, type SignupText, type VolunteerStatus } from '../../utils/events';
import { dataPage } from '../../utils/data-page';
import { goBindCard, loadInto, toast } from '../../utils/page';
import { maskCardNo } from '../../utils/mask';
import { scanText } from '../../utils/scan';
import { askSubscribe } from '../../utils/subscribe';
import { formatDateTime } from '../../utils/time';

interface Member {
  memberId: string;
  name: string;
  relation: string;
}

interface Shown extends EventRow {
  kind: EventView['kind'];
  kindText: string;
  description: string;
  startText: string;
  endText: string;
  deadlineText: string;
  capacity: number;
  seatsTaken: number;
  waitlisted: number;
  phase: EventView['phase'];
}

interface Mine extends SignupText {
  signupId: string;
  cardNo: string;
  status: MySignupView['status'];
  seats: number;
  awarded: number;
  canCancel: boolean;
  canScan: boolean;
}

interface Loaded {
  event: EventView;
  blockedUntil: string | null;
  cards: CardRow[];
  members: Member[];
  maxMembers: number;
  /** Volunteer events: the caller's registration status (only approved volunteers sign up). */
  volunteer: VolunteerStatus | null;
}

const NOT_VOLUNTEER_TEXT: Record<Exclude<VolunteerStatus, 'approved'>, string> = {
  none: ERROR_MESSAGES.NOT_VOLUNTEER,
  pending: '您的志愿者注册正在审核中，通过后即可报名',
  rejected: '您的志愿者注册未通过审核，暂不能报名志愿者活动',
};

/** The page's data in one call (events.detailPage: the event, my cards and members, the cap, my volunteer status). */
async function loadAll(eventId: string): Promise<Envelope<Loaded>> {
  const res = await api.events.detailPage({ eventId }, { loading: false });
  if (!res.ok) return res;
  const d = res.data;
  return {
    ok: true,
    data: { event: d.event, blockedUntil: d.signupBlockedUntil, cards: adoptCards(d.cards).cards, members: d.members, maxMembers: d.maxMembers, volunteer: d.volunteer },
  };
}

function shown(e: EventView): Shown {
  return {
    ...eventRow(e),
    kind: e.kind,
    kindText: KIND_TEXT[e.kind],
    description: e.description,
    startText: formatDateTime(e.startAt),
    endText: formatDateTime(e.endAt),
    deadlineText: formatDateTime(e.signupDeadline),
    capacity: e.capacity,
    seatsTaken: e.seatsTaken,
    waitlisted: e.waitlisted,
    phase: e.phase,
  };
}

/** The selected card's sign-up: the active one, else the latest. */
function mineOf(e: EventView, cardNo: string): Mine | null {
  const ofCard = e.mySignups.filter((s) => s.cardNo === cardNo);
  const s = ofCard.find(isActive) ?? ofCard.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return s ? mineFrom(e, s) : null;
}

/** Seats this account booked for its family on a card it no longer holds (still its own to cancel). */
function bookedOf(e: EventView, cards: CardRow[]): Mine | null {
  const s = e.mySignups.find((x) => isActive(x) && !cards.some((c) => c.cardNo === x.cardNo));
  return s ? { ...mineFrom(e, s), canScan: false } : null;
}

function mineFrom(e: EventView, s: MySignupView): Mine {
  const beforeStart = e.phase === 'open' || e.phase === 'full' || e.phase === 'closed';
  return {
    ...signupText(s),
    signupId: s.signupId,
    cardNo: s.cardNo,
    status: s.status,
    seats: s.seats,
    awarded: s.awarded,
    canCancel: isActive(s) && beforeStart,
    // Reader events award at check-in; volunteers get theirs when staff confirm the service.
    canScan: e.kind === 'reader' && (s.status === 'confirmed' || s.status === 'attended') && e.phase !== 'cancelled',
  };
}

// The last event answer of each open page (kept out of data: the rows derive from it).
const shownEvents = new WeakMap<object, EventView>();

Component({
  // A quiet reload when back (from 成员管理 / 志愿者注册), pull-down refresh.
  behaviors: [dataPage],
  data: {
    eventId: '',
    loading: true,
    error: '',
    loaded: false,
    event: null as Shown | null,
    /** Why no sign-up is possible ('' when it is). */
    refusal: '',
    blockedText: '',
    cards: [] as CardRow[],
    cardNo: '',
    cardText: '',
    members: [] as Member[],
    picked: [] as string[],
    maxMembers: 0,
    mine: null as Mine | null,
    booked: null as Mine | null,
    bookedCard: '',
    canSignup: false,
    /** Why this caller cannot sign up for a volunteer event (with the link to 志愿者注册), or ''. */
    notVolunteer: '',
    /** What the last check-in scan said, and whether it was a success. */
    result: '',
    resultOk: false,
    busy: false,
    /** Kept after a transport failure, so trying again cannot sign up twice. */
    pendingRequestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ eventId: query.eventId ?? '' });
      void this.load();
    },
    async load() {
      if (!this.data.eventId) {
        this.setData({ loading: false, error: ERROR_MESSAGES.EVENT_NOT_FOUND });
        return;
      }
      await loadInto(this, () => loadAll(this.data.eventId), (d) => {
        const keep = d.cards.find((c) => c.cardNo === this.data.cardNo);
        // Default: the card already signed up here, else the current card.
        const signed = d.event.mySignups.find(isActive);
        const card = keep ?? d.cards.find((c) => c.cardNo === signed?.cardNo) ?? d.cards.find((c) => c.current) ?? d.cards[0];
        const known = new Set(d.members.map((m) => m.memberId));
        return {
          cards: d.cards,
          members: d.members,
          picked: this.data.picked.filter((id) => known.has(id)),
          maxMembers: d.maxMembers,
          notVolunteer: d.volunteer && d.volunteer !== 'approved' ? NOT_VOLUNTEER_TEXT[d.volunteer] : '',
          blockedText: d.blockedUntil ? blockedText(d.blockedUntil) : '',
          ...this.applyEvent(d.event, card?.cardNo ?? '', d.cards),
        };
      });
    },
    /** The event and the chosen card's sign-up as data. */
    applyEvent(e: EventView, cardNo: string, cards: CardRow[]) {
      shownEvents.set(this, e);
      const mine = cardNo ? mineOf(e, cardNo) : null;
      const booked = bookedOf(e, cards);
      const refusal = PHASE_REFUSAL[e.phase];
      return {
        event: shown(e),
        refusal,
        cardNo,
        cardText: cardNo ? maskCardNo(cardNo) : '',
        mine,
        booked,
        bookedCard: booked ? maskCardNo(booked.cardNo) : '',
        canSignup: !!cardNo && !refusal && (!mine || !isActive(mine)),
      };
    },
    onPickCard() {
      const { cards, cardNo } = this.data;
      if (cards.length < 2) return;
      wx.showActionSheet({
        itemList: cards.map((c) => `${c.cardText} ${c.name}${c.cardNo === cardNo ? '（已选）' : ''}`),
        success: ({ tapIndex }) => {
          const card = cards[tapIndex];
          const e = shownEvents.get(this);
          if (card && e) this.setData({ ...this.applyEvent(e, card.cardNo, this.data.cards), result: '' });
        },
      });
    },
    onMembers(e: DetailEvent<string[]>) {
      this.setData({ picked: e.detail.slice(0, this.data.maxMembers) });
    },
    onMembersPage() {
      wx.navigateTo({ url: '/pages/members/members' });
    },
    onBind() {
      goBindCard();
    },
    onVolunteer() {
      wx.navigateTo({ url: '/events/volunteer/volunteer' });
    },

    async onSignup() {
      const { event, busy, canSignup, cardText, picked, members } = this.data;
      if (!event || busy || !canSignup || this.data.notVolunteer) return;
      this.setData({ busy: true });
      const names = members.filter((m) => picked.includes(m.memberId)).map((m) => m.name);
      const who = `读者证 ${cardText}${names.length ? ` 及 ${names.join('、')}` : ''}，共 ${1 + names.length} 个座位`;
      const full = event.phase === 'full';
      const { confirm } = await wx.showModal({
        title: full ? '加入候补' : '确认报名',
        content: full
          ? `名额已满，加入候补后排在第 ${event.waitlisted + 1} 位，有人取消时按顺序自动递补并通知您。${who}。`
          : `报名「${event.title}」：${who}。`,
        confirmText: full ? '加入候补' : '确认报名',
      });
      if (!confirm) {
        this.setData({ busy: false });
        return;
      }
      // Consent to one reminder the day before (asked here, as WeChat requires a tap).
      const remind = await askSubscribe(EVENT_REMINDER_TEMPLATE_ID);
      let res = await this.signup(full, remind);
      if (!res.ok && res.error.code === 'EVENT_FULL') {
        // The last seats went meanwhile: offer the waitlist with the place it would get.
        const waiting = (await this.waitlistLength()) + 1;
        const again = await wx.showModal({
          title: '名额已满',
          content: `刚刚报满了。是否加入候补？您将排在第 ${waiting} 位，有人取消时按顺序自动递补。`,
          confirmText: '加入候补',
        });
        if (again.confirm) res = await this.signup(true, remind);
      }
      this.setData({ busy: false });
      if (!res.ok) {
        if (res.error.code === 'NOT_VOLUNTEER') this.setData({ notVolunteer: res.error.message });
        else if (res.error.code !== 'EVENT_FULL') toast(res.error.message);
        if (res.error.code !== 'NETWORK') await this.load();
        return;
      }
      const { signup, event: after } = res.data;
      this.setData({ ...this.applyEvent(after, this.data.cardNo, this.data.cards), picked: [] });
      toast(signup.status === 'waitlisted' ? `已加入候补，第 ${signup.position} 位` : '报名成功');
    },
    async signup(waitlist: boolean, remind: boolean) {
      const requestId = this.data.pendingRequestId || newRequestId();
      this.setData({ pendingRequestId: requestId });
      const res = await api.events.signup(
        { eventId: this.data.eventId, cardNo: this.data.cardNo, memberIds: this.data.picked, waitlist, remind, requestId },
        { silent: true, loading: '提交中' },
      );
      this.setData({ pendingRequestId: !res.ok && res.error.code === 'NETWORK' ? requestId : '' });
      return res;
    },
    async waitlistLength(): Promise<number> {
      const res = await api.events.detail({ eventId: this.data.eventId }, { silent: true });
      return res.ok ? res.data.event.waitlisted : this.data.event?.waitlisted ?? 0;
    },

    async onCancel(e?: WechatMiniprogram.BaseEvent) {
      const { busy } = this.data;
      const mine = e?.currentTarget?.dataset?.which === 'booked' ? this.data.booked : this.data.mine;
      if (!mine || !mine.canCancel || busy) return;
      this.setData({ busy: true });
      const { confirm } = await wx.showModal({
        title: '取消报名',
        content: mine.status === 'waitlisted' ? '确定放弃候补吗？' : `确定取消报名吗？${mine.seats} 个座位将释放给候补的读者。`,
        confirmText: '取消报名',
        cancelText: '再想想',
        confirmColor: '#ee0a24',
      });
      if (!confirm) {
        this.setData({ busy: false });
        return;
      }
      // By sign-up: the seats this account booked on a card it gave up are still its to cancel.
      const res = await api.events.cancel({ eventId: this.data.eventId, signupId: mine.signupId });
      this.setData({ busy: false });
      if (res.ok) {
        // One call: the answer carries the event after the cancel. A refusal re-reads it.
        this.setData(this.applyEvent(res.data.event, this.data.cardNo, this.data.cards));
        toast('已取消报名');
      } else if (res.error.code !== 'NETWORK') await this.load();
    },

    async onScan() {
      const { mine, busy } = this.data;
      if (!mine || !mine.canScan || busy) return;
      const token = await scanText(['qrCode'], { onlyFromCamera: true }); // the rotating code on site, not a photo
      if (!token) return; // the camera was closed, or read nothing
      this.setData({ busy: true });
      const res = await api.events.attend({ eventId: this.data.eventId, token, cardNo: mine.cardNo }, { silent: true, loading: '签到中' });
      this.setData({ busy: false });
      if (!res.ok) {
        this.setData({ result: res.error.message, resultOk: false });
        toast(res.error.message);
        return;
      }
      const result = `签到成功，获得 ${res.data.awarded} 积分，当前积分 ${res.data.balance}`;
      // One call: a check-in changes only this sign-up, and the answer carries it.
      const e = shownEvents.get(this);
      const done = res.data.signup;
      const swap = (s: MySignupView) => (s.signupId === done.signupId ? done : s);
      if (e) this.setData(this.applyEvent({ ...e, mySignup: e.mySignup && swap(e.mySignup), mySignups: e.mySignups.map(swap) }, this.data.cardNo, this.data.cards));
      this.setData({ result, resultOk: true });
      wx.showToast({ icon: 'success', title: '签到成功' });
    },
  },
});
