// Inactive cards (readers.status = 'inactive', set by the import or setReaderStatus) neither earn
// nor spend: every such action answers CARD_INACTIVE with the library's reason and writes nothing;
// history stays readable; re-activation by import restores everything.
import { ADMIN, bindCard, call, expectLedgerInvariant, newReader, ok, storedDocs, uid } from '../support/cloud';
import { directDb } from '../support/db';
import { approvedVolunteer, at, DAY, HOUR, makeStaff, newEvent, signupEvent } from '../events/helpers';
import { newPrize, redeemEvent, storedStock } from '../rewards/helpers';
import { randomIsbn, recommendEvent } from '../books/helpers';
import { setReaderStatus } from '../../server/domain/readers';
import type { Ctx } from '../../server/runtime/context';
import { Fail } from '../../server/runtime/fail';

jest.setTimeout(120_000);

const REASON = '读者证已挂失';
const STEP_MS = 30_000;

type Reader = Awaited<ReturnType<typeof newReader>>;
const setStatus = (reader: Reader, status: 'active' | 'inactive', statusReason?: string) =>
  ok('admin', ADMIN, { action: 'importReaders', readers: [{ ...reader, status, ...(statusReason ? { statusReason } : {}) }] });

function expectInactive(answer: { ok: boolean; error?: { code: string; message: string; detail?: string } }) {
  expect(answer.error).toEqual({ code: 'CARD_INACTIVE', message: `该读者证已停用，请到服务台咨询（${REASON}）`, detail: REASON });
}

let staff: string;
beforeAll(async () => { staff = await makeStaff(); });

test('an inactive card is refused every earning and spending action, writes nothing, keeps its history; re-activation restores all', async () => {
  const openid = uid('inact');
  const a = await newReader({ name: '停用读者' });
  const b = await newReader({ name: '停用读者', idNumber: a.idNumber }); // the same person: transfers allowed
  await bindCard(openid, a);
  await bindCard(openid, b);
  await ok('account', openid, { action: 'setCurrentCard', cardNo: a.cardNo });
  const other = uid('inact-o');
  const c = await newReader();
  await bindCard(other, c);

  // Before: a sign-up for an event on site, a recommendation (also by another card), a pledge.
  const ev = await newEvent({ points: 15, startIn: 2 * HOUR, deadlineBeforeStart: HOUR });
  await ok('events', openid, signupEvent(ev.eventId, { cardNo: a.cardNo }));
  const later = await newEvent({ points: 5, startIn: 3 * DAY });
  const isbn = randomIsbn();
  const mineRec = (await ok('books', openid, recommendEvent(isbn, { cardNo: a.cardNo }))).recommendation.recommendationId;
  const otherRec = (await ok('books', other, recommendEvent(isbn))).recommendation.recommendationId;
  const { donation } = await ok('books', openid, { action: 'donate', cardNo: a.cardNo, books: [{ isbn: randomIsbn(), title: '捐赠的书' }], requestId: uid('req') });
  const prize = await newPrize({ cost: 20, stock: 5 });
  const during = at(Math.floor((new Date(ev.startAt).getTime() + 10 * 60_000) / STEP_MS) * STEP_MS + 5_000);
  const token = (await ok('events', staff, { action: 'attendanceToken', eventId: ev.eventId }, { now: during })).token;
  const roster = (await ok('events', staff, { action: 'roster', eventId: ev.eventId })).signups;

  await setStatus(a, 'inactive', REASON);
  const ledgerBefore = (await storedDocs('ledger')).filter((e) => e.cardNo === a.cardNo || e.cardNo === b.cardNo).length;

  expectInactive(await call('points', openid, { action: 'checkin' }));
  expectInactive(await call('rewards', openid, redeemEvent(prize.prizeId)));
  expect(await storedStock(prize.prizeId)).toBe(5);
  expectInactive(await call('events', openid, signupEvent(later.eventId)));
  expectInactive(await call('events', openid, { action: 'attend', eventId: ev.eventId, token, requestId: uid('req') }, { now: during }));
  expectInactive(await call('events', staff, { action: 'manualAttend', eventId: ev.eventId, signupId: roster[0].signupId }, { now: during }));
  expectInactive(await call('points', openid, { action: 'transfer', fromCardNo: a.cardNo, toCardNo: b.cardNo, amount: 10, requestId: uid('req') }));
  expectInactive(await call('points', openid, { action: 'transfer', fromCardNo: b.cardNo, toCardNo: a.cardNo, amount: 10, requestId: uid('req') }));
  expectInactive(await call('books', staff, { action: 'confirmDonation', code: donation.code, acceptedIsbns: [donation.books[0].isbn13], requestId: uid('req') }));
  expectInactive(await call('books', staff, { action: 'reviewRecommendation', recommendationId: mineRec, status: 'adopted', requestId: uid('req') }));
  // Adopting the book for another recommender leaves the inactive card's recommendation pending, unpaid.
  const adopted = await ok('books', staff, { action: 'reviewRecommendation', recommendationId: otherRec, status: 'adopted', requestId: uid('req') });
  expect(adopted).toMatchObject({ changed: 1, recommendationIds: [otherRec] });

  // Nothing written: balances, ledgers, the sign-up, the donation, the recommendation.
  expect((await storedDocs('ledger')).filter((e) => e.cardNo === a.cardNo || e.cardNo === b.cardNo)).toHaveLength(ledgerBefore);
  expect(await expectLedgerInvariant(openid, a.cardNo)).toBe(50);
  expect(await expectLedgerInvariant(openid, b.cardNo)).toBe(50);
  const books = await ok('books', openid, { action: 'mine' });
  expect(books.donations[0]).toMatchObject({ status: 'pledged' });
  expect(books.recommendations[0]).toMatchObject({ status: 'pending', pointsAwarded: 0 });
  expect((await ok('events', openid, { action: 'mine' })).signups).toEqual([expect.objectContaining({ eventId: ev.eventId, status: 'confirmed' })]);
  expect((await ok('rewards', openid, { action: 'mine' })).redemptions).toEqual([]);
  // History stays readable.
  expect((await ok('points', openid, { action: 'ledger', cardNo: a.cardNo })).entries).toEqual([expect.objectContaining({ reason: 'bind_bonus', delta: 50 })]);

  // Re-activated by the next import: everything works again.
  await setStatus(a, 'active');
  expect((await storedDocs('readers')).find((r) => r._id === a.cardNo)).not.toHaveProperty('statusReason');
  expect((await ok('points', openid, { action: 'checkin' })).awarded).toBeGreaterThan(0);
  expect((await ok('events', openid, { action: 'attend', eventId: ev.eventId, token, requestId: uid('req') }, { now: during })).awarded).toBe(15);
  await ok('rewards', openid, redeemEvent(prize.prizeId));
  await ok('points', openid, { action: 'transfer', fromCardNo: b.cardNo, toCardNo: a.cardNo, amount: 10, requestId: uid('req') });
  await ok('books', staff, { action: 'confirmDonation', code: donation.code, acceptedIsbns: [donation.books[0].isbn13], requestId: uid('req') });
  await ok('events', openid, signupEvent(later.eventId));
  expect(await ok('books', staff, { action: 'reviewRecommendation', recommendationId: mineRec, status: 'adopted', requestId: uid('req') })).toMatchObject({ changed: 1 });
  await expectLedgerInvariant(openid, a.cardNo);
});

test('confirmed volunteer service for an inactive card: CARD_INACTIVE, no hours, no points', async () => {
  const v = await approvedVolunteer(staff);
  const ev = await newEvent({ kind: 'volunteer', capacity: 5, points: 20, startIn: HOUR, deadlineBeforeStart: 10 * 60_000 });
  const { signup } = await ok('events', v.openid, signupEvent(ev.eventId));
  await setStatus(v.reader, 'inactive', REASON);
  const after = at(new Date(ev.endAt).getTime() + 10 * 60_000);
  expectInactive(await call('events', staff, { action: 'confirmService', eventId: ev.eventId, signupId: signup.signupId, hours: 3, requestId: uid('req') }, { now: after }));
  expect((await storedDocs('service')).filter((s) => s.signupId === signup.signupId)).toEqual([]);
  expect(await expectLedgerInvariant(v.openid, v.cardNo)).toBe(50);
  await setStatus(v.reader, 'active');
  expect((await ok('events', staff, { action: 'confirmService', eventId: ev.eventId, signupId: signup.signupId, hours: 3, requestId: uid('req') }, { now: after })).awarded).toBe(20);
});

test('setReaderStatus (the maintenance timer\'s way): inactive with a reason, then active again; a bad reason is refused', async () => {
  const openid = uid('inact-s');
  const r = await newReader();
  await bindCard(openid, r);
  const ctx = { db: directDb(), now: new Date() } as unknown as Ctx;
  expect(await setReaderStatus(ctx, r.cardNo, 'inactive', '冻结')).toEqual({ changed: true });
  expect(await setReaderStatus(ctx, r.cardNo, 'inactive', '冻结')).toEqual({ changed: false });
  expect((await call('points', openid, { action: 'checkin' })).error).toMatchObject({ code: 'CARD_INACTIVE', detail: '冻结' });
  await expect(setReaderStatus(ctx, r.cardNo, 'inactive', '冻\u0007结')).rejects.toBeInstanceOf(Fail);
  await expect(setReaderStatus(ctx, 'NOPE0000', 'inactive')).rejects.toMatchObject({ errorCode: 'CARD_NOT_FOUND' });
  await setReaderStatus(ctx, r.cardNo, 'active');
  expect((await storedDocs('readers')).find((x) => x._id === r.cardNo)).toMatchObject({ status: 'active', statusReason: null });
  await ok('points', openid, { action: 'checkin' });
});
