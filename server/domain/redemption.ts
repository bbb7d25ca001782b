import type { Rules } from '../../miniprogram/contract/points';
import type { Ctx } from '../runtime/context';
import { getOrNull, isDuplicateKey, type Doc } from '../runtime/db';
import { Fail, fail } from '../runtime/fail';
import { recordResult, together, transact } from '../runtime/tx';
import { maskCardNo, maskName } from '../../miniprogram/utils/mask';
import { addDays, asDate, shanghaiClock, toIso } from '../util/time';
import { loadUser, resolveCard } from './cards';
import { messageDoc, notify, sendMessage, type MessageInput } from './inbox';
import { post } from './ledger';
import { dropHold, ensureSharded, isSharded, readShards, releaseHold, reserveUnit, soldOut, sweepStaleHolds, type Redeemed } from './prize-stock';
import { generateCode, isWellFormedCode, normalizeCode } from './redemption-code';
import { loadRules, pickupText } from './rules';
import { logFailure } from '../runtime/log';

// redemptions/<code>: { code, prizeId, prizeName, cost, cardNo, openid, status, createdAt,
// expiresAt, collectedAt, collectedBy, expiredAt, requestKey }. The _id is the code, so desk
// lookups are reads by id; twins of one requestId collide on requests/<key>, written in the same
// transaction. Status 'pending' past expiresAt reads as 'expired' before the sweep stores it.
export type RedemptionStatus = 'pending' | 'collected' | 'expired';

const REDEMPTIONS = 'redemptions';
const MINE_LIMIT = 100;
const SWEEP_PAGE = 100;
const SWEEP_MAX_PAGES = 50;
const SWEEP_PARALLEL = 8;
const DAY_MS = 24 * 3600 * 1000;

export function effectiveStatus(doc: Doc, now: Date): RedemptionStatus {
  const status = doc.status as RedemptionStatus;
  if (status === 'pending' && asDate(doc.expiresAt).getTime() <= now.getTime()) return 'expired';
  return status;
}

function redemptionView(doc: Doc, now: Date) {
  return {
    code: String(doc.code ?? doc._id),
    prizeId: String(doc.prizeId),
    prizeName: String(doc.prizeName),
    cost: Number(doc.cost),
    status: effectiveStatus(doc, now),
    cardNo: String(doc.cardNo),
    createdAt: toIso(asDate(doc.createdAt)),
    expiresAt: toIso(asDate(doc.expiresAt)),
    collectedAt: doc.collectedAt ? toIso(asDate(doc.collectedAt)) : null,
  };
}

/** What the desk sees: card number and holder name masked. */
function staffView(doc: Doc, now: Date, holderName: string | undefined) {
  return { ...redemptionView(doc, now), cardNo: maskCardNo(String(doc.cardNo)), holderName: holderName ? maskName(holderName) : '' };
}

/** True when `now` falls in one of the rules' pickup windows (Asia/Shanghai). */
export function inPickupWindow(rules: Rules, now: Date): boolean {
  const { weekday, hhmm } = shanghaiClock(now);
  return rules.pickupWindows.some((w) => w.weekdays.includes(weekday) && hhmm >= w.from && hhmm < w.to);
}

/** 'YYYY-MM-DD HH:mm' in Shanghai time, for message text. */
function shanghaiMinute(d: Date): string {
  return toIso(d).slice(0, 16).replace('T', ' ');
}

/** A code as typed or scanned → the stored code, or REDEMPTION_CODE_MALFORMED before any read. */
function parseCode(raw: string): string {
  const code = normalizeCode(raw);
  if (!isWellFormedCode(code)) fail('REDEMPTION_CODE_MALFORMED');
  return code;
}

export interface RedeemInput { prizeId: string; cardNo?: string; requestId?: string }

/**
 * Spends a card's points on one unit of a prize. The unit is taken first, outside the
 * transaction, by a conditional update of one stock shard that records a hold for this
 * redemption's code; then balance, ledger entry, redemption and the idempotent answer commit
 * together, and the hold is dropped — or, when the transaction was refused, the unit given back.
 * The transaction writes no document shared with other patrons, so a rush on one prize does not
 * conflict (docs/RUSH.md). The same requestId answers the first redemption.
 */
export async function redeem(ctx: Ctx, input: RedeemInput) {
  const requestKey = ctx.request.key;
  if (!requestKey) fail('INVALID_INPUT', 'requestId');
  const cards = ctx.db.collection('cards');
  const [{ cardNo, card: seen }, rules, preview, shards] = await Promise.all([
    resolveCard(ctx, input.cardNo).then(async ({ cardNo }) => ({ cardNo, card: await getOrNull(cards.doc(cardNo)) })),
    loadRules(ctx),
    getOrNull(ctx.db.collection('prizes').doc(input.prizeId)),
    readShards(ctx.db, [input.prizeId]),
  ]);
  // Refusals found in these reads take no unit: under a rush they cost reads, not stock writes.
  if (!preview || preview.active === false) fail('PRIZE_UNAVAILABLE');
  const prize = isSharded(preview) ? preview : await ensureSharded(ctx, preview);
  const current = isSharded(preview) ? shards.get(input.prizeId)! : (await readShards(ctx.db, [input.prizeId])).get(input.prizeId)!;
  if (soldOut(ctx, current)) fail('OUT_OF_STOCK');
  refuseCard(ctx, seen, Number(prize.cost));

  const code = generateCode();
  const held = await reserveUnit(ctx, input.prizeId, current, code, redeemedCodes(ctx));
  if (!held) fail('OUT_OF_STOCK');
  let result: RedeemResult;
  try {
    result = await transact(ctx, async (tx) => {
      const [prior, prize, card] = await together([
        getOrNull(tx.collection('requests').doc(requestKey)),
        getOrNull(tx.collection('prizes').doc(input.prizeId)),
        getOrNull(tx.collection('cards').doc(cardNo)),
      ]);
      // A twin with the same requestId committed first: answer its result, apply nothing.
      if (prior) return prior.result as RedeemResult;
      if (!prize || prize.active === false) fail('PRIZE_UNAVAILABLE');
      const cost = Number(prize.cost);
      refuseCard(ctx, card, cost);
      const doc: Doc = {
        _id: code, code, prizeId: input.prizeId, prizeName: String(prize.name), cost, cardNo,
        openid: ctx.openid, status: 'pending', createdAt: ctx.now,
        expiresAt: addDays(ctx.now, rules.redemptionValidDays),
        collectedAt: null, collectedBy: null, requestKey, shard: held.shard,
      };
      const answer: RedeemResult = { redemption: redemptionView(doc, ctx.now), balance: Number(card.balance ?? 0) - cost };
      await together([
        post(tx, ctx, card, {
          cardNo, delta: -cost, reason: 'redeem', refId: code, entryId: `redeem_${code}`,
          rulesVersion: rules.version, note: String(prize.name),
        }),
        tx.collection(REDEMPTIONS).add({ data: doc }),
        recordResult(tx, ctx, answer),
      ]);
      return answer;
    });
  } catch (err) {
    // Refused, BUSY or a twin's duplicate request record: nothing committed, the unit goes back.
    // Any other error may hide a commit whose answer was lost: the hold is left to be reclaimed.
    if (err instanceof Fail || isDuplicateKey(err)) await settle(ctx, () => releaseHold(ctx, held.id, code));
    throw err;
  }
  // A twin's answer means this unit was not used.
  await settle(ctx, () => (result.redemption.code === code ? dropHold(ctx, held.id, code) : releaseHold(ctx, held.id, code)));
  return result;
}

/** The card may pay `cost`: it exists, is this caller's and holds enough points. */
function refuseCard(ctx: Ctx, card: Doc | null, cost: number): asserts card is Doc {
  if (!card) fail('INSUFFICIENT_POINTS');
  if (typeof card.boundTo === 'string' && card.boundTo !== ctx.openid) fail('CARD_NOT_BOUND');
  if (Number(card.balance ?? 0) < cost) fail('INSUFFICIENT_POINTS');
}

/** Settling a hold after the answer is known: a failure leaves it to reclaimStaleHolds, logged. */
async function settle(ctx: Ctx, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    logFailure(ctx, 'settling a stock hold failed', err);
  }
}

/** Which of these codes are stored redemptions (for settling stale holds). */
function redeemedCodes(ctx: Ctx): Redeemed {
  return async (codes) => {
    const found = new Set<string>();
    for (let i = 0; i < codes.length; i += SWEEP_PAGE) {
      const ids = codes.slice(i, i + SWEEP_PAGE);
      const res = await ctx.db.collection(REDEMPTIONS).where({ _id: ctx.db.command.in(ids) }).field({ _id: true }).limit(ids.length).get();
      for (const d of res.data) found.add(String(d._id));
    }
    return found;
  };
}

/** The maintenance timer's part: holds left by calls that died between taking a unit and answering. */
export function sweepHolds(ctx: Ctx) {
  return sweepStaleHolds(ctx, redeemedCodes(ctx));
}
export interface RedeemResult { redemption: ReturnType<typeof redemptionView>; balance: number }

/** The caller's redemptions for one of their cards (current by default), newest first. */
export async function myRedemptions(ctx: Ctx, cardNo?: string) {
  const [user, rules] = await Promise.all([loadUser(ctx), loadRules(ctx)]);
  if (cardNo && !user.cards.includes(cardNo)) fail('CARD_NOT_BOUND');
  const card = cardNo ?? user.current;
  const pickup = { text: pickupText(rules), place: rules.pickupPlace };
  if (!card) return { redemptions: [], pickup };
  const res = await ctx.db.collection(REDEMPTIONS).where({ cardNo: card }).orderBy('createdAt', 'desc').limit(MINE_LIMIT).get();
  return { redemptions: res.data.map((d) => redemptionView(d, ctx.now)), pickup };
}

/** Staff: what a scanned code is (masked card and holder), and whether now is pickup time. */
export async function staffLookup(ctx: Ctx, rawCode: string) {
  const code = parseCode(rawCode);
  const [doc, rules] = await Promise.all([getOrNull(ctx.db.collection(REDEMPTIONS).doc(code)), loadRules(ctx)]);
  if (!doc) fail('REDEMPTION_NOT_FOUND');
  const reader = await getOrNull(ctx.db.collection('readers').doc(String(doc.cardNo)));
  return {
    redemption: staffView(doc, ctx.now, reader?.name as string | undefined),
    inPickupWindow: inPickupWindow(rules, ctx.now),
    pickupText: pickupText(rules),
  };
}

function refuseUnlessPending(doc: Doc, now: Date): void {
  const status = effectiveStatus(doc, now);
  if (status === 'collected') fail('REDEMPTION_ALREADY_COLLECTED');
  if (status === 'expired') fail('REDEMPTION_EXPIRED');
}

/**
 * Staff: hands the prize over. Exactly one caller wins the conditional update; the patron is
 * told in My messages (and by subscribe message when allowed). Pickup hours are the desk's call.
 */
export async function fulfil(ctx: Ctx, rawCode: string) {
  const code = parseCode(rawCode);
  const col = ctx.db.collection(REDEMPTIONS);
  const doc = await getOrNull(col.doc(code));
  if (!doc) fail('REDEMPTION_NOT_FOUND');
  refuseUnlessPending(doc, ctx.now);

  const _ = ctx.db.command;
  const res = await col.where({ _id: code, status: 'pending', expiresAt: _.gt(ctx.now) })
    .update({ data: { status: 'collected', collectedAt: ctx.now, collectedBy: ctx.openid } });
  if (res.stats.updated !== 1) {
    // Someone else got there first (or the sweep): say why from the stored state.
    refuseUnlessPending((await getOrNull(col.doc(code))) ?? doc, ctx.now);
    fail('REDEMPTION_ALREADY_COLLECTED');
  }
  const collected = { ...doc, status: 'collected', collectedAt: ctx.now, collectedBy: ctx.openid };

  const title = '奖品已领取';
  const body = `您兑换的“${String(doc.prizeName)}”已于 ${shanghaiMinute(ctx.now)} 在服务台领取（兑换码 ${code}）。`;
  const [reader] = await Promise.all([
    getOrNull(ctx.db.collection('readers').doc(String(doc.cardNo))),
    sendMessage(ctx, patronMessage(doc, title, body), `redeem_collected_${code}`),
  ]);
  return { redemption: staffView(collected, ctx.now, reader?.name as string | undefined) };
}

function patronMessage(redemption: Doc, title: string, body: string): MessageInput {
  return { openid: String(redemption.openid ?? ''), cardNo: String(redemption.cardNo), title, body, page: 'pages/redemptions/redemptions' };
}

function expiredMessage(doc: Doc): { title: string; body: string } {
  const days = Math.round((asDate(doc.expiresAt).getTime() - asDate(doc.createdAt).getTime()) / DAY_MS);
  return {
    title: '兑换已过期',
    body: `您兑换的“${String(doc.prizeName)}”（兑换码 ${String(doc._id)}）超过 ${days} 天未领取，已作废，所用积分不退还。`,
  };
}

/** Flips one overdue redemption to expired with its message, atomically; null when already done. */
async function expireOne(ctx: Ctx, id: string): Promise<Doc | null> {
  return transact(ctx, async (tx) => {
    const ref = tx.collection(REDEMPTIONS).doc(id);
    const cur = await getOrNull(ref);
    if (!cur || cur.status !== 'pending' || asDate(cur.expiresAt).getTime() > ctx.now.getTime()) return null;
    const { title, body } = expiredMessage(cur);
    await ref.update({ data: { status: 'expired', expiredAt: ctx.now } });
    // Deterministic id: even a lost race cannot message the patron twice.
    await tx.collection('messages').add({ data: { _id: `redeem_expired_${id}`, ...messageDoc(ctx, patronMessage(cur, title, body)) } });
    return cur;
  });
}

/**
 * Marks pending redemptions past expiresAt as expired and messages each patron once.
 * Re-runnable (timers may fire twice); never refunds.
 */
export async function expireSweep(ctx: Ctx): Promise<{ expired: number }> {
  const _ = ctx.db.command;
  const seen = new Set<string>();
  let expired = 0;
  for (let page = 0; page < SWEEP_MAX_PAGES; page++) {
    const res = await ctx.db.collection(REDEMPTIONS)
      .where({ status: 'pending', expiresAt: _.lte(ctx.now) })
      .field({ _id: true })
      .limit(SWEEP_PAGE)
      .get();
    // Items that failed earlier in this run stay pending: skip them instead of looping forever.
    const ids = res.data.map((d) => String(d._id)).filter((id) => !seen.has(id));
    if (!ids.length) break;
    for (let i = 0; i < ids.length; i += SWEEP_PARALLEL) {
      const batch = ids.slice(i, i + SWEEP_PARALLEL);
      batch.forEach((id) => seen.add(id));
      const flipped = await Promise.all(batch.map(async (id) => {
        try {
          return await expireOne(ctx, id);
        } catch (err) {
          logFailure(ctx, 'expiring a redemption failed', err); // never the code: it collects the prize
          return null;
        }
      }));
      for (const doc of flipped) {
        if (!doc) continue;
        expired += 1;
        const { title, body } = expiredMessage(doc);
        await notify(ctx, patronMessage(doc, title, body));
      }
    }
    if (res.data.length < SWEEP_PAGE) break;
  }
  return { expired };
}
