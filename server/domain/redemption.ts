import type { Rules } from '../../miniprogram/contract/points';
import type { Ctx } from '../runtime/context';
import { getOrNull, type Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { recordResult, together, transact } from '../runtime/tx';
import { maskCardNo, maskName } from '../../miniprogram/utils/mask';
import { addDays, shanghaiClock, toIso } from '../util/time';
import { loadUser, resolveCard } from './cards';
import { messageDoc, notify, sendMessage, type MessageInput } from './inbox';
import { post } from './ledger';
import { ensureSharded, findUnit, isSharded, PRIZE_STOCK, readFirstShards, readShards, rememberShard, shardOrder, sumStock } from './prize-stock';
import { generateCode, isWellFormedCode, normalizeCode } from './redemption-code';
import { loadRules, pickupText } from './rules';

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

function date(v: unknown): Date {
  return v instanceof Date ? v : new Date(v as string);
}

export function effectiveStatus(doc: Doc, now: Date): RedemptionStatus {
  const status = doc.status as RedemptionStatus;
  if (status === 'pending' && date(doc.expiresAt).getTime() <= now.getTime()) return 'expired';
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
    createdAt: toIso(date(doc.createdAt)),
    expiresAt: toIso(date(doc.expiresAt)),
    collectedAt: doc.collectedAt ? toIso(date(doc.collectedAt)) : null,
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
 * Spends a card's points on one unit of a prize: one stock shard, balance, ledger entry,
 * redemption and the idempotent answer commit together. The same requestId answers the first
 * redemption. The prize document is only read, so a rush on one prize conflicts only when two
 * callers pick the same shard, and the loser retries on another (docs/RUSH.md).
 */
export async function redeem(ctx: Ctx, input: RedeemInput) {
  const requestKey = ctx.request.key;
  if (!requestKey) fail('INVALID_INPUT', 'requestId');
  const [{ cardNo }, rules, preview, shards] = await Promise.all([
    resolveCard(ctx, input.cardNo),
    loadRules(ctx),
    getOrNull(ctx.db.collection('prizes').doc(input.prizeId)),
    readShards(ctx.db, [input.prizeId]),
  ]);
  // Fail fast outside the transaction: a sold-out prize under a rush costs reads, not conflicts.
  if (!preview || preview.active === false) fail('PRIZE_UNAVAILABLE');
  const prize = isSharded(preview) ? preview : await ensureSharded(ctx, preview);
  const current = isSharded(preview) ? shards.get(input.prizeId)! : (await readShards(ctx.db, [input.prizeId])).get(input.prizeId)!;
  if (sumStock(current) <= 0) fail('OUT_OF_STOCK');

  const code = generateCode();
  let order = shardOrder(prize, current);
  let lost = false;
  const answer = transact(ctx, async (tx, attempt) => {
    // A retry follows a lost conflict, most likely on the shard tried last: try it last now.
    if (attempt > 1) {
      order = [...order.slice(1), order[0]];
      lost = true;
    }
    // Few sequential steps keep each shard's write lock short: reads together, writes together
    // (the answer is known before the writes), then commit.
    const [prior, prize, card, first] = await together([
      getOrNull(tx.collection('requests').doc(requestKey)),
      getOrNull(tx.collection('prizes').doc(input.prizeId)),
      getOrNull(tx.collection('cards').doc(cardNo)),
      readFirstShards(tx, order),
    ]);
    // A twin with the same requestId committed first: answer its result, apply nothing.
    if (prior) return prior.result as RedeemResult;
    if (!prize || prize.active === false) fail('PRIZE_UNAVAILABLE');
    if (!card) fail('INSUFFICIENT_POINTS');
    if (typeof card.boundTo === 'string' && card.boundTo !== ctx.openid) fail('CARD_NOT_BOUND');
    const cost = Number(prize.cost);
    const balance = Number(card.balance ?? 0) - cost;
    if (balance < 0) fail('INSUFFICIENT_POINTS');
    const unit = await findUnit(tx, order, first);
    if (!unit) fail('OUT_OF_STOCK');
    // Start the next attempt (if any) from the shard that had stock.
    order = [String(unit._id), ...order.filter((id) => id !== unit._id)];

    const doc: Doc = {
      _id: code, code, prizeId: input.prizeId, prizeName: String(prize.name), cost, cardNo,
      openid: ctx.openid, status: 'pending', createdAt: ctx.now,
      expiresAt: addDays(ctx.now, rules.redemptionValidDays),
      collectedAt: null, collectedBy: null, requestKey, shard: Number(unit.shard),
    };
    const result: RedeemResult = { redemption: redemptionView(doc, ctx.now), balance };
    await together([
      tx.collection(PRIZE_STOCK).doc(String(unit._id)).update({ data: { stock: Number(unit.stock) - 1, updatedAt: ctx.now } }),
      post(tx, ctx, card, {
        cardNo, delta: -cost, reason: 'redeem', refId: code, entryId: `redeem_${code}`,
        rulesVersion: rules.version, note: String(prize.name),
      }),
      tx.collection(REDEMPTIONS).add({ data: doc }),
      recordResult(tx, ctx, result),
    ]);
    return result;
  });
  // Keep the shard this instance took without a conflict (shardOrder tries it first next time).
  return answer.then(
    (result) => { rememberShard(input.prizeId, lost ? null : order[0]); return result; },
    (err: unknown) => { rememberShard(input.prizeId, null); throw err; },
  );
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
  const days = Math.round((date(doc.expiresAt).getTime() - date(doc.createdAt).getTime()) / DAY_MS);
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
    if (!cur || cur.status !== 'pending' || date(cur.expiresAt).getTime() > ctx.now.getTime()) return null;
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
          console.error(`[${ctx.fn}] expiring ${id} failed (log ${ctx.logId}):`, err instanceof Error ? err.message : err);
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
