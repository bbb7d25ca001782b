import { DEMO_CATALOGUE, DEMO_HOLDINGS, DEMO_RECOMMENDED } from '../../devcloud/seed-books';
import { ADMIN, call, expectLedgerInvariant, newPatron, ok, storedDocs, uid } from '../support/cloud';
import { makeStaff, raceBooks, randomIsbn, recommendEvent } from './helpers';

jest.setTimeout(120_000);

const notHeld = DEMO_CATALOGUE.filter((b) => !DEMO_HOLDINGS.includes(b.isbn13) && b.isbn13 !== DEMO_RECOMMENDED);

async function recsOf(cardNo: string) {
  return (await storedDocs('recommendations')).filter((d) => d.cardNo === cardNo);
}

describe('lookup', () => {
  test('a demo ISBN typed with spaces is found in the catalogue, answered as ISBN-13 and cached', async () => {
    const p = await newPatron();
    const res = await ok('books', p.openid, { action: 'lookup', isbn: '978 7 5442 5399 4' });
    expect(res.isbn13).toBe('9787544253994');
    expect(res.book).toMatchObject({ isbn13: '9787544253994', title: '百年孤独', author: '加西亚·马尔克斯', publisher: '南海出版公司' });
    expect(res.held).toBe(false);
    expect(res.mine).toBeNull();
    expect(res.limit).toMatchObject({ remaining: 5, limit: 5, windowDays: 30, nextAt: null });
    expect((await storedDocs('books')).find((d) => d._id === '9787544253994')).toMatchObject({ title: '百年孤独', source: 'catalogue' });
  });

  test('ISBN-10 with an X check digit is accepted and converted', async () => {
    const p = await newPatron();
    const res = await ok('books', p.openid, { action: 'lookup', isbn: '7-02-000220-x' });
    expect(res.isbn13).toBe('9787020002207');
    expect(res.held).toBe(true); // 红楼梦 is in the demo holdings
  });

  test('an unknown ISBN answers book null (manual entry) and caches nothing', async () => {
    const p = await newPatron();
    const isbn = randomIsbn();
    const res = await ok('books', p.openid, { action: 'lookup', isbn });
    expect(res).toMatchObject({ isbn13: isbn, book: null, held: false, recommendedBy: 0 });
    expect((await storedDocs('books')).find((d) => d._id === isbn)).toBeUndefined();
  });

  test('a wrong check digit is ISBN_INVALID with the likely ISBN as a hint', async () => {
    const p = await newPatron();
    const res = await call('books', p.openid, { action: 'lookup', isbn: '9787020002208' });
    expect(res.error).toMatchObject({ code: 'ISBN_INVALID', field: 'isbn' });
    expect(res.error!.message).toContain('978-7-02-000220-7');
  });
});

describe('recommend', () => {
  test('submit → pending with history; the lookup then shows mine and the count of patrons asking', async () => {
    const [a, b] = await Promise.all([newPatron(), newPatron()]);
    const isbn = randomIsbn();
    const first = await ok('books', a.openid, recommendEvent(isbn, { reason: '想读' }));
    expect(first.recommendation).toMatchObject({ isbn13: isbn, status: 'pending', reason: '想读', pointsAwarded: 0 });
    expect(first.recommendation.history).toEqual([expect.objectContaining({ status: 'pending', reason: null })]);
    expect(first.limit.remaining).toBe(4);
    await ok('books', b.openid, recommendEvent(isbn));
    const seen = await ok('books', a.openid, { action: 'lookup', isbn });
    expect(seen).toMatchObject({ recommendedBy: 2, mine: { recommendationId: first.recommendation.recommendationId, status: 'pending' } });
  });

  test('without a title the looked-up details are used; with neither the patron is asked for a title', async () => {
    const p = await newPatron();
    const book = notHeld[3];
    const res = await ok('books', p.openid, { action: 'recommend', isbn: book.isbn13, requestId: uid('req') });
    expect(res.recommendation).toMatchObject({ title: book.title, author: book.author, publisher: book.publisher });
    const unknown = await call('books', p.openid, { action: 'recommend', isbn: randomIsbn(), requestId: uid('req') });
    expect(unknown.error).toMatchObject({ code: 'BOOK_TITLE_REQUIRED', field: 'title' });
  });

  test('the same card cannot recommend the same ISBN twice (also typed as ISBN-10)', async () => {
    const p = await newPatron();
    await ok('books', p.openid, recommendEvent('9780596007126'));
    const again = await call('books', p.openid, recommendEvent('0-596-00712-4'));
    expect(again.error?.code).toBe('DUPLICATE_SUBMISSION');
    expect(await recsOf(p.cardNo)).toHaveLength(1);
  });

  test('a book the library holds cannot be recommended', async () => {
    const p = await newPatron();
    const isbn = randomIsbn();
    await ok('admin', ADMIN, { action: 'importHoldings', isbns: [isbn] });
    expect((await ok('books', p.openid, { action: 'lookup', isbn })).held).toBe(true);
    const res = await call('books', p.openid, recommendEvent(isbn));
    expect(res.error?.code).toBe('BOOK_ALREADY_HELD');
    expect(await recsOf(p.cardNo)).toHaveLength(0);
  });

  test('bad input writes nothing', async () => {
    const p = await newPatron();
    const bad = [
      { ...recommendEvent('9787020002208') }, // wrong check digit
      { ...recommendEvent('97870200022'), title: '短' }, // wrong length
      { ...recommendEvent(randomIsbn()), title: '书名\u0000' }, // control character
      { ...recommendEvent(randomIsbn()), reason: 'x'.repeat(301) },
      { ...recommendEvent(randomIsbn()), cardNo: 'NOTMYCARD1' },
    ];
    const codes = [];
    for (const ev of bad) codes.push((await call('books', p.openid, ev)).error?.code);
    expect(codes).toEqual(['ISBN_INVALID', 'ISBN_INVALID', 'INVALID_INPUT', 'INVALID_INPUT', 'CARD_NOT_BOUND']);
    expect(await recsOf(p.cardNo)).toHaveLength(0);
    expect((await storedDocs('book_counters')).find((d) => d._id === `recommend_${p.cardNo}`)).toBeUndefined();
  });

  test('the 6th recommendation within 30 days is refused with the date it becomes possible; after the window it is accepted', async () => {
    const p = await newPatron();
    const day = (d: number) => new Date(Date.parse('2031-03-01T10:00:00+08:00') + d * 86_400_000).toISOString();
    for (let i = 0; i < 5; i++) await ok('books', p.openid, recommendEvent(randomIsbn()), { now: day(i) });
    const sixth = await call('books', p.openid, recommendEvent(randomIsbn()), { now: day(10) });
    expect(sixth.error?.code).toBe('RECOMMEND_LIMIT_REACHED');
    // The first one (1 March 10:00) leaves the window 30 days later.
    expect(sixth.error?.message).toContain('2031-03-31 10:00');
    const look = await ok('books', p.openid, { action: 'lookup', isbn: randomIsbn() }, { now: day(10) });
    expect(look.limit.remaining).toBe(0);
    expect(look.limit.nextAt).toMatch(/^2031-03-31T10:00:00\.\d{3}\+08:00$/); // X-Dev-Now is exact to a few ms
    expect(await recsOf(p.cardNo)).toHaveLength(5);
    expect((await call('books', p.openid, recommendEvent(randomIsbn()), { now: day(29.99) })).error?.code).toBe('RECOMMEND_LIMIT_REACHED');
    const later = await ok('books', p.openid, recommendEvent(randomIsbn()), { now: day(30.001) });
    expect(later.limit.remaining).toBe(0);
    expect(await recsOf(p.cardNo)).toHaveLength(6);
  });

  test('20 recommendations of one ISBN by one card at once: exactly one', async () => {
    const p = await newPatron();
    const isbn = randomIsbn();
    const events = Array.from({ length: 20 }, () => recommendEvent(isbn));
    const r = await raceBooks(p.openid, events);
    expect(r.answers.filter((a) => a.ok)).toHaveLength(1);
    for (const a of r.answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('DUPLICATE_SUBMISSION');
    expect(await recsOf(p.cardNo)).toHaveLength(1);
    const counter = (await storedDocs('book_counters')).find((d) => d._id === `recommend_${p.cardNo}`);
    expect(counter.times).toHaveLength(1);
    await expectLedgerInvariant(p.openid, p.cardNo);
  });

  test('the same requestId three times at once: one recommendation, the same answer', async () => {
    const p = await newPatron();
    const event = recommendEvent(randomIsbn());
    const r = await raceBooks(p.openid, [event, event, event]);
    expect(r.answers.every((a) => a.ok)).toBe(true);
    expect(new Set(r.answers.map((a) => a.data.recommendation.recommendationId)).size).toBe(1);
    expect(await recsOf(p.cardNo)).toHaveLength(1);
  });

  test('20 recommendations of different ISBNs by one card at once: the limit stays exactly 5', async () => {
    const p = await newPatron();
    const events = Array.from({ length: 20 }, () => recommendEvent(randomIsbn()));
    const r = await raceBooks(p.openid, events);
    expect(r.answers.filter((a) => a.ok)).toHaveLength(5);
    for (const a of r.answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('RECOMMEND_LIMIT_REACHED');
    expect(await recsOf(p.cardNo)).toHaveLength(5);
    await expectLedgerInvariant(p.openid, p.cardNo);
  });
});

describe('staff review', () => {
  test('non-staff get FORBIDDEN for the queue and the review', async () => {
    const p = await newPatron();
    const { recommendation } = await ok('books', p.openid, recommendEvent(randomIsbn()));
    expect((await call('books', p.openid, { action: 'recommendationQueue' })).error?.code).toBe('FORBIDDEN');
    const res = await call('books', p.openid, { action: 'reviewRecommendation', recommendationId: recommendation.recommendationId, status: 'adopted', requestId: uid('req') });
    expect(res.error?.code).toBe('FORBIDDEN');
    expect((await recsOf(p.cardNo))[0].status).toBe('pending');
  });

  test('the queue groups by ISBN with the number of patrons asking, oldest first', async () => {
    const staff = await makeStaff();
    const [a, b, c] = await Promise.all([newPatron(), newPatron(), newPatron()]);
    const older = randomIsbn();
    const newer = randomIsbn();
    await ok('books', a.openid, recommendEvent(older, { reason: '经典' }), { now: '2020-01-01T09:00:00+08:00' });
    await ok('books', b.openid, recommendEvent(older), { now: '2020-01-02T09:00:00+08:00' });
    await ok('books', c.openid, recommendEvent(newer), { now: '2020-01-03T09:00:00+08:00' });
    const { items } = await ok('books', staff, { action: 'recommendationQueue' });
    const mine = items.filter((i: any) => [older, newer].includes(i.isbn13));
    expect(mine.map((i: any) => [i.isbn13, i.recommenders])).toEqual([[older, 2], [newer, 1]]);
    expect(mine[0]).toMatchObject({ status: 'pending', reasons: ['经典'], held: false });
    expect(mine[0].firstAt).toMatch(/^2020-01-01T09:00:00\.\d{3}\+08:00$/);
    const firstOlder = items.findIndex((i: any) => i.isbn13 === older);
    expect(items.slice(0, firstOlder).every((i: any) => i.firstAt <= mine[0].firstAt)).toBe(true);
  });

  test('adopting an ISBN three patrons asked for awards each exactly once, on their own card (different balances), even when two staff adopt at the same moment', async () => {
    const [s1, s2] = await Promise.all([makeStaff(), makeStaff()]);
    const patrons = await Promise.all([newPatron(), newPatron(), newPatron()]);
    const isbn = randomIsbn();
    const recs: any[] = [];
    for (const p of patrons) recs.push((await ok('books', p.openid, recommendEvent(isbn))).recommendation);
    // Different starting balances (patron i checks in on i days), so each award must land on its own card.
    for (const [i, p] of patrons.entries()) {
      for (let d = 1; d <= i; d++) await ok('points', p.openid, { action: 'checkin' }, { now: `2030-06-0${d}T12:00:00+08:00` });
    }
    const before = await Promise.all(patrons.map((p) => expectLedgerInvariant(p.openid, p.cardNo)));
    expect(new Set(before).size).toBe(3);

    const events = [s1, s2].flatMap((s, k) => [0, 1].map((j) => ({ s, ev: { action: 'reviewRecommendation', recommendationId: recs[(k + j) % 3].recommendationId, status: 'adopted', requestId: uid('req') } })));
    const r = await raceBooks((i) => events[i].s, events.map((e) => e.ev));
    expect(r.answers.every((a) => a.ok)).toBe(true);
    expect(r.answers.reduce((n, a) => n + a.data.changed, 0)).toBe(3);

    for (const [i, p] of patrons.entries()) {
      expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(before[i] + 5);
      const { messages } = await ok('inbox', p.openid, { action: 'messages' });
      expect(messages.filter((m: any) => m.title === '图书推荐已采纳')).toHaveLength(1);
      const { recommendations } = await ok('books', p.openid, { action: 'mine' });
      expect(recommendations[0]).toMatchObject({ isbn13: isbn, status: 'adopted', pointsAwarded: 5 });
    }
    const entries = (await storedDocs('ledger')).filter((e) => e.reason === 'recommend' && patrons.some((p) => p.cardNo === e.cardNo));
    expect(entries).toHaveLength(3);
  });

  test('reject needs a reason, which the patron sees; illegal transitions are INVALID_TRANSITION', async () => {
    const staff = await makeStaff();
    const p = await newPatron();
    const { recommendation } = await ok('books', p.openid, recommendEvent(randomIsbn()));
    const review = (status: string, reason?: string) => call('books', staff, { action: 'reviewRecommendation', recommendationId: recommendation.recommendationId, status, requestId: uid('req'), ...(reason ? { reason } : {}) });
    expect((await review('rejected')).error).toMatchObject({ code: 'INVALID_INPUT', field: 'reason' });
    expect((await review('available')).error?.code).toBe('INVALID_TRANSITION');
    expect((await review('ordered')).error?.code).toBe('INVALID_TRANSITION');
    const rejected = await review('rejected', '馆藏已有其他版本');
    expect(rejected.data.recommendation).toMatchObject({ status: 'rejected', rejectReason: '馆藏已有其他版本', pointsAwarded: 0 });
    expect((await review('adopted')).error?.code).toBe('INVALID_TRANSITION');
    const { messages } = await ok('inbox', p.openid, { action: 'messages' });
    expect(messages[0]).toMatchObject({ title: '图书推荐未采纳' });
    expect(messages[0].body).toContain('馆藏已有其他版本');
    expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(p.bound.card.points);
  });

  test('adopted → ordered → available moves every recommender, messages each, and the book becomes held', async () => {
    const staff = await makeStaff();
    const [a, b] = await Promise.all([newPatron(), newPatron()]);
    const isbn = randomIsbn();
    const ra = (await ok('books', a.openid, recommendEvent(isbn))).recommendation;
    await ok('books', b.openid, recommendEvent(isbn));
    for (const status of ['adopted', 'ordered', 'available']) {
      const res = await ok('books', staff, { action: 'reviewRecommendation', recommendationId: ra.recommendationId, status, requestId: uid('req') });
      expect(res.changed).toBe(2);
    }
    for (const p of [a, b]) {
      const { recommendations } = await ok('books', p.openid, { action: 'mine' });
      expect(recommendations[0].status).toBe('available');
      expect(recommendations[0].history.map((h: any) => h.status)).toEqual(['pending', 'adopted', 'ordered', 'available']);
      const titles = (await ok('inbox', p.openid, { action: 'messages' })).messages.map((m: any) => m.title);
      expect(titles).toEqual(expect.arrayContaining(['图书推荐已采纳', '推荐图书已采购', '推荐图书可借阅']));
    }
    expect((await ok('books', a.openid, { action: 'lookup', isbn })).held).toBe(true);
  });

  test('unknown recommendation → RECOMMENDATION_NOT_FOUND', async () => {
    const staff = await makeStaff();
    const res = await call('books', staff, { action: 'reviewRecommendation', recommendationId: 'rec_nope', status: 'adopted', requestId: uid('req') });
    expect(res.error?.code).toBe('RECOMMENDATION_NOT_FOUND');
  });
});

test("a patron's mine never shows another patron's items", async () => {
  const [a, b] = await Promise.all([newPatron(), newPatron()]);
  const isbn = randomIsbn();
  await ok('books', a.openid, recommendEvent(isbn));
  await ok('books', b.openid, recommendEvent(isbn));
  await ok('books', b.openid, { action: 'donate', books: [{ isbn: randomIsbn(), title: '捐的书' }], requestId: uid('req') });
  const mineA = await ok('books', a.openid, { action: 'mine' });
  expect(mineA.recommendations).toHaveLength(1);
  expect(mineA.recommendations[0].cardNo).toMatch(new RegExp(`${a.cardNo.slice(-4)}$`));
  expect(mineA.donations).toHaveLength(0);
  const stranger = await ok('books', uid('nobody'), { action: 'mine' });
  expect(stranger).toMatchObject({ recommendations: [], donations: [] });
});
