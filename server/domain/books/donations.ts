import { DONATION_CODE_LENGTH, type DonationStatus } from '../../../miniprogram/contract/books';
import type { Rules } from '../../../miniprogram/contract/points';
import { maskCardNo, maskName } from '../../../miniprogram/utils/mask';
import type { Ctx } from '../../runtime/context';
import { getOrNull, type Doc } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { recordResult, together, transact } from '../../runtime/tx';
import { asDate, shanghaiDay, toIso } from '../../util/time';
import { resolveCard } from '../cards';
import { messageDoc, notify, type MessageInput } from '../inbox';
import { post } from '../ledger';
import { codeFormat, normalizeCode } from '../redemption-code';
import { loadRules, windowsText } from '../rules';
import { cachedBooks, fetchBooks } from './catalogue';
import { heldAmong } from './holdings';
import { isbn13Of } from './isbn';
import { ofCards } from './shared';
import { COUNTERS } from './recommendations';

// donations/<code>: the code is the _id (desk lookups are reads by id). Confirming flips
// status pledged → confirmed, credits the card and raises book_counters/donation_<card>_<year>
// (points credited that Shanghai calendar year) in one transaction, so the yearly cap holds
// under any concurrency and a donation is confirmed once.
export const DONATIONS = 'donations';
const DONATION_CODES = codeFormat(DONATION_CODE_LENGTH - 1);
const DEFAULT_DECLINE_REASON = '未予接收';
const PATRON_PAGE = 'books/mine/mine';

interface BookRow { isbn13: string; title: string; copies: number }
interface DeclinedRow extends BookRow { reason: string }

/** book_counters/pledged_<card>: { day, copies } — copies the card pledged that Shanghai day. */
function dayCounterId(cardNo: string): string {
  return `pledged_${cardNo}`;
}

function refuseOverDay(pledged: number, copies: number, rules: Rules): void {
  if (pledged + copies > rules.donationCopiesPerDay) {
    const left = Math.max(0, rules.donationCopiesPerDay - pledged);
    fail('DONATION_LIMIT_REACHED', 'books', `每张读者证每天最多登记 ${rules.donationCopiesPerDay} 册，今天还可登记 ${left} 册`);
  }
}

function yearCounterId(cardNo: string, at: Date): string {
  return `donation_${cardNo}_${shanghaiDay(at).slice(0, 4)}`;
}

export function dropOff(rules: Rules) {
  return { place: rules.donationPlace, text: windowsText(rules.donationWindows) };
}

function rows(v: unknown): BookRow[] {
  return Array.isArray(v) ? v.map((b: Doc) => ({ isbn13: String(b.isbn13), title: String(b.title ?? ''), copies: Number(b.copies ?? 0) })) : [];
}

export function donationView(doc: Doc) {
  return {
    donationId: String(doc._id),
    code: String(doc._id),
    status: doc.status as DonationStatus,
    books: rows(doc.books),
    totalCopies: Number(doc.totalCopies ?? 0),
    cardNo: maskCardNo(String(doc.cardNo)),
    createdAt: toIso(asDate(doc.createdAt)),
    confirmedAt: doc.confirmedAt ? toIso(asDate(doc.confirmedAt)) : null,
    accepted: rows(doc.accepted),
    declined: Array.isArray(doc.declined) ? (doc.declined as Doc[]).map((b) => ({ ...rows([b])[0], reason: String(b.reason ?? '') })) : [],
    pointsAwarded: Number(doc.pointsAwarded ?? 0),
    withheld: Number(doc.withheld ?? 0),
  };
}

/** A code as typed or scanned → the stored code, or DONATION_CODE_MALFORMED before any read. */
function parseCode(raw: string): string {
  const code = normalizeCode(raw);
  if (!DONATION_CODES.isWellFormed(code)) fail('DONATION_CODE_MALFORMED');
  return code;
}

/** A new pledged donation (also used by the demo seed). */
export function pledgeDoc(p: { code: string; cardNo: string; openid: string; books: BookRow[]; at: Date }): Doc {
  return {
    _id: p.code, cardNo: p.cardNo, openid: p.openid, status: 'pledged', books: p.books,
    totalCopies: p.books.reduce((s, b) => s + b.copies, 0),
    createdAt: p.at, confirmedAt: null, confirmedBy: null, accepted: [], declined: [], pointsAwarded: 0, withheld: 0,
  };
}

/** A new donation code (9 characters + check character). */
export function newDonationCode(): string {
  return DONATION_CODES.generate();
}

export interface DonateInput { books: { isbn: string; title?: string; copies?: number }[]; cardNo?: string }

/** Pledges books for a card: rows of one ISBN merge; titles come from the patron or the cache. */
export async function donate(ctx: Ctx, input: DonateInput) {
  const merged = new Map<string, BookRow>();
  input.books.forEach((b, i) => {
    const isbn13 = isbn13Of(b.isbn, `books.${i}.isbn`);
    const row = merged.get(isbn13) ?? { isbn13, title: '', copies: 0 };
    row.copies += b.copies ?? 1;
    row.title ||= b.title ?? '';
    merged.set(isbn13, row);
  });
  const books = [...merged.values()];
  const copies = books.reduce((s, b) => s + b.copies, 0);
  const untitled = books.filter((b) => !b.title).map((b) => b.isbn13);
  const [{ cardNo }, rules, cache] = await Promise.all([resolveCard(ctx, input.cardNo), loadRules(ctx), cachedBooks(ctx, untitled)]);
  if (copies > rules.donationCopiesPerPledge) fail('DONATION_LIMIT_REACHED', 'books', `每次最多登记 ${rules.donationCopiesPerPledge} 册`);
  const dayId = dayCounterId(cardNo);
  const today = shanghaiDay(ctx.now);
  const pledgedToday = (c: Doc | null) => (c?.day === today ? Number(c.copies ?? 0) : 0);
  // Over the day's cap already: refused before any metadata lookup.
  refuseOverDay(pledgedToday(await getOrNull(ctx.db.collection(COUNTERS).doc(dayId))), copies, rules);
  // Not cached yet (typed, not looked up): ask the metadata source; still unknown stays ''.
  const found = await fetchBooks(ctx, untitled.filter((i) => !cache.has(i)));
  books.forEach((b) => { b.title ||= cache.get(b.isbn13)?.title ?? found.get(b.isbn13)?.title ?? ''; });

  const code = newDonationCode();
  // A twin with the same requestId collides on requests/<key>; the router answers its result.
  // The card's day counter is checked and raised in the pledge's transaction: the cap is exact.
  return transact(ctx, async (tx) => {
    const before = pledgedToday(await getOrNull(tx.collection(COUNTERS).doc(dayId)));
    refuseOverDay(before, copies, rules);
    const doc = pledgeDoc({ code, cardNo, openid: ctx.openid, books, at: ctx.now });
    const result: DonateResult = { donation: donationView(doc), dropOff: dropOff(rules) };
    await together([
      tx.collection(DONATIONS).add({ data: doc }),
      tx.collection(COUNTERS).doc(dayId).set({ data: { cardNo, day: today, copies: before + copies, updatedAt: ctx.now } }),
      recordResult(tx, ctx, result),
    ]);
    return result;
  });
}
export interface DonateResult { donation: ReturnType<typeof donationView>; dropOff: ReturnType<typeof dropOff> }

/** Donations of the caller's bound cards, newest first. */
export async function myDonations(ctx: Ctx, cards: string[]) {
  return (await ofCards(ctx, DONATIONS, cards)).map(donationView);
}

/** Staff: the scanned donation with masked card and name, holdings flags, and the card's allowance left this year. */
export async function donationLookup(ctx: Ctx, rawCode: string) {
  const code = parseCode(rawCode);
  const [doc, rules] = await Promise.all([getOrNull(ctx.db.collection(DONATIONS).doc(code)), loadRules(ctx)]);
  if (!doc) fail('DONATION_NOT_FOUND');
  const view = donationView(doc);
  const [reader, held, counter] = await Promise.all([
    getOrNull(ctx.db.collection('readers').doc(String(doc.cardNo))),
    heldAmong(ctx, view.books.map((b) => b.isbn13)),
    getOrNull(ctx.db.collection(COUNTERS).doc(yearCounterId(String(doc.cardNo), ctx.now))),
  ]);
  return {
    donation: { ...view, name: reader?.name ? maskName(String(reader.name)) : '', books: view.books.map((b) => ({ ...b, held: held.has(b.isbn13) })) },
    pointsPerCopy: rules.donationPointsPerBook,
    yearRemaining: Math.max(0, rules.donationPointsPerYear - Number(counter?.awarded ?? 0)),
  };
}

export interface ConfirmInput {
  code: string;
  accepted?: { isbn: string; copies: number }[];
  acceptedIsbns?: string[];
  declined?: { isbn: string; reason: string }[];
  reason?: string;
}

interface DeskChoice { take: Map<string, number | 'all'>; reasons: Map<string, string>; reason?: string }

/** The desk's choice with every ISBN parsed (ISBN_INVALID before anything is read). */
function deskChoice(input: ConfirmInput): DeskChoice {
  const take = new Map<string, number | 'all'>();
  input.accepted?.forEach((a, i) => {
    const isbn13 = isbn13Of(a.isbn, `accepted.${i}.isbn`);
    const prev = take.get(isbn13);
    take.set(isbn13, (typeof prev === 'number' ? prev : 0) + a.copies);
  });
  input.acceptedIsbns?.forEach((raw, i) => take.set(isbn13Of(raw, `acceptedIsbns.${i}`), 'all'));
  const reasons = new Map((input.declined ?? []).map((d, i) => [isbn13Of(d.isbn, `declined.${i}.isbn`), d.reason] as const));
  return { take, reasons, reason: input.reason };
}

/** Accepted and declined copies per book, checked against the pledge (DONATION_BOOK_MISMATCH). */
function decide(pledged: BookRow[], choice: DeskChoice): { accepted: BookRow[]; declined: DeclinedRow[] } {
  const known = new Set(pledged.map((b) => b.isbn13));
  for (const isbn13 of [...choice.take.keys(), ...choice.reasons.keys()]) if (!known.has(isbn13)) fail('DONATION_BOOK_MISMATCH');
  const accepted: BookRow[] = [];
  const declined: DeclinedRow[] = [];
  for (const b of pledged) {
    const t = choice.take.get(b.isbn13) ?? 0;
    const copies = t === 'all' ? b.copies : t;
    if (copies > b.copies) fail('DONATION_BOOK_MISMATCH');
    if (copies > 0) accepted.push({ ...b, copies });
    if (b.copies - copies > 0) declined.push({ ...b, copies: b.copies - copies, reason: choice.reasons.get(b.isbn13) ?? choice.reason ?? DEFAULT_DECLINE_REASON });
  }
  return { accepted, declined };
}

function confirmedMessage(doc: Doc, accepted: BookRow[], declined: DeclinedRow[], awarded: number, withheld: number, rules: Rules): MessageInput {
  const list = (bs: BookRow[]) => bs.map((b) => `《${b.title || b.isbn13}》×${b.copies}`).join('、');
  const parts = [accepted.length ? `图书馆已接收您捐赠的 ${accepted.reduce((s, b) => s + b.copies, 0)} 册图书：${list(accepted)}。` : '您登记捐赠的图书本次未被接收。'];
  if (declined.length) parts.push(`未接收：${declined.map((b) => `《${b.title || b.isbn13}》×${b.copies}（${b.reason}）`).join('、')}。`);
  if (awarded > 0) parts.push(`获得 ${awarded} 积分。`);
  if (withheld > 0) parts.push(`每张读者证每年捐赠积分最多 ${rules.donationPointsPerYear} 分，本次另有 ${withheld} 分超出本年度上限未计入。`);
  parts.push('感谢您的捐赠！');
  return { openid: String(doc.openid ?? ''), cardNo: String(doc.cardNo), title: '图书捐赠已确认', body: parts.join(''), page: PATRON_PAGE };
}

/**
 * Staff: confirms a donation once. +donationPointsPerBook per accepted copy, as far as the
 * card's allowance for this calendar year goes; the rest is withheld and said in the message.
 */
export async function confirmDonation(ctx: Ctx, input: ConfirmInput) {
  const code = parseCode(input.code);
  const choice = deskChoice(input);
  const rules = await loadRules(ctx);
  const counterFor = (cardNo: string) => yearCounterId(cardNo, ctx.now);

  // Everything is decided inside the transaction from what it read: concurrent confirmations
  // all write donations/<code>, so one commits and the others, retried, find it confirmed.
  const outcome = await transact(ctx, async (tx) => {
    const doc = await getOrNull(tx.collection(DONATIONS).doc(code));
    if (!doc) fail('DONATION_NOT_FOUND');
    if (doc.status === 'confirmed') fail('DONATION_ALREADY_CONFIRMED');
    const { accepted, declined } = decide(rows(doc.books), choice);
    const cardNo = String(doc.cardNo);
    const counterRef = counterFor(cardNo);
    const copies = accepted.reduce((s, b) => s + b.copies, 0);
    const [card, counter] = await Promise.all([
      getOrNull(tx.collection('cards').doc(cardNo)),
      getOrNull(tx.collection(COUNTERS).doc(counterRef)),
    ]);
    const earned = copies * rules.donationPointsPerBook;
    const before = Number(counter?.awarded ?? 0);
    const awarded = Math.min(earned, Math.max(0, rules.donationPointsPerYear - before));
    const withheld = earned - awarded;
    const patch: Doc = { status: 'confirmed', confirmedAt: ctx.now, confirmedBy: ctx.openid, accepted, declined, pointsAwarded: awarded, withheld };
    const msg = confirmedMessage(doc, accepted, declined, awarded, withheld, rules);
    const result: ConfirmResult = { awarded, capped: withheld > 0, withheld, acceptedCopies: copies, donation: donationView({ ...doc, ...patch }) };
    const writes: Promise<unknown>[] = [
      tx.collection(DONATIONS).doc(code).update({ data: patch }),
      tx.collection(COUNTERS).doc(counterRef).set({ data: { cardNo, year: counterRef.slice(-4), awarded: before + awarded, updatedAt: ctx.now } }),
      tx.collection('messages').add({ data: { _id: `donation_${code}_confirmed`, ...messageDoc(ctx, msg) } }),
      recordResult(tx, ctx, result),
    ];
    if (awarded > 0) {
      writes.push(post(tx, ctx, card ?? { balance: 0 }, {
        cardNo, delta: awarded, reason: 'donation', refId: code, entryId: `donation_${code}`,
        rulesVersion: rules.version, note: `${copies} 册`, createCard: !card,
      }));
    }
    await together(writes);
    return { result, msg };
  });
  await notify(ctx, outcome.msg);
  return outcome.result;
}
export interface ConfirmResult {
  awarded: number; capped: boolean; withheld: number; acceptedCopies: number; donation: ReturnType<typeof donationView>;
}
