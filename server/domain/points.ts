import type { Ctx } from '../runtime/context';
import { getOrNull, isDuplicateKey, type Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { randomId } from '../util/crypto';
import { recordResult, transact } from '../runtime/tx';
import { dayId, previousDay, shanghaiDay } from '../util/time';
import { loadUser, resolveCard } from './cards';
import { ledgerEntryView, post } from './ledger';
import { directory } from './directory';
import { loadRoles } from './roles';
import { loadRules } from './rules';

/** A streak survives only while the last check-in was today or yesterday. */
function liveStreak(card: Doc | null, today: string): number {
  if (!card?.lastCheckinDay) return 0;
  return card.lastCheckinDay === today || card.lastCheckinDay === previousDay(today) ? Number(card.streak ?? 0) : 0;
}

/** Home: the current card's balance and today's check-in state in one call (no card: zeros). */
export async function summary(ctx: Ctx, cardNo?: string) {
  const user = await loadUser(ctx);
  const target = cardNo ?? user.current;
  if (cardNo && !user.cards.includes(cardNo)) fail('CARD_NOT_BOUND');
  if (!target) return { cardNo: null, balance: 0, checkedInToday: false, streak: 0 };
  const card = await getOrNull(ctx.db.collection('cards').doc(target));
  const today = shanghaiDay(ctx.now);
  return { cardNo: target, balance: Number(card?.balance ?? 0), checkedInToday: card?.lastCheckinDay === today, streak: liveStreak(card, today) };
}

/** 首页: the summary and the caller's staff roles (the staff entry), read in parallel. */
export async function home(ctx: Ctx) {
  const [sum, roles] = await Promise.all([summary(ctx), loadRoles(ctx)]);
  return { ...sum, roles };
}

/** Daily check-in: once per card per Shanghai day; every streakEvery-th consecutive day earns the bonus. */
export async function checkin(ctx: Ctx, cardNo?: string) {
  const card = await resolveCard(ctx, cardNo);
  const rules = await loadRules(ctx);
  const today = shanghaiDay(ctx.now);
  // The entry id (card + day) is the idempotency key: even if the card's lastCheckinDay were
  // wrong, a second entry for the day collides and nothing is credited twice.
  return transact(ctx, async (tx) => {
    const doc = await getOrNull(tx.collection('cards').doc(card.cardNo));
    if (!doc) fail('CARD_NOT_BOUND');
    if (doc.lastCheckinDay === today) fail('ALREADY_CHECKED_IN');
    const streak = doc.lastCheckinDay === previousDay(today) ? Number(doc.streak ?? 0) + 1 : 1;
    const bonus = streak % rules.streakEvery === 0 ? rules.streakBonus : 0;
    const awarded = rules.checkinPoints + bonus;
    const balance = await post(tx, ctx, doc, {
      cardNo: card.cardNo, delta: awarded, reason: 'checkin', refId: today, entryId: `checkin_${card.cardNo}_${dayId(ctx.now)}`,
      rulesVersion: rules.version, note: bonus ? `连续签到${streak}天，额外+${bonus}` : undefined,
      cardPatch: { lastCheckinDay: today, streak }, extra: { day: today },
    });
    const result = { awarded, balance, streak };
    await recordResult(tx, ctx, result);
    return result;
  }).catch((err: unknown) => (isDuplicateKey(err) ? fail('ALREADY_CHECKED_IN') : Promise.reject(err)));
}

/** The month's checked-in days for the check-in page calendar. */
export async function calendar(ctx: Ctx, input: { cardNo?: string; month?: string }) {
  const { cardNo } = await resolveCard(ctx, input.cardNo);
  const today = shanghaiDay(ctx.now);
  const month = input.month ?? today.slice(0, 7);
  const _ = ctx.db.command;
  const [entries, card, rules] = await Promise.all([
    ctx.db.collection('ledger').where({ cardNo, reason: 'checkin', day: _.and(_.gte(`${month}-01`), _.lte(`${month}-31`)) }).field({ day: true }).limit(31).get(),
    getOrNull(ctx.db.collection('cards').doc(cardNo)),
    loadRules(ctx),
  ]);
  const streak = liveStreak(card, today);
  const checkedInToday = card?.lastCheckinDay === today;
  const nextStreak = streak + 1; // the next check-in (today if not yet, else tomorrow)
  return {
    month,
    days: entries.data.map((e) => Number(String(e.day).slice(8, 10))).sort((a, b) => a - b),
    streak,
    checkedInToday,
    nextAward: rules.checkinPoints + (nextStreak % rules.streakEvery === 0 ? rules.streakBonus : 0),
  };
}

interface Cursor { t: number; id: string }
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.t === 'number' && typeof c.id === 'string') return c;
  } catch { /* fall through */ }
  return fail('INVALID_INPUT', 'cursor');
}

/** Points detail, newest first, default the last month; keyset-paged by (createdAt, _id). */
export async function ledger(ctx: Ctx, input: { cardNo?: string; from?: string; to?: string; cursor?: string; pageSize?: number }) {
  const { cardNo } = await resolveCard(ctx, input.cardNo);
  const _ = ctx.db.command;
  const to = input.to ? new Date(input.to) : ctx.now;
  const from = input.from ? new Date(input.from) : new Date(new Date(ctx.now).setMonth(ctx.now.getMonth() - 1));
  return pageLedger(ctx, { cardNo, createdAt: _.and(_.gte(from), _.lte(to)) }, input.cursor, input.pageSize ?? 20);
}

/** One page of ledger entries matching `range`, newest first, keyset-paged by (createdAt, _id). */
export async function pageLedger(ctx: Ctx, range: Doc, cursor: string | undefined, size: number) {
  const _ = ctx.db.command;
  let cond: Doc = range;
  if (cursor) {
    const c = decodeCursor(cursor);
    const at = new Date(c.t);
    cond = _.and([range, _.or([{ createdAt: _.lt(at) }, { createdAt: at, _id: _.lt(c.id) }])]);
  }
  const res = await ctx.db.collection('ledger').where(cond).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(size + 1).get();
  const page = res.data.slice(0, size);
  const last = page[page.length - 1];
  return {
    entries: page.map(ledgerEntryView),
    cursor: res.data.length > size && last ? encodeCursor({ t: new Date(last.createdAt).getTime(), id: String(last._id) }) : null,
  };
}

/**
 * Lost card: moves points between two of the caller's cards whose reader records share the
 * same name and ID-number hash, atomically, with a ledger entry on each side.
 */
export async function transfer(ctx: Ctx, input: { fromCardNo: string; toCardNo: string; amount: number }) {
  const { fromCardNo, toCardNo, amount } = input;
  if (fromCardNo === toCardNo) fail('TRANSFER_SAME_CARD', 'toCardNo');
  const user = await loadUser(ctx);
  if (!user.cards.includes(fromCardNo) || !user.cards.includes(toCardNo)) fail('CARD_NOT_BOUND');
  const dir = directory(ctx);
  const [fromReader, toReader, rules] = await Promise.all([
    dir.find(fromCardNo, { cached: true }),
    dir.find(toCardNo, { cached: true }),
    loadRules(ctx),
  ]);
  const a = fromReader.kind === 'found' ? fromReader.reader : null;
  const b = toReader.kind === 'found' ? toReader.reader : null;
  // Same person: same name and the same ID-number hash (a card with no known ID number never matches).
  if (!a || !b || a.name !== b.name || !a.idHash || a.idHash !== b.idHash) fail('TRANSFER_IDENTITY_MISMATCH');
  const ref = ctx.request.key ?? `xfer_${randomId(10)}`;
  return transact(ctx, async (tx) => {
    const from = await getOrNull(tx.collection('cards').doc(fromCardNo));
    const to = await getOrNull(tx.collection('cards').doc(toCardNo));
    if (!from || !to) fail('CARD_NOT_BOUND');
    if (Number(from.balance ?? 0) < amount) fail('INSUFFICIENT_POINTS');
    const fromBalance = await post(tx, ctx, from, { cardNo: fromCardNo, delta: -amount, reason: 'transfer_out', refId: toCardNo, entryId: `${ref}_out`, rulesVersion: rules.version });
    const toBalance = await post(tx, ctx, to, { cardNo: toCardNo, delta: amount, reason: 'transfer_in', refId: fromCardNo, entryId: `${ref}_in`, rulesVersion: rules.version });
    const result = { fromBalance, toBalance };
    await recordResult(tx, ctx, result);
    return result;
  });
}
