import type { Rules } from '../../../miniprogram/contract/points';
import type { Ctx } from '../../runtime/context';
import { getOrNull, type Doc, type Tx } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { recordResult, together, transact } from '../../runtime/tx';
import { keyedHash, sameHash } from '../../util/crypto';
import { resolveCard } from '../cards';
import { post } from '../ledger';
import { loadRules } from '../rules';
import { SIGNUPS, iso, loadEvent, mySignupView, readerName, rosterEntry, signupIdOf } from './model';
import { asDate } from '../../util/time';

// On-site check-in. The staff screen shows `E1.<eventId>.<step>.<mac>`: step = ⌊time / stepSeconds⌋,
// mac = HMAC(YUE_EVENT_KEY, eventId.step). The current and the previous step are accepted, so a
// screenshot passed on goes stale within two steps. Only inside the event's check-in window.

const TOKEN_PREFIX = 'E1';
const MAC_HEX = 24;

function mac(ctx: Ctx, eventId: string, step: number): string {
  return keyedHash(ctx.config.eventKey, 'event-checkin', `${eventId}.${step}`).slice(0, MAC_HEX);
}

export function currentStep(now: Date, rules: Rules): number {
  return Math.floor(now.getTime() / 1000 / rules.attendanceStepSeconds);
}

export function tokenFor(ctx: Ctx, eventId: string, step: number): string {
  return `${TOKEN_PREFIX}.${eventId}.${step}.${mac(ctx, eventId, step)}`;
}

/** CHECKIN_TOKEN_INVALID unless the token is this event's, of the current or previous step, and genuine. */
export function verifyToken(ctx: Ctx, rules: Rules, eventId: string, token: string): void {
  const parts = token.trim().split('.');
  if (parts.length !== 4 || parts[0] !== TOKEN_PREFIX || parts[1] !== eventId || !/^\d{1,15}$/.test(parts[2])) fail('CHECKIN_TOKEN_INVALID');
  const step = Number(parts[2]);
  const now = currentStep(ctx.now, rules);
  if (step !== now && step !== now - 1) fail('CHECKIN_TOKEN_INVALID');
  if (!/^[0-9a-f]+$/.test(parts[3]) || !sameHash(parts[3], mac(ctx, eventId, step))) fail('CHECKIN_TOKEN_INVALID');
}

/** The check-in window: from attendanceWindowMinutes before the start to as long after the end. */
export function checkInWindow(ev: Doc, rules: Rules): { opens: Date; closes: Date } {
  const w = rules.attendanceWindowMinutes * 60_000;
  return { opens: new Date(asDate(ev.startAt).getTime() - w), closes: new Date(asDate(ev.endAt).getTime() + w) };
}

function refuseOutsideWindow(ev: Doc, rules: Rules, now: Date, untilEnd: boolean): void {
  if (ev.status === 'cancelled') fail('EVENT_CANCELLED');
  const { opens, closes } = checkInWindow(ev, rules);
  if (now.getTime() < opens.getTime()) fail('EVENT_NOT_STARTED');
  if (untilEnd && now.getTime() > closes.getTime()) fail('EVENT_CLOSED');
}

/** Staff: the QR text for now; the screen asks again when the step turns. */
export async function attendanceToken(ctx: Ctx, eventId: string) {
  const [ev, rules] = await Promise.all([loadEvent(ctx, eventId), loadRules(ctx)]);
  refuseOutsideWindow(ev, rules, ctx.now, true);
  const stepMs = rules.attendanceStepSeconds * 1000;
  const step = currentStep(ctx.now, rules);
  const nextStepAt = (step + 1) * stepMs;
  return {
    token: tokenFor(ctx, eventId, step),
    // Accepted while this step and the next one last.
    expiresAt: iso(new Date(nextStepAt + stepMs)),
    refreshInSeconds: Math.max(1, Math.ceil((nextStepAt - ctx.now.getTime()) / 1000)),
    stepSeconds: rules.attendanceStepSeconds,
    event: { eventId, title: String(ev.title), place: String(ev.place), startAt: iso(ev.startAt), endAt: iso(ev.endAt) },
  };
}

type CheckedIn = { su: Doc; awarded: number; balance: number; name?: string };

/**
 * Inside a transaction: checks a sign-up in once. Reader events award the event's points to the
 * sign-up's card (entry event_<signupId>); volunteer events record the check-in (their points come
 * with confirmed service).
 */
async function checkInTx(tx: Tx, ctx: Ctx, ev: Doc, rules: Rules, signupId: string, by: 'scan' | 'staff'): Promise<CheckedIn> {
  const su = await getOrNull(tx.collection(SIGNUPS).doc(signupId));
  if (!su || su.eventId !== ev._id) fail('NOT_SIGNED_UP');
  if (su.status === 'attended' || su.status === 'served' || su.attendedAt) fail('ALREADY_ATTENDED');
  // Staff may correct a no-show mark; a scan comes before the timer ever sets it.
  if (su.status !== 'confirmed' && !(by === 'staff' && su.status === 'absent')) fail('NOT_SIGNED_UP');
  // The card's holder gave up the card's own seat (the members booked on it still come).
  if (by === 'scan' && su.holderCancelled) fail('NOT_SIGNED_UP');
  const cardNo = String(su.cardNo);
  // Staff see the holder's name on the roster line: a plain read, with the card (not after the writes).
  const [card, name] = await Promise.all([
    getOrNull(tx.collection('cards').doc(cardNo)),
    by === 'staff' ? readerName(ctx, cardNo) : Promise.resolve(undefined),
  ]);
  const awarded = ev.kind === 'reader' ? Number(ev.points) : 0;
  const change: Doc = { status: ev.kind === 'reader' ? 'attended' : 'confirmed', attendedAt: ctx.now, attendedBy: by === 'staff' ? ctx.openid : 'scan', awarded, updatedAt: ctx.now };
  let balance = Number(card?.balance ?? 0);
  await together([
    tx.collection(SIGNUPS).doc(signupId).update({ data: change }),
    awarded > 0
      ? post(tx, ctx, card ?? {}, {
        cardNo, delta: awarded, reason: 'event', refId: String(ev._id), entryId: `event_${signupId}`,
        rulesVersion: rules.version, note: String(ev.title), createCard: !card,
      }).then((b) => { balance = b; })
      : Promise.resolve(),
  ]);
  return { su: { ...su, ...change }, awarded, balance, name };
}

/** checkInTx with the answer stored under the requestId in the same transaction. */
function checkIn<T>(ctx: Ctx, ev: Doc, rules: Rules, signupId: string, by: 'scan' | 'staff', answer: (r: CheckedIn) => T): Promise<T> {
  return transact(ctx, async (tx) => {
    const result = answer(await checkInTx(tx, ctx, ev, rules, signupId, by));
    await recordResult(tx, ctx, result);
    return result;
  });
}

export async function attend(ctx: Ctx, input: { eventId: string; token: string; cardNo?: string }) {
  const { cardNo } = await resolveCard(ctx, input.cardNo);
  const [ev, rules] = await Promise.all([loadEvent(ctx, input.eventId), loadRules(ctx)]);
  refuseOutsideWindow(ev, rules, ctx.now, true);
  verifyToken(ctx, rules, String(ev._id), input.token);
  return checkIn(ctx, ev, rules, signupIdOf(ctx, String(ev._id), cardNo), 'scan', (r) => ({
    awarded: r.awarded, balance: r.balance, cardNo, signup: mySignupView(r.su, ev, null),
  }));
}

/** 手动签到 from the roster: the same once-only award, from the opening of the window on. */
export async function manualAttend(ctx: Ctx, input: { eventId: string; signupId: string }) {
  const [ev, rules] = await Promise.all([loadEvent(ctx, input.eventId), loadRules(ctx)]);
  refuseOutsideWindow(ev, rules, ctx.now, false);
  return checkIn(ctx, ev, rules, input.signupId, 'staff', (r) => ({
    awarded: r.awarded, signup: rosterEntry(r.su, ev, r.name, null),
  }));
}
