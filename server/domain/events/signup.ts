import type { EventView, MySignupView } from '../../../miniprogram/contract/events';
import type { Ctx } from '../../runtime/context';
import { getOrNull, isDuplicateKey, type Doc } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { recordResult, together, transact } from '../../runtime/tx';
import { asDate, shanghaiDay } from '../../util/time';
import { loadUser, resolveCard } from '../cards';
import { requireActiveCard } from '../readers';
import { loadRules } from '../rules';
import { BLOCKS, SIGNUPS, eventBase, loadEvent, mySignupView, shareOf, signupClosed, signupIdOf, waitKey, waitlistPosition, type Viewer } from './model';
import { fullViews, pickMine } from './read';
import { claimSeat, compactSeats, notifyPromoted, promoteInTx, sample, slotState, waitingList, type Promotion } from './seats';
import { volunteerIdOf } from './volunteers';

// Sign-up and cancel. A sign-up is signups/<eventId>_<cardToken>: a second one for the same card
// collides on the id (ALREADY_SIGNED_UP); after a cancel the same document is re-used (`round`).

/** Rounds of "a slot read as free was taken meanwhile" (each re-reads the slots), within the tx time budget. */
const MAX_SLOT_ROUNDS = 8;

export interface SignupInput { eventId: string; cardNo?: string; memberIds?: string[]; waitlist?: boolean; remind?: boolean; requestId?: string }

/** Family members of the caller named in the sign-up (each takes a seat). */
async function loadMembers(ctx: Ctx, ids: string[], max: number): Promise<Doc[]> {
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) fail('INVALID_INPUT', 'memberIds');
  if (unique.length > max) fail('TOO_MANY_MEMBERS');
  if (!unique.length) return [];
  const res = await ctx.db.collection('members').where({ _id: ctx.db.command.in(unique), openid: ctx.openid }).limit(unique.length).get();
  if (res.data.length !== unique.length) fail('MEMBER_NOT_FOUND');
  const byId = new Map(res.data.map((m) => [String(m._id), m]));
  return unique.map((id) => {
    const m = byId.get(id)!;
    return { memberId: id, name: String(m.name), relation: String(m.relation) };
  });
}

/** SIGNUP_BLOCKED, with the day it lifts, while a no-show block runs (rules 0 = off). */
export function refuseIfBlocked(block: Doc | null, now: Date, limit: number): void {
  if (!block || limit <= 0) return;
  const until = asDate(block.until);
  if (until.getTime() > now.getTime()) fail('SIGNUP_BLOCKED', undefined, `${shanghaiDay(until)} 起可再报名`);
}

export async function signup(ctx: Ctx, input: SignupInput) {
  const { cardNo } = await resolveCard(ctx, input.cardNo);
  const [ev, rules, block] = await Promise.all([
    loadEvent(ctx, input.eventId),
    loadRules(ctx),
    getOrNull(ctx.db.collection(BLOCKS).doc(ctx.openid)),
    requireActiveCard(ctx, cardNo), // a seat is what the card earns with: an inactive card takes none
  ]);
  if (ev.status === 'cancelled') fail('EVENT_CANCELLED');
  if (signupClosed(ev, ctx.now)) fail('EVENT_CLOSED');
  refuseIfBlocked(block, ctx.now, rules.noShowLimit);
  const volunteer = ev.kind === 'volunteer';
  if (volunteer && input.memberIds?.length) fail('INVALID_INPUT', 'memberIds'); // volunteers serve in person
  const [members, vol] = await Promise.all([
    loadMembers(ctx, input.memberIds ?? [], rules.maxMembersPerSignup),
    volunteer ? getOrNull(ctx.db.collection('volunteers').doc(volunteerIdOf(ctx.openid))) : Promise.resolve(null),
  ]);
  if (volunteer && vol?.status !== 'approved') fail('NOT_VOLUNTEER');
  const seats = 1 + members.length;
  if (seats > Number(ev.capacity)) fail('EVENT_FULL');

  const eventId = String(ev._id);
  const signupId = signupIdOf(ctx, eventId, cardNo);
  const col = ctx.db.collection(SIGNUPS);
  let existing: Doc | null = null;
  const deadline = Date.now() + ctx.config.txBudgetMs;
  // Slots this call picked in a lost attempt: most likely taken by the winner, so not picked again.
  const avoid = new Set<number>();
  const readSeats = async () => {
    let [state, waiting] = await Promise.all([slotState(ctx, ev), col.where({ eventId, status: 'waitlisted' }).count()]);
    if (state.high.length && state.free.length) {
      // Seats above a lowered capacity and free ones below it: move them down first (rare).
      await compactSeats(ctx, ev);
      [state, waiting] = await Promise.all([slotState(ctx, ev), col.where({ eventId, status: 'waitlisted' }).count()]);
    }
    const fits = state.free.length >= seats && !state.high.length;
    if (!fits && !input.waitlist) fail('EVENT_FULL');
    avoid.clear();
    return { state, waiting, fits };
  };
  for (let round = 1; ; round++) {
    let read = await readSeats(); // before the transaction: a full event costs no transaction
    try {
      const view = await transact(ctx, async (tx, attempt) => {
        // The last free seats: after lost conflicts, re-read which are still free (a plain read,
        // after this attempt's snapshot began, so slots committed before it show as taken).
        if (attempt > 1 && read.fits && read.state.free.filter((n) => !avoid.has(n)).length < seats) read = await readSeats();
        const { state, waiting, fits } = read;
        const fresh = state.free.filter((n) => !avoid.has(n));
        const pool = fresh.length >= seats ? fresh : state.free;
        let prior: Doc | null = null;
        if (existing) {
          prior = await getOrNull(tx.collection(SIGNUPS).doc(signupId));
          if (prior && prior.status !== 'cancelled') fail('ALREADY_SIGNED_UP');
        }
        const picks = fits ? sample(pool, seats) : [];
        picks.forEach((n) => avoid.add(n));
        const doc: Doc = {
          eventId, cardNo, openid: ctx.openid, kind: ev.kind, status: fits ? 'confirmed' : 'waitlisted',
          seats, slots: picks, members, waitKey: fits ? null : waitKey(ctx.now, signupId),
          remind: Boolean(input.remind), remindedAt: null, round: Number(prior?.round ?? 0) + 1,
          awarded: 0, hours: null, attendedAt: null, eventEndAt: ev.endAt, createdAt: ctx.now, updatedAt: ctx.now,
        };
        const result = {
          signup: mySignupView({ _id: signupId, ...doc }, ev, fits ? null : waiting.total + 1),
          event: {
            ...eventBase(ev, { seatsTaken: state.taken + picks.length, waitlisted: waiting.total + (fits ? 0 : 1) }, ctx.now),
            mySignup: null as MySignupView | null, mySignups: [] as MySignupView[],
          },
        };
        await together([
          prior ? tx.collection(SIGNUPS).doc(signupId).set({ data: doc }) : tx.collection(SIGNUPS).add({ data: { _id: signupId, ...doc } }),
          ...picks.map((n) => claimSeat(tx, eventId, n, signupId, ctx.now)),
          recordResult(tx, ctx, result),
        ]);
        return result;
      });
      // The waitlist position is exact after the commit (others may have joined meanwhile).
      if (view.signup.status === 'waitlisted') {
        view.signup.position = await waitlistPosition(ctx, { eventId, status: 'waitlisted', waitKey: waitKey(ctx.now, signupId) });
      }
      view.event.mySignup = view.signup;
      view.event.mySignups = [view.signup];
      return view;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Either this card's sign-up exists, or a slot read as free was taken meanwhile.
      const cur = await getOrNull(col.doc(signupId));
      if (cur && cur.status !== 'cancelled') fail('ALREADY_SIGNED_UP');
      if (cur) existing = cur;
      if (round >= MAX_SLOT_ROUNDS || Date.now() > deadline) fail('BUSY');
    }
  }
}

export interface CancelInput { eventId: string; cardNo?: string; signupId?: string; requestId?: string }

/**
 * The change a cancel by `viewer` makes: the caller's share only (model.ts shareOf). The holder of
 * the card gives up the card's own seat, the account that booked the members gives up theirs;
 * when nothing is left the sign-up is cancelled. `freed`: the slots let go (the last ones).
 */
function cancelChange(su: Doc, viewer: Viewer, now: Date): { change: Doc; freed: number[] } {
  const { holder, booker } = shareOf(su, viewer);
  const slots = (su.slots as number[] | undefined) ?? [];
  const members = (su.members as Doc[] | undefined) ?? [];
  const holderLeft = !su.holderCancelled;
  const keepsHolder = holderLeft && !holder;
  const keepsMembers = members.length > 0 && !booker;
  if (!keepsHolder && !keepsMembers) {
    return { change: { status: 'cancelled', slots: [], waitKey: null, cancelledAt: now, updatedAt: now }, freed: slots };
  }
  const leaving = (holder && holderLeft ? 1 : 0) + (booker ? members.length : 0);
  if (!leaving) fail('NOT_SIGNED_UP'); // nothing of it is the caller's any more
  const keep = su.status === 'confirmed' ? slots.slice(0, slots.length - leaving) : slots;
  const change: Doc = { seats: Number(su.seats) - leaving, slots: keep, updatedAt: now };
  if (holder) Object.assign(change, { holderCancelled: true, holderCancelledAt: now });
  if (booker) Object.assign(change, { members: [], membersCancelledAt: now });
  return { change, freed: slots.slice(keep.length) };
}

/**
 * The event as the canceller sees it after the commit (part of the stored answer, so a retry
 * answers the same): the view read before the transaction, less the freed seats and the sign-up
 * leaving the waitlist (a share-only cancel keeps it there), plus the promoted sign-ups (the
 * caller's own among them now confirmed).
 */
function eventAfterCancel(before: EventView, ev: Doc, su: Doc, done: MySignupView, freed: number, promoted: Promotion[], now: Date, current: string | null): EventView {
  const seatsTaken = before.seatsTaken - freed + promoted.reduce((n, p) => n + p.seats, 0);
  const leftWaitlist = su.status === 'waitlisted' && done.status === 'cancelled';
  const waitlisted = before.waitlisted - (leftWaitlist ? 1 : 0) - promoted.length;
  const up = new Set(promoted.map((p) => p.signupId));
  const others = before.mySignups.filter((s) => s.signupId !== done.signupId)
    .map((s): MySignupView => (up.has(s.signupId) ? { ...s, status: 'confirmed', position: null } : s));
  const mySignups = [done, ...others];
  return { ...eventBase(ev, { seatsTaken: Math.max(0, seatsTaken), waitlisted: Math.max(0, waitlisted) }, now), mySignup: pickMine(mySignups, current), mySignups };
}

/**
 * Frees the caller's seats of a sign-up (all of it, or their share when the card changed hands)
 * and promotes the earliest waitlisted sign-ups that fit, in one transaction. By `signupId` (the
 * page sends it: an account that gave the card up still cancels its members' seats) or by card.
 */
export async function cancel(ctx: Ctx, input: CancelInput) {
  const user = await loadUser(ctx);
  const viewer: Viewer = { openid: ctx.openid, cards: user.cards };
  let signupId: string;
  if (input.signupId) {
    if (!input.signupId.startsWith(`${input.eventId}_`)) fail('NOT_SIGNED_UP');
    signupId = input.signupId;
  } else {
    const { cardNo } = await resolveCard(ctx, input.cardNo);
    signupId = signupIdOf(ctx, input.eventId, cardNo);
  }
  const [ev, waiting] = await Promise.all([loadEvent(ctx, input.eventId), waitingList(ctx, input.eventId)]);
  if (ev.status === 'cancelled') fail('EVENT_CANCELLED');
  if (ctx.now.getTime() >= asDate(ev.startAt).getTime()) fail('EVENT_CLOSED');
  const others = waiting.filter((w) => String(w._id) !== signupId);
  const [state, [before]] = await Promise.all([
    others.length ? slotState(ctx, ev) : Promise.resolve({ free: [], taken: 0, high: [] }),
    fullViews(ctx, [ev]), // the page's event view, for the answer
  ]);

  const { result, promoted } = await transact(ctx, async (tx) => {
    const su = await getOrNull(tx.collection(SIGNUPS).doc(signupId));
    if (!su || su.status === 'cancelled') fail('NOT_SIGNED_UP');
    const share = shareOf(su, viewer);
    if (!share.holder && !share.booker) fail('NOT_SIGNED_UP');
    if (su.status !== 'confirmed' && su.status !== 'waitlisted') fail('EVENT_CLOSED');
    const { change, freed } = cancelChange(su, viewer, ctx.now);
    const done: Doc = { ...su, ...change };
    await tx.collection(SIGNUPS).doc(signupId).update({ data: change });
    const promotedNow = await promoteInTx(tx, ctx, { ev, reusable: freed, free: state.free, high: state.high, waiting: others });
    const signup = mySignupView(done, ev, null, viewer);
    const event = eventAfterCancel(before, ev, su, signup, freed.length, promotedNow, ctx.now, user.current);
    const answer = { signup, promoted: promotedNow.length, event };
    await recordResult(tx, ctx, answer);
    return { result: answer, promoted: promotedNow };
  });
  await notifyPromoted(ctx, ev, promoted);
  return result;
}
