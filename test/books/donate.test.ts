import { DONATION_CODE_LENGTH } from '../../miniprogram/contract/books';
import { newDonationCode } from '../../server/domain/books/donations';
import { generateCode } from '../../server/domain/redemption-code';
import { ADMIN, call, expectLedgerInvariant, newPatron, ok, request, storedDocs, uid } from '../support/cloud';
import { makeStaff, raceBooks, randomIsbn } from './helpers';

jest.setTimeout(120_000);

let staff: string;
beforeAll(async () => {
  staff = await makeStaff();
});

async function pledge(openid: string, books: { isbn: string; title?: string; copies?: number }[], now?: string) {
  return ok('books', openid, { action: 'donate', books, requestId: uid('req') }, now ? { now } : {});
}

function confirm(code: string, extra: Record<string, unknown> = {}, now?: string) {
  return call('books', staff, { action: 'confirmDonation', code, requestId: uid('req'), ...extra }, now ? { now } : {});
}

async function donationEntries(cardNo: string) {
  return (await storedDocs('ledger')).filter((e) => e.cardNo === cardNo && e.reason === 'donation');
}

test('pledge: rows of one ISBN merge, titles come from the catalogue, the answer has the code and where to bring the books', async () => {
  const p = await newPatron();
  const own = randomIsbn();
  const { donation, dropOff } = await pledge(p.openid, [
    { isbn: '9787544270878' }, { isbn: '978-7-5442-7087-8', copies: 2 }, { isbn: own, title: '自己的书' },
  ]);
  expect(donation).toMatchObject({
    status: 'pledged', totalCopies: 4, accepted: [], declined: [], pointsAwarded: 0, withheld: 0, confirmedAt: null,
    books: [{ isbn13: '9787544270878', title: '解忧杂货店', copies: 3 }, { isbn13: own, title: '自己的书', copies: 1 }],
  });
  expect(donation.code).toHaveLength(DONATION_CODE_LENGTH);
  expect(donation.donationId).toBe(donation.code);
  expect(dropOff.place).toContain('服务台');
  expect(dropOff.text).toMatch(/\d\d:\d\d-\d\d:\d\d/);
  const mine = await ok('books', p.openid, { action: 'mine' });
  expect(mine.donations.map((d: any) => d.code)).toEqual([donation.code]);
});

test('bad input writes nothing', async () => {
  const p = await newPatron();
  const answers = await Promise.all([
    call('books', p.openid, { action: 'donate', books: [{ isbn: randomIsbn() }, { isbn: '9770000000000' }], requestId: uid('req') }),
    call('books', p.openid, { action: 'donate', books: [], requestId: uid('req') }),
    call('books', p.openid, { action: 'donate', books: [{ isbn: randomIsbn(), copies: 0 }], requestId: uid('req') }),
    call('books', p.openid, { action: 'donate', books: [{ isbn: randomIsbn(), title: '坏\u001b标题' }], requestId: uid('req') }),
  ]);
  expect(answers.map((a) => a.error?.code)).toEqual(['ISBN_INVALID', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT']);
  expect(answers[0].error?.field).toBe('books.1.isbn');
  expect((await storedDocs('donations')).filter((d) => d.cardNo === p.cardNo)).toHaveLength(0);
});

test('the desk sees masked card and name, holdings flags and the allowance left; non-staff get FORBIDDEN', async () => {
  const p = await newPatron({ name: '欧阳娜娜' });
  const held = randomIsbn();
  await ok('admin', ADMIN, { action: 'importHoldings', isbns: [held] });
  const { donation } = await pledge(p.openid, [{ isbn: held, title: '已有的书' }, { isbn: randomIsbn(), title: '新书' }]);
  // Typed with a hyphen and in lower case.
  const typed = `${donation.code.slice(0, 5)}-${donation.code.slice(5)}`.toLowerCase();
  const res = await ok('books', staff, { action: 'donationLookup', code: typed });
  expect(res.donation).toMatchObject({ code: donation.code, name: '欧***', status: 'pledged' });
  expect(res.donation.cardNo).not.toContain(p.cardNo.slice(0, 4));
  expect(res.donation.cardNo.endsWith(p.cardNo.slice(-4))).toBe(true);
  expect(res.donation.books.map((b: any) => b.held)).toEqual([true, false]);
  expect(res).toMatchObject({ pointsPerCopy: 10, yearRemaining: 100 });
  expect((await call('books', p.openid, { action: 'donationLookup', code: donation.code })).error?.code).toBe('FORBIDDEN');
  expect((await call('books', p.openid, { action: 'confirmDonation', code: donation.code, acceptedIsbns: [held], requestId: uid('req') })).error?.code).toBe('FORBIDDEN');
  expect((await storedDocs('donations')).find((d) => d._id === donation.code).status).toBe('pledged');
});

test('malformed, unknown and redemption codes are told apart', async () => {
  // Well-formed (right length and check character) but never issued.
  expect((await call('books', staff, { action: 'donationLookup', code: newDonationCode() })).error?.code).toBe('DONATION_NOT_FOUND');
  expect((await confirm(newDonationCode(), { acceptedIsbns: [] })).error?.code).toBe('DONATION_NOT_FOUND');
  // A redemption code has 11 characters: not a donation code.
  expect((await call('books', staff, { action: 'donationLookup', code: generateCode() })).error?.code).toBe('DONATION_CODE_MALFORMED');
  const p = await newPatron();
  const { donation } = await pledge(p.openid, [{ isbn: randomIsbn(), title: '书' }]);
  const typo = donation.code.slice(0, 9) + (donation.code[9] === '2' ? '3' : '2');
  expect((await call('books', staff, { action: 'donationLookup', code: typo })).error?.code).toBe('DONATION_CODE_MALFORMED');
});

test('a donation of 3 books: accept 2 → +20, the patron sees accepted and declined books and a message', async () => {
  const p = await newPatron();
  const [a, b, c] = [randomIsbn(), randomIsbn(), randomIsbn()];
  const { donation } = await pledge(p.openid, [{ isbn: a, title: '甲' }, { isbn: b, title: '乙' }, { isbn: c, title: '丙' }]);
  const before = await expectLedgerInvariant(p.openid, p.cardNo);
  const res = await confirm(donation.code, { acceptedIsbns: [a, b], declined: [{ isbn: c, reason: '书页破损' }] });
  expect(res.data).toMatchObject({ awarded: 20, capped: false, withheld: 0, acceptedCopies: 2 });
  expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(before + 20);
  const { donations } = await ok('books', p.openid, { action: 'mine' });
  expect(donations[0]).toMatchObject({
    status: 'confirmed', pointsAwarded: 20, withheld: 0,
    accepted: [{ isbn13: a, title: '甲', copies: 1 }, { isbn13: b, title: '乙', copies: 1 }],
    declined: [{ isbn13: c, title: '丙', copies: 1, reason: '书页破损' }],
  });
  const { messages } = await ok('inbox', p.openid, { action: 'messages' });
  expect(messages[0].title).toBe('图书捐赠已确认');
  expect(messages[0].body).toContain('书页破损');
  expect(messages[0].body).toContain('20 积分');
  // …and as a subscribe message (the dev outbox stands in for WeChat's).
  const outbox = (await request('GET', '/dev/outbox?kind=subscribe')).json.messages;
  expect(outbox.filter((m: any) => m.openid === p.openid && m.title === '图书捐赠已确认')).toHaveLength(1);
});

test('the same requestId twice at once: one donation, both answers the same code', async () => {
  const p = await newPatron();
  const event = { action: 'donate', books: [{ isbn: randomIsbn(), title: '重复提交' }], requestId: uid('req') };
  const r = await raceBooks(p.openid, [event, event, event]);
  expect(r.answers.every((a) => a.ok)).toBe(true);
  expect(new Set(r.answers.map((a) => a.data.donation.code)).size).toBe(1);
  expect((await storedDocs('donations')).filter((d) => d.cardNo === p.cardNo)).toHaveLength(1);
});

test('copies per book: part of a book\'s copies accepted; more than pledged or a foreign ISBN is refused and writes nothing', async () => {
  const p = await newPatron();
  const a = randomIsbn();
  const { donation } = await pledge(p.openid, [{ isbn: a, title: '多册', copies: 4 }]);
  expect((await confirm(donation.code, { accepted: [{ isbn: a, copies: 5 }] })).error?.code).toBe('DONATION_BOOK_MISMATCH');
  expect((await confirm(donation.code, { accepted: [{ isbn: randomIsbn(), copies: 1 }] })).error?.code).toBe('DONATION_BOOK_MISMATCH');
  expect((await confirm(donation.code, { accepted: [{ isbn: a, copies: 1 }], acceptedIsbns: [a] })).error?.code).toBe('INVALID_INPUT');
  expect(await donationEntries(p.cardNo)).toHaveLength(0);
  const res = await confirm(donation.code, { accepted: [{ isbn: a, copies: 3 }], reason: '重复册' });
  expect(res.data).toMatchObject({ awarded: 30, acceptedCopies: 3 });
  expect(res.data.donation.declined).toEqual([{ isbn13: a, title: '多册', copies: 1, reason: '重复册' }]);
});

test('20 confirmations of one code at once: one success, one award', async () => {
  const p = await newPatron();
  const isbn = randomIsbn();
  const { donation } = await pledge(p.openid, [{ isbn, title: '抢确认', copies: 2 }]);
  const before = await expectLedgerInvariant(p.openid, p.cardNo);
  const events = Array.from({ length: 20 }, () => ({ action: 'confirmDonation', code: donation.code, acceptedIsbns: [isbn], requestId: uid('req') }));
  const r = await raceBooks(staff, events);
  expect(r.answers.filter((a) => a.ok)).toHaveLength(1);
  for (const a of r.answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('DONATION_ALREADY_CONFIRMED');
  expect(await donationEntries(p.cardNo)).toHaveLength(1);
  expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(before + 20);
  const msgs = (await ok('inbox', p.openid, { action: 'messages' })).messages.filter((m: any) => m.title === '图书捐赠已确认');
  expect(msgs).toHaveLength(1);
});

test('the yearly cap: within a year never more than 100, what it withholds is said; it restarts on 1 January (Shanghai)', async () => {
  const p = await newPatron();
  const before = await expectLedgerInvariant(p.openid, p.cardNo);
  const eve = '2032-12-31T23:30:00+08:00';
  const newYear = '2033-01-01T00:10:00+08:00'; // still 31 December in UTC
  const first = await pledge(p.openid, [{ isbn: randomIsbn(), title: '八册', copies: 8 }], eve);
  const second = await pledge(p.openid, [{ isbn: randomIsbn(), title: '五册', copies: 5 }], eve);
  const third = await pledge(p.openid, [{ isbn: randomIsbn(), title: '三册', copies: 3 }], eve);
  expect((await confirm(first.donation.code, { acceptedIsbns: [first.donation.books[0].isbn13] }, eve)).data).toMatchObject({ awarded: 80, capped: false });
  const capped = await confirm(second.donation.code, { acceptedIsbns: [second.donation.books[0].isbn13] }, '2032-12-31T23:40:00+08:00');
  expect(capped.data).toMatchObject({ awarded: 20, capped: true, withheld: 30 });
  const look = await ok('books', staff, { action: 'donationLookup', code: third.donation.code }, { now: eve });
  expect(look.yearRemaining).toBe(0);
  const { messages } = await ok('inbox', p.openid, { action: 'messages' });
  expect(messages[0].body).toContain('30 分超出本年度上限');
  const next = await confirm(third.donation.code, { acceptedIsbns: [third.donation.books[0].isbn13] }, newYear);
  expect(next.data).toMatchObject({ awarded: 30, capped: false });
  expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(before + 130);
  const years = (await storedDocs('book_counters')).filter((d) => d.cardNo === p.cardNo && String(d._id).startsWith('donation_')).map((d) => [d._id, d.awarded]).sort();
  expect(years).toEqual([[`donation_${p.cardNo}_2032`, 100], [`donation_${p.cardNo}_2033`, 30]]);
});

test('confirmations of several donations of one card at once never pass the yearly cap', async () => {
  const p = await newPatron();
  const pledges: any[] = [];
  for (let i = 0; i < 6; i++) pledges.push((await pledge(p.openid, [{ isbn: randomIsbn(), title: `三册${i}`, copies: 3 }])).donation);
  const before = await expectLedgerInvariant(p.openid, p.cardNo);
  const r = await raceBooks(staff, pledges.map((d) => ({ action: 'confirmDonation', code: d.code, acceptedIsbns: [d.books[0].isbn13], requestId: uid('req') })));
  expect(r.answers.every((a) => a.ok)).toBe(true);
  expect(r.answers.reduce((s, a) => s + a.data.awarded, 0)).toBe(100);
  expect(r.answers.reduce((s, a) => s + a.data.withheld, 0)).toBe(80);
  expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(before + 100);
});
