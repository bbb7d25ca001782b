import type { RecommendationStatus } from '../../../miniprogram/contract/books';
import type { Rules } from '../../../miniprogram/contract/points';
import { maskCardNo } from '../../../miniprogram/utils/mask';
import type { Ctx } from '../../runtime/context';
import { getOrNull, isDuplicateKey, type Doc } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { recordResult, together, transact } from '../../runtime/tx';
import { addDays, asDate, toIso } from '../../util/time';
import { cardToken, loadUser, resolveCard } from '../cards';
import { messageDoc, notify, type MessageInput } from '../inbox';
import { post } from '../ledger';
import { inactiveAmong, refuseInactive } from '../readers';
import { loadRules } from '../rules';
import { cachedBook, fetchBook } from './catalogue';
import { heldAmong, HOLDINGS, isHeld } from './holdings';
import { isbn13Of } from './isbn';
import { ofCards } from './shared';

// recommendations/rec_<cardToken>_<isbn13>: one per card and ISBN, so a repeat collides (DUPLICATE_SUBMISSION).
// The card appears only as its keyed token (cards.ts cardToken), since the id reaches staff screens.
// Documents stored before that keep their id rec_<cardNo>_<isbn13> (ledger entries and messages
// name it); every answer shows any document under its keyed id (publicRecommendationId) and a
// review finds the document by it, so old data keeps working and no card number leaves.
// book_counters/recommend_<card>: { times } of the card's recommendations inside the rolling
// window. Every recommend transaction writes it, so concurrent calls of one card serialise on it
// and the limit is exact. Status changes move every recommendation of the ISBN in the same status.
export const RECOMMENDATIONS = 'recommendations';
export const COUNTERS = 'book_counters';
const QUEUE_LIMIT = 1000;
/** Recommendations moved per transaction (each may touch rec, card and ledger). */
const REVIEW_CHUNK = 20;
const PATRON_PAGE = 'books/mine/mine';

const TRANSITIONS: Record<RecommendationStatus, RecommendationStatus[]> = {
  pending: ['adopted', 'rejected'],
  adopted: ['ordered'],
  ordered: ['available'],
  rejected: [],
  available: [],
};

/** The id of a card's recommendation of an ISBN: stored under it (new documents) and shown for it (all). */
export function recommendationId(ctx: Pick<Ctx, 'config'>, cardNo: string, isbn13: string): string {
  return `rec_${cardToken(ctx, 'recommendation', cardNo)}_${isbn13}`;
}

/** The id documents stored before keyed ids carry (read, never written). */
function legacyRecommendationId(cardNo: string, isbn13: string): string {
  return `rec_${cardNo}_${isbn13}`;
}

/** The id an answer shows for a stored recommendation, whichever id it is stored under. */
export function publicRecommendationId(ctx: Pick<Ctx, 'config'>, doc: Doc): string {
  return recommendationId(ctx, String(doc.cardNo), String(doc.isbn13));
}

function counterId(cardNo: string): string {
  return `recommend_${cardNo}`;
}

/** 'YYYY-MM-DD HH:mm' in Shanghai time, for message text. */
export function shanghaiMinute(d: Date): string {
  return toIso(d).slice(0, 16).replace('T', ' ');
}

export function recommendationView(ctx: Pick<Ctx, 'config'>, doc: Doc) {
  const history = Array.isArray(doc.history) ? doc.history : [];
  return {
    recommendationId: publicRecommendationId(ctx, doc),
    isbn13: String(doc.isbn13),
    title: String(doc.title ?? ''),
    author: String(doc.author ?? ''),
    publisher: String(doc.publisher ?? ''),
    reason: String(doc.reason ?? ''),
    status: doc.status as RecommendationStatus,
    rejectReason: (doc.rejectReason as string | null) ?? null,
    pointsAwarded: Number(doc.pointsAwarded ?? 0),
    cardNo: maskCardNo(String(doc.cardNo)),
    createdAt: toIso(asDate(doc.createdAt)),
    updatedAt: toIso(asDate(doc.updatedAt ?? doc.createdAt)),
    history: history.map((h: Doc) => ({ status: h.status as RecommendationStatus, at: toIso(asDate(h.at)), reason: (h.reason as string | null) ?? null })),
  };
}

/** The card's recommendation times still inside the window, oldest first. */
function recentTimes(counter: Doc | null, now: Date, rules: Rules): Date[] {
  const since = addDays(now, -rules.recommendWindowDays).getTime();
  const times = Array.isArray(counter?.times) ? counter!.times.map(asDate) : [];
  return times.filter((t: Date) => t.getTime() > since).sort((a: Date, b: Date) => a.getTime() - b.getTime());
}

function limitView(times: Date[], rules: Rules) {
  const limit = rules.recommendLimitPer30Days;
  const remaining = Math.max(0, limit - times.length);
  // Full: the next slot opens when enough of the counted ones leave the window.
  const freeing = times[times.length - limit];
  const nextAt = remaining > 0 || !freeing ? null : toIso(addDays(freeing, rules.recommendWindowDays));
  return { remaining, limit, windowDays: rules.recommendWindowDays, nextAt };
}

/** Details for the form, the holdings flag, how many asked for it, and the card's own standing. */
export async function lookup(ctx: Ctx, input: { isbn: string; cardNo?: string }) {
  const isbn13 = isbn13Of(input.isbn);
  const user = await loadUser(ctx);
  if (input.cardNo && !user.cards.includes(input.cardNo)) fail('CARD_NOT_BOUND');
  const cardNo = input.cardNo ?? user.current;
  const [cached, held, asked, rules, own, counter] = await Promise.all([
    cachedBook(ctx, isbn13),
    isHeld(ctx, isbn13),
    ctx.db.collection(RECOMMENDATIONS).where({ isbn13 }).count(),
    loadRules(ctx),
    cardNo ? ownRecommendation(ctx, cardNo, isbn13) : null,
    cardNo ? getOrNull(ctx.db.collection(COUNTERS).doc(counterId(cardNo))) : null,
  ]);
  const book = cached ?? (await fetchBook(ctx, isbn13));
  return {
    isbn13,
    book,
    held,
    recommendedBy: asked.total,
    mine: own ? { recommendationId: publicRecommendationId(ctx, own), status: own.status as RecommendationStatus } : null,
    limit: cardNo ? limitView(recentTimes(counter, ctx.now, rules), rules) : null,
  };
}

/** The card's recommendation of the ISBN, under its keyed or its legacy id. */
async function ownRecommendation(ctx: Ctx, cardNo: string, isbn13: string): Promise<Doc | null> {
  const col = ctx.db.collection(RECOMMENDATIONS);
  const [keyed, legacy] = await Promise.all([
    getOrNull(col.doc(recommendationId(ctx, cardNo, isbn13))),
    getOrNull(col.doc(legacyRecommendationId(cardNo, isbn13))),
  ]);
  return keyed ?? legacy;
}

/** A new pending recommendation (also used by the demo seed). */
export function pendingDoc(ctx: Pick<Ctx, 'config'>, p: { cardNo: string; openid: string; isbn13: string; title: string; author: string; publisher: string; reason: string; at: Date }): Doc {
  return {
    _id: recommendationId(ctx, p.cardNo, p.isbn13), cardNo: p.cardNo, openid: p.openid, isbn13: p.isbn13,
    title: p.title, author: p.author, publisher: p.publisher, reason: p.reason, status: 'pending', rejectReason: null,
    pointsAwarded: 0, history: [{ status: 'pending', at: p.at, reason: null }], createdAt: p.at, updatedAt: p.at,
  };
}

/** A card's counter: recommendation times inside the window and every ISBN it recommended (also used by the demo seed). */
export function counterDoc(cardNo: string, times: Date[], isbns: string[], at: Date): Doc {
  return { _id: counterId(cardNo), cardNo, times, isbns, updatedAt: at };
}

export interface RecommendInput { isbn: string; title?: string; author?: string; publisher?: string; reason?: string; cardNo?: string }

/**
 * Records a card's recommendation of a book the library does not hold. Title, author and
 * publisher as the patron confirmed them, else the looked-up details.
 */
export async function recommend(ctx: Ctx, input: RecommendInput) {
  const isbn13 = isbn13Of(input.isbn);
  const [{ cardNo }, rules, held, cached] = await Promise.all([
    resolveCard(ctx, input.cardNo),
    loadRules(ctx),
    isHeld(ctx, isbn13),
    input.title ? null : cachedBook(ctx, isbn13),
  ]);
  if (held) fail('BOOK_ALREADY_HELD');
  const found = input.title ? null : cached ?? (await fetchBook(ctx, isbn13));
  const title = input.title ?? found?.title;
  if (!title) fail('BOOK_TITLE_REQUIRED', 'title');

  // One read in the transaction: the counter knows the card's ISBNs (the deterministic id of the
  // recommendation backs it up). A twin with the same requestId collides on requests/<key>, and
  // the router then answers the twin's result.
  return transact(ctx, async (tx) => {
    const counter = await getOrNull(tx.collection(COUNTERS).doc(counterId(cardNo)));
    const isbns: string[] = Array.isArray(counter?.isbns) ? counter!.isbns : [];
    if (isbns.includes(isbn13)) fail('DUPLICATE_SUBMISSION');
    const times = recentTimes(counter, ctx.now, rules);
    if (times.length >= rules.recommendLimitPer30Days) {
      const { nextAt } = limitView(times, rules);
      fail('RECOMMEND_LIMIT_REACHED', undefined,
        `${rules.recommendWindowDays} 天内最多推荐 ${rules.recommendLimitPer30Days} 本，${nextAt ? `${shanghaiMinute(new Date(nextAt))} 后` : '之后'}可再推荐`);
    }
    const doc = pendingDoc(ctx, {
      cardNo, openid: ctx.openid, isbn13, title, at: ctx.now, reason: input.reason ?? '',
      author: input.author ?? found?.author ?? '', publisher: input.publisher ?? found?.publisher ?? '',
    });
    const nextTimes = [...times, ctx.now];
    const result: RecommendResult = { recommendation: recommendationView(ctx, doc), limit: limitView(nextTimes, rules) };
    await together([
      tx.collection(RECOMMENDATIONS).add({ data: doc }).catch((err) => {
        if (isDuplicateKey(err)) fail('DUPLICATE_SUBMISSION');
        throw err;
      }),
      tx.collection(COUNTERS).doc(counterId(cardNo)).set({ data: withoutId(counterDoc(cardNo, nextTimes, [...isbns, isbn13], ctx.now)) }),
      recordResult(tx, ctx, result),
    ]);
    return result;
  });
}
export interface RecommendResult { recommendation: ReturnType<typeof recommendationView>; limit: ReturnType<typeof limitView> }

/** Recommendations of the caller's bound cards, newest first. */
export async function myRecommendations(ctx: Ctx, cards: string[]) {
  return (await ofCards(ctx, RECOMMENDATIONS, cards)).map((d) => recommendationView(ctx, d));
}

function withoutId(doc: Doc): Doc {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}

/** Staff: one item per ISBN in `status`, oldest request first. */
export async function recommendationQueue(ctx: Ctx, status: RecommendationStatus = 'pending') {
  const res = await ctx.db.collection(RECOMMENDATIONS).where({ status }).orderBy('createdAt', 'asc').limit(QUEUE_LIMIT).get();
  const groups = new Map<string, Doc[]>();
  for (const d of res.data) groups.set(String(d.isbn13), [...(groups.get(String(d.isbn13)) ?? []), d]);
  const held = await heldAmong(ctx, [...groups.keys()]);
  const items = [...groups.entries()].map(([isbn13, docs]) => {
    const pick = (f: string) => String(docs.find((d) => d[f])?.[f] ?? '');
    return {
      isbn13, title: pick('title'), author: pick('author'), publisher: pick('publisher'), status,
      recommenders: docs.length,
      recommendationIds: docs.map((d) => publicRecommendationId(ctx, d)),
      reasons: docs.map((d) => String(d.reason ?? '')).filter(Boolean),
      held: held.has(isbn13),
      firstAt: toIso(asDate(docs[0].createdAt)),
      lastAt: toIso(asDate(docs[docs.length - 1].createdAt)),
    };
  });
  return { items };
}

function statusMessage(doc: Doc, status: RecommendationStatus, points: number, reason: string | null): MessageInput {
  const book = `《${String(doc.title)}》`;
  const texts: Partial<Record<RecommendationStatus, { title: string; body: string }>> = {
    adopted: { title: '图书推荐已采纳', body: `您推荐的${book}已被采纳${points > 0 ? `，获得 ${points} 积分` : ''}。图书馆将尽快采购。` },
    rejected: { title: '图书推荐未采纳', body: `您推荐的${book}未被采纳，原因：${reason ?? ''}。感谢您的推荐！` },
    ordered: { title: '推荐图书已采购', body: `您推荐的${book}已采购，上架后会再通知您。` },
    available: { title: '推荐图书可借阅', body: `您推荐的${book}已上架，可以借阅了。` },
  };
  const t = texts[status]!;
  return { openid: String(doc.openid ?? ''), cardNo: String(doc.cardNo), title: t.title, body: t.body, page: PATRON_PAGE };
}

/** Moves these recommendations from `from` to `to` in one transaction; the ones moved (with their message). */
async function moveChunk(ctx: Ctx, ids: string[], from: RecommendationStatus, to: RecommendationStatus, reason: string | null, rules: Rules) {
  return transact(ctx, async (tx) => {
    const docs = (await Promise.all(ids.map((id) => getOrNull(tx.collection(RECOMMENDATIONS).doc(id)))))
      .filter((d): d is Doc => !!d && d.status === from);
    if (!docs.length) return [];
    const points = to === 'adopted' ? rules.recommendAdoptedPoints : 0;
    // One recommendation per card and ISBN: the cards of a chunk are distinct.
    const cards = points > 0 ? await Promise.all(docs.map((d) => getOrNull(tx.collection('cards').doc(String(d.cardNo))))) : [];
    const moved: { doc: Doc; msg: MessageInput }[] = [];
    await together(docs.map(async (d, i) => {
      const step = { status: to, at: ctx.now, reason: to === 'rejected' ? reason : null };
      const msg = statusMessage(d, to, points, reason);
      const patch: Doc = { status: to, updatedAt: ctx.now, history: [...(d.history ?? []), step] };
      if (to === 'rejected') patch.rejectReason = reason;
      if (points > 0) patch.pointsAwarded = points;
      const writes: Promise<unknown>[] = [
        tx.collection(RECOMMENDATIONS).doc(String(d._id)).update({ data: patch }),
        // Deterministic id: a message per recommendation and status, never two.
        tx.collection('messages').add({ data: { _id: `${String(d._id)}_${to}`, ...messageDoc(ctx, msg) } }),
      ];
      if (points > 0) {
        const card = cards[i];
        writes.push(post(tx, ctx, card ?? { balance: 0 }, {
          cardNo: String(d.cardNo), delta: points, reason: 'recommend', refId: String(d._id),
          entryId: `recommend_${String(d._id)}`, rulesVersion: rules.version, note: String(d.title), createCard: !card,
        }));
      }
      await together(writes);
      moved.push({ doc: { ...d, ...patch }, msg });
    }));
    // 可借阅: the library holds it now, so the 馆藏已有 flag follows.
    if (to === 'available') {
      await tx.collection(HOLDINGS).doc(String(docs[0].isbn13)).set({ data: { isbn13: String(docs[0].isbn13), importedAt: ctx.now, importedBy: ctx.openid, via: 'recommendation' } });
    }
    return moved;
  });
}

/**
 * Staff: one decision for every recommendation of the ISBN that shares this one's status.
 * Adopting awards each recommender once (ledger id recommend_<recommendationId>); each patron
 * is messaged. Already in the target status (e.g. a colleague was quicker): changed 0.
 */
export async function reviewRecommendation(ctx: Ctx, input: { recommendationId: string; status: RecommendationStatus; reason?: string }) {
  const col = ctx.db.collection(RECOMMENDATIONS);
  // The id names the ISBN (rec_<cardToken>_<isbn13>): one query reads the target and its group;
  // the target is matched by its shown id, whichever id it is stored under.
  const idIsbn = /_(97[89]\d{10})$/.exec(input.recommendationId)?.[1];
  if (!idIsbn) fail('RECOMMENDATION_NOT_FOUND');
  const [all, rules] = await Promise.all([col.where({ isbn13: idIsbn }).limit(QUEUE_LIMIT).get(), loadRules(ctx)]);
  const target = all.data.find((d) => publicRecommendationId(ctx, d) === input.recommendationId);
  if (!target) fail('RECOMMENDATION_NOT_FOUND');
  const from = target.status as RecommendationStatus;
  const isbn13 = idIsbn;
  const to = input.status;
  if (from === to) return { recommendation: recommendationView(ctx, target), isbn13, changed: 0, recommendationIds: [], pointsAwarded: 0 };
  if (!TRANSITIONS[from].includes(to)) fail('INVALID_TRANSITION');

  let group = all.data.filter((d) => d.status === from);
  if (to === 'adopted' && rules.recommendAdoptedPoints > 0) {
    // Adopting awards points: an inactive card's recommendation is not adopted (it stays pending
    // until the card is active again); naming one answers CARD_INACTIVE and changes nothing.
    const inactive = await inactiveAmong(ctx, group.map((d) => String(d.cardNo)));
    refuseInactive(inactive.get(String(target.cardNo)));
    group = group.filter((d) => !inactive.has(String(d.cardNo)));
  }
  const ids = group.map((d) => String(d._id));
  const reason = input.reason ?? null;
  const moved: { doc: Doc; msg: MessageInput }[] = [];
  for (let i = 0; i < ids.length; i += REVIEW_CHUNK) moved.push(...(await moveChunk(ctx, ids.slice(i, i + REVIEW_CHUNK), from, to, reason, rules)));
  await Promise.all(moved.map((m) => notify(ctx, m.msg)));

  const mine = moved.find((m) => String(m.doc._id) === String(target._id))?.doc
    ?? (await getOrNull(col.doc(String(target._id)))) ?? target;
  return {
    recommendation: recommendationView(ctx, mine),
    isbn13,
    changed: moved.length,
    recommendationIds: moved.map((m) => publicRecommendationId(ctx, m.doc)),
    pointsAwarded: moved.reduce((s, m) => s + Number(m.doc.pointsAwarded && to === 'adopted' ? m.doc.pointsAwarded : 0), 0),
  };
}

