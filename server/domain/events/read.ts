import type { EventKind, MySignupView } from '../../../miniprogram/contract/events';
import type { Ctx } from '../../runtime/context';
import { getOrNull, type Doc } from '../../runtime/db';
import { loadUser } from '../cards';
import {
  BLOCKS, EVENTS, SIGNUPS, adminEventView, countEvent, countEvents, eventBase, iso, loadEvent, mySignupView,
  rosterEntry, waitlistPosition, waitlistPositions, type Viewer,
} from './model';
import { profile } from '../account';
import { gateRoles } from '../roles';
import { loadRules } from '../rules';
import { loadVolunteer, volunteerStatus } from './volunteers';
import { asDate } from '../../util/time';

const LIST_LIMIT = 50;
const RECENT_MS = 7 * 24 * 3600 * 1000;

async function blockedUntil(ctx: Ctx): Promise<string | null> {
  const block = await getOrNull(ctx.db.collection(BLOCKS).doc(ctx.openid));
  return block && asDate(block.until).getTime() > ctx.now.getTime() ? iso(block.until) : null;
}

/**
 * Sign-ups the caller has a share in: those of the cards they hold (the card's own seat) and those
 * they booked (their family members' seats, even on a card they gave up). Deduplicated.
 */
async function sharedSignups(ctx: Ctx, cards: string[], where: Doc, limit: number): Promise<Doc[]> {
  const _ = ctx.db.command;
  const col = ctx.db.collection(SIGNUPS);
  const [held, booked] = await Promise.all([
    cards.length ? col.where({ ...where, cardNo: _.in(cards) }).orderBy('createdAt', 'desc').limit(limit).get() : Promise.resolve({ data: [] as Doc[] }),
    col.where({ ...where, openid: ctx.openid }).orderBy('createdAt', 'desc').limit(limit).get(),
  ]);
  const byId = new Map<string, Doc>();
  for (const su of [...held.data, ...booked.data]) byId.set(String(su._id), su);
  return [...byId.values()].sort((a, b) => asDate(b.createdAt).getTime() - asDate(a.createdAt).getTime()).slice(0, limit);
}

/** The caller's sign-ups on these events (their share of each), with waitlist positions. */
async function mySignupsOn(ctx: Ctx, cards: string[], eventIds: string[], events: Map<string, Doc>): Promise<Map<string, MySignupView[]>> {
  const out = new Map<string, MySignupView[]>();
  if (!eventIds.length) return out;
  const viewer: Viewer = { openid: ctx.openid, cards };
  const list = await sharedSignups(ctx, cards, { eventId: ctx.db.command.in(eventIds) }, 1000);
  const views = await Promise.all(list.map(async (su) => mySignupView(su, events.get(String(su.eventId)) ?? null, await waitlistPosition(ctx, su), viewer)));
  for (const v of views) out.set(v.eventId, [...(out.get(v.eventId) ?? []), v]);
  return out;
}

/** The active sign-up to mark on a card (current card first). */
export function pickMine(list: MySignupView[], current: string | null): MySignupView | null {
  const live = list.filter((s) => s.status !== 'cancelled');
  return live.find((s) => s.cardNo === current) ?? live[0] ?? null;
}

/** Events as the caller sees them: counts, their sign-ups on each (any of their cards). */
export async function fullViews(ctx: Ctx, evs: Doc[]) {
  const user = await loadUser(ctx);
  const byId = new Map(evs.map((e) => [String(e._id), e]));
  const [counts, mine] = await Promise.all([
    countEvents(ctx, [...byId.keys()]),
    mySignupsOn(ctx, user.cards, [...byId.keys()], byId),
  ]);
  return evs.map((e) => {
    const list = mine.get(String(e._id)) ?? [];
    return { ...eventBase(e, counts.get(String(e._id))!, ctx.now), mySignup: pickMine(list, user.current), mySignups: list };
  });
}

/** Upcoming and ongoing events by start, then those ended in the last week (latest first); not cancelled. */
export async function listEvents(ctx: Ctx, kind?: EventKind) {
  const _ = ctx.db.command;
  const where: Doc = { status: 'published', endAt: _.gte(new Date(ctx.now.getTime() - RECENT_MS)) };
  if (kind) where.kind = kind;
  const res = await ctx.db.collection(EVENTS).where(where).orderBy('startAt', 'asc').limit(LIST_LIMIT).get();
  const t = ctx.now.getTime();
  const live = res.data.filter((e) => asDate(e.endAt).getTime() > t);
  const ended = res.data.filter((e) => asDate(e.endAt).getTime() <= t).reverse();
  const [events, until] = await Promise.all([fullViews(ctx, [...live, ...ended]), blockedUntil(ctx)]);
  return { events, signupBlockedUntil: until };
}

export async function eventDetail(ctx: Ctx, eventId: string) {
  const ev = await loadEvent(ctx, eventId);
  const [[event], until] = await Promise.all([fullViews(ctx, [ev]), blockedUntil(ctx)]);
  return { event, signupBlockedUntil: until };
}

/**
 * 活动详情: the event, the caller's cards and members (profile), the members cap (rules) in
 * parallel; a volunteer event then adds the caller's volunteer status.
 */
export async function detailPage(ctx: Ctx, eventId: string) {
  const [detail, me, rules] = await Promise.all([eventDetail(ctx, eventId), profile(ctx), loadRules(ctx)]);
  const volunteer = detail.event.kind === 'volunteer' ? (await volunteerStatus(ctx)).status : null;
  return { ...detail, cards: me.cards, members: me.members, maxMembers: rules.maxMembersPerSignup, volunteer };
}

/** 我的活动: every sign-up of the caller's cards, newest first, and the volunteer's service hours. */
export async function mySignups(ctx: Ctx) {
  const _ = ctx.db.command;
  const [user, vol] = await Promise.all([loadUser(ctx), loadVolunteer(ctx)]);
  const volunteer = { status: (vol?.status ?? 'none') as 'none' | 'pending' | 'approved' | 'rejected', serviceHours: Number(vol?.serviceHours ?? 0) };
  const viewer: Viewer = { openid: ctx.openid, cards: user.cards };
  const res = { data: await sharedSignups(ctx, user.cards, {}, 100) };
  if (!res.data.length) return { signups: [], volunteer };
  const ids = [...new Set(res.data.map((s) => String(s.eventId)))];
  const evs = ids.length ? (await ctx.db.collection(EVENTS).where({ _id: _.in(ids) }).limit(ids.length).get()).data : [];
  const byId = new Map(evs.map((e) => [String(e._id), e]));
  const signups = await Promise.all(res.data.filter((s) => byId.has(String(s.eventId))).map(async (su) => {
    const ev = byId.get(String(su.eventId))!;
    return {
      ...mySignupView(su, ev, await waitlistPosition(ctx, su), viewer),
      title: String(ev.title), kind: ev.kind as EventKind, place: String(ev.place), startAt: iso(ev.startAt), endAt: iso(ev.endAt),
      eventStatus: ev.status as 'published' | 'cancelled', points: Number(ev.points),
    };
  }));
  return { signups, volunteer };
}

const ROSTER_ORDER: Record<string, number> = { attended: 0, served: 0, confirmed: 1, absent: 2, waitlisted: 3, cancelled: 4 };

/** Staff: everyone signed up, masked; seated first, then the waitlist in order, then cancelled. */
export async function roster(ctx: Ctx, eventId: string) {
  const ev = await loadEvent(ctx, eventId);
  const [res, counts, positions] = await Promise.all([
    ctx.db.collection(SIGNUPS).where({ eventId }).orderBy('createdAt', 'asc').limit(1000).get(),
    countEvent(ctx, eventId, true),
    waitlistPositions(ctx, eventId),
  ]);
  const _ = ctx.db.command;
  const cardNos = [...new Set(res.data.map((s) => String(s.cardNo)))];
  const names = new Map<string, string>();
  for (let i = 0; i < cardNos.length; i += 100) {
    const part = cardNos.slice(i, i + 100);
    const readers = await ctx.db.collection('readers').where({ _id: _.in(part) }).field({ name: true }).limit(part.length).get();
    for (const r of readers.data) names.set(String(r._id), String(r.name));
  }
  const signups = res.data
    .map((su) => rosterEntry(su, ev, names.get(String(su.cardNo)), positions.get(String(su._id)) ?? null))
    .sort((a, b) => (ROSTER_ORDER[a.status] - ROSTER_ORDER[b.status]) || ((a.position ?? 0) - (b.position ?? 0)));
  return { event: adminEventView(ev, counts, ctx.now), signups };
}

/** Staff pickers and admin 活动管理: newest start first; ended long ago only with includeEnded. */
export async function listAllEvents(ctx: Ctx, input: { kind?: EventKind; includeEnded?: boolean }) {
  const _ = ctx.db.command;
  const where: Doc = {};
  if (input.kind) where.kind = input.kind;
  if (!input.includeEnded) where.endAt = _.gte(new Date(ctx.now.getTime() - RECENT_MS));
  const res = await ctx.db.collection(EVENTS).where(where).orderBy('startAt', 'desc').limit(100).get();
  const counts = await countEvents(ctx, res.data.map((e) => String(e._id)), true);
  return { events: res.data.map((e) => adminEventView(e, counts.get(String(e._id))!, ctx.now)), roles: gateRoles(ctx) };
}
