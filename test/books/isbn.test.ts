import { parse } from 'isbn3';
import { DEMO_CATALOGUE, DEMO_DONOR, DEMO_HOLDINGS, DEMO_RECOMMENDED } from '../../devcloud/seed-books';
import { parseIsbn } from '../../server/domain/books/isbn';
import { ADMIN, call, ok, storedDocs } from '../support/cloud';
import { randomIsbn, withWrongCheckDigit } from './helpers';

describe('ISBN validation', () => {
  test.each([
    ['ISBN-13', '9787020002207', '9787020002207'],
    ['ISBN-13 with hyphens', '978-7-02-000220-7', '9787020002207'],
    ['ISBN-13 with spaces', ' 978 7 02 000220 7 ', '9787020002207'],
    ['ISBN-10 with X check digit', '702000220X', '9787020002207'],
    ['ISBN-10 with lower-case x and hyphens', '7-02-000220-x', '9787020002207'],
    ['ISBN-10 of an English book', '0-596-00712-4', '9780596007126'],
    ['ISBN-10 with X, another group', '0-8044-2957-X', '9780804429573'],
    ['979 prefix', '979-10-96908-02-8', '9791096908028'],
  ])('%s: %s → %s', (_what, input, expected) => {
    const r = parseIsbn(input);
    expect(r).toEqual({ ok: true, isbn13: expected });
  });

  test.each([
    ['wrong check digit (13)', '9787020002208', '校验位不符', '978-7-02-000220-7'],
    ['wrong check digit (10)', '7-02-000220-5', '校验位', null],
    ['too short', '97870200022', '10 位或 13 位', null],
    ['too long', '97870200022071', '10 位或 13 位', null],
    ['977 prefix (ISSN barcode)', '9770000000000', '978 或 979', null],
    ['letters', '97870200022A7', '只能包含数字', null],
    ['X in an ISBN-13', '978702000220X', '只能包含数字', null],
    ['empty', '', '10 位或 13 位', null],
  ])('%s: %s is refused (%s)', (_what, input, reason, suggestion) => {
    const r = parseIsbn(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain(reason);
    if (suggestion) expect(r.suggestion).toBe(suggestion);
  });

  test('random test ISBNs are valid and a changed check digit is not', () => {
    for (let i = 0; i < 50; i++) {
      const isbn = randomIsbn();
      expect(parseIsbn(isbn)).toEqual({ ok: true, isbn13: isbn });
      expect(parseIsbn(withWrongCheckDigit(isbn)).ok).toBe(false);
    }
  });
});

describe('demo catalogue', () => {
  test('30+ books, every ISBN valid by isbn3 and unique; holdings and the recommended book are in it', () => {
    expect(DEMO_CATALOGUE.length).toBeGreaterThanOrEqual(30);
    for (const b of DEMO_CATALOGUE) {
      expect(parse(b.isbn13)?.isbn13).toBe(b.isbn13);
      expect(b.title.length).toBeGreaterThan(0);
    }
    const isbns = DEMO_CATALOGUE.map((b) => b.isbn13);
    expect(new Set(isbns).size).toBe(isbns.length);
    for (const h of [...DEMO_HOLDINGS, DEMO_RECOMMENDED]) expect(isbns).toContain(h);
  });

  test('the seed holds two pending recommendations of one ISBN by different readers and a pledged donation', async () => {
    const recs = (await storedDocs('recommendations')).filter((d) => d.isbn13 === DEMO_RECOMMENDED && String(d.cardNo).startsWith('20230001'));
    expect(recs.filter((d) => d.status === 'pending').map((d) => d.cardNo).sort()).toEqual(['2023000105', '2023000106']);
    expect((await storedDocs('donations')).some((d) => d.cardNo === DEMO_DONOR && d.status === 'pledged')).toBe(true);
  });
});

describe('admin.importHoldings', () => {
  test('valid rows are imported once as ISBN-13, bad rows reported with row and reason; non-admins FORBIDDEN', async () => {
    const a = randomIsbn();
    const b = randomIsbn();
    const res = await ok('admin', ADMIN, { action: 'importHoldings', isbns: [a, '9787020002208', b.replace(/^978702/, '978-7-02-'), a, 'abc'] });
    expect(res.imported).toBe(2);
    expect(res.rejected).toEqual([
      { row: 2, value: '9787020002208', reason: expect.stringContaining('978-7-02-000220-7') },
      { row: 5, value: 'abc', reason: expect.stringContaining('数字') },
    ]);
    const held = (await storedDocs('holdings')).map((d) => d._id);
    expect(held).toEqual(expect.arrayContaining([a, b]));
    expect((await call('admin', 'not-an-admin', { action: 'importHoldings', isbns: [randomIsbn()] })).error?.code).toBe('FORBIDDEN');
  });
});
