import type { EventAdminView, EventPhase, MySignupView, SignupStatus } from '../../../miniprogram/contract/events';
import { maskCardNo, maskName } from '../../../miniprogram/utils/mask';
import type { Ctx } from '../../runtime/context';
import { getOrNull, type Doc } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { cardToken } from '../cards';
import { asDate, toIso } from '../../util/time';

// Collections of the events area (see docs/DATA.md):
//   events/<eventId>            the event
//   signups/<eventId>_<hmac(cardNo)>  one per card and event (re-used after a cancel, `round` counts)
//   seats/<eventId>_<n>          seat slot n (1..capacity), claimed by `add`: exists = taken
//   volunteers/<vol_…>           one per WeChat user
//   service/<signupId>           confirmed volunteer service (hours)
//   signup_blocks/<openid>       no-show block (until)
export const EVENTS = 'events';
export const SIGNUPS = 'signups';
export const SEATS = 'seats';
export const VOLUNTEERS = 'volunteers';
export const SERVICE = 'service';
export const BLOCKS = 'signup_blocks';

/** Statuses that hold seats. */
export const SEATED: SignupStatus[] = ['confirmed', 'attended', 'served', 'absent'];

export function iso(v: unknown): string {
  return toIso(asDate(v));
}

/** One id per card and event; keyed, so staff screens that carry it never reveal the card number. */
export function signupIdOf(ctx: Ctx, eventId: string, cardNo: string): string {
  return `${eventId}_${cardToken(ctx, 'signup', cardNo)}`;
}

/** The reader's name for a staff view (masked there), read outside any transaction. */
export async function readerName(ctx: Ctx, cardNo: string): Promise<string | undefined> {
  const reader = await getOrNull(ctx.db.collection('readers').doc(cardNo));
  return reader?.name as string | undefined;
}

export function seatId(eventId: string, n: number): string {
  return `${eventId}_${n}`;
}

/** Orders the waitlist: earlier sign-up first, id breaks ties. */
export function waitKey(now: Date, signupId: string): string {
  return `${now.toISOString()}_${signupId}`;
}

export async function loadEvent(ctx: Ctx, eventId: string): Promise<Doc> {
  const ev = await getOrNull(ctx.db.collection(EVENTS).doc(eventId));
  if (!ev) fail('EVENT_NOT_FOUND');
  return ev;
}

export interface Counts { seatsTaken: number; waitlisted: number; attended?: number }

// wx-server-sdk's aggregate API (`collection.aggregate()`, `db.command.aggregate`), which the Db
// port (server/runtime/db.ts) does not declare: only the part the counts below use.
interface Aggregate {
  match(cond: Doc): Aggregate;
  group(spec: Doc): Aggregate;
  limit(n: number): Aggregate;
  end(): Promise<{ list?: Doc[]; data?: Doc[] }>;
}
export function aggregate(ctx: Ctx, collection: string): Aggregate {
  return (ctx.db.collection(collection) as unknown as { aggregate(): Aggregate }).aggregate();
}
function sum1(ctx: Ctx): unknown {
  return (ctx.db.command as unknown as { aggregate: { sum(v: unknown): unknown } }).aggregate.sum(1);
}

/**
 * Seats and waitlist of many events, counted by two grouped aggregates whatever the number of
 * events (lists: a few seconds stale at most). `withAttended` also counts attended/served.
 */
export async function countEvents(ctx: Ctx, eventIds: string[], withAttended = false): Promise<Map<string, Counts>> {
  const ids = [...new Set(eventIds)];
  const out = new Map<string, Counts>(ids.map((id) => [id, { seatsTaken: 0, waitlisted: 0, attended: 0 }]));
  if (!ids.length) return out;
  const _ = ctx.db.command;
  const statuses: SignupStatus[] = withAttended ? ['waitlisted', 'attended', 'served'] : ['waitlisted'];
  const [seats, signups] = await Promise.all([
    aggregate(ctx, SEATS).match({ eventId: _.in(ids) })
      .group({ _id: '$eventId', n: sum1(ctx) }).limit(ids.length).end(),
    aggregate(ctx, SIGNUPS).match({ eventId: _.in(ids), status: _.in(statuses) })
      .group({ _id: { eventId: '$eventId', status: '$status' }, n: sum1(ctx) }).limit(ids.length * statuses.length).end(),
  ]);
  for (const g of seats.list ?? seats.data ?? []) {
    const c = out.get(String(g._id));
    if (c) c.seatsTaken = Number(g.n);
  }
  for (const g of signups.list ?? signups.data ?? []) {
    const c = out.get(String(g._id?.eventId));
    if (!c) continue;
    if (g._id.status === 'waitlisted') c.waitlisted += Number(g.n);
    else c.attended = (c.attended ?? 0) + Number(g.n);
  }
  return out;
}

/** Seats and waitlist of one event (see countEvents). */
export async function countEvent(ctx: Ctx, eventId: string, withAttended = false): Promise<Counts> {
  return (await countEvents(ctx, [eventId], withAttended)).get(eventId)!;
}

/** Sign-up is open strictly before the deadline (and the start): the deadline instant itself is closed. */
export function signupClosed(ev: Doc, now: Date): boolean {
  const t = now.getTime();
  return t >= asDate(ev.signupDeadline).getTime() || t >= asDate(ev.startAt).getTime();
}

export function phaseOf(ev: Doc, seatsTaken: number, now: Date): EventPhase {
  if (ev.status === 'cancelled') return 'cancelled';
  const t = now.getTime();
  if (t >= asDate(ev.endAt).getTime()) return 'ended';
  if (t >= asDate(ev.startAt).getTime()) return 'ongoing';
  if (signupClosed(ev, now)) return 'closed';
  return seatsTaken >= Number(ev.capacity) ? 'full' : 'open';
}

export function eventBase(ev: Doc, counts: Counts, now: Date) {
  const capacity = Number(ev.capacity);
  return {
    eventId: String(ev._id),
    kind: ev.kind as 'reader' | 'volunteer',
    title: String(ev.title),
    description: String(ev.description ?? ''),
    place: String(ev.place),
    startAt: iso(ev.startAt),
    endAt: iso(ev.endAt),
    signupDeadline: iso(ev.signupDeadline),
    capacity,
    seatsTaken: counts.seatsTaken,
    seatsLeft: Math.max(0, capacity - counts.seatsTaken),
    waitlisted: counts.waitlisted,
    points: Number(ev.points),
    status: ev.status as 'published' | 'cancelled',
    phase: phaseOf(ev, counts.seatsTaken, now),
  };
}

export function adminEventView(ev: Doc, counts: Counts, now: Date): EventAdminView {
  return { ...eventBase(ev, counts, now), attended: counts.attended ?? 0, createdAt: iso(ev.createdAt), updatedAt: iso(ev.updatedAt) };
}

/** A sign-up as its event shows it: a cancelled event cancels every sign-up on it. */
export function effectiveStatus(su: Doc, ev: Doc | null): SignupStatus {
  const status = su.status as SignupStatus;
  if (ev?.status === 'cancelled' && (status === 'confirmed' || status === 'waitlisted')) return 'cancelled';
  return status;
}

/** Who is looking at a sign-up: their OPENID and the cards they hold now. */
export interface Viewer { openid: string; cards: string[] }

/**
 * What of a sign-up is the viewer's. The card's own seat follows the card (whoever holds it now);
 * the family members' seats belong to the WeChat account that booked them (`openid`), even after
 * it gave the card up. A sign-up whose card changed hands is thus shared between two accounts.
 */
export function shareOf(su: Doc, viewer: Viewer): { holder: boolean; booker: boolean } {
  return { holder: viewer.cards.includes(String(su.cardNo)), booker: su.openid === viewer.openid };
}

/** The sign-up as `viewer` may see it (default: its booker holding the card, i.e. all of it). */
export function mySignupView(su: Doc, ev: Doc | null, position: number | null, viewer?: Viewer): MySignupView {
  const all = ((su.members as Doc[] | undefined) ?? []).map((m) => ({ memberId: String(m.memberId), name: String(m.name), relation: String(m.relation) }));
  const { holder, booker } = viewer ? shareOf(su, viewer) : { holder: true, booker: true };
  const holderSeat = su.holderCancelled ? 0 : 1;
  const members = booker ? all : [];
  const seats = holder && booker ? Number(su.seats) : (holder ? holderSeat : 0) + members.length;
  const status = seats > 0 || (holder && booker) ? effectiveStatus(su, ev) : 'cancelled';
  return {
    signupId: String(su._id),
    eventId: String(su.eventId),
    cardNo: String(su.cardNo),
    status,
    seats,
    position: status === 'waitlisted' ? position : null,
    members,
    awarded: Number(su.awarded ?? 0),
    hours: su.hours == null ? null : Number(su.hours),
    remind: Boolean(su.remind),
    createdAt: iso(su.createdAt),
    attendedAt: su.attendedAt ? iso(su.attendedAt) : null,
  };
}

/** The roster's line: names and card masked, always. */
export function rosterEntry(su: Doc, ev: Doc | null, holderName: string | undefined, position: number | null) {
  const status = effectiveStatus(su, ev);
  return {
    signupId: String(su._id),
    cardNo: maskCardNo(String(su.cardNo)),
    name: holderName ? maskName(holderName) : '',
    status,
    seats: Number(su.seats),
    members: ((su.members as Doc[] | undefined) ?? []).map((m) => maskName(String(m.name))),
    position: status === 'waitlisted' ? position : null,
    attended: Boolean(su.attendedAt),
    attendedAt: su.attendedAt ? iso(su.attendedAt) : null,
    awarded: Number(su.awarded ?? 0),
    hours: su.hours == null ? null : Number(su.hours),
    createdAt: iso(su.createdAt),
  };
}

/** 1-based waitlist position of a waitlisted sign-up. */
export async function waitlistPosition(ctx: Ctx, su: Doc): Promise<number | null> {
  if (su.status !== 'waitlisted') return null;
  const _ = ctx.db.command;
  const ahead = await ctx.db.collection(SIGNUPS).where({ eventId: su.eventId, status: 'waitlisted', waitKey: _.lt(String(su.waitKey)) }).count();
  return ahead.total + 1;
}

/** Positions of many waitlisted sign-ups of one event from one read of its waitlist. */
export async function waitlistPositions(ctx: Ctx, eventId: string): Promise<Map<string, number>> {
  const res = await ctx.db.collection(SIGNUPS).where({ eventId, status: 'waitlisted' }).orderBy('waitKey', 'asc').field({ _id: true }).limit(1000).get();
  return new Map(res.data.map((d, i) => [String(d._id), i + 1]));
}
