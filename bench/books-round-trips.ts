// Books actions on a warm local cloud: database round trips against each action's floor: one
// per document it must read and one per document it must write (a CloudBase transaction reads,
// then writes, by _id: no conditional update inside it), plus start and commit of its
// transaction, plus the router's reads (roles for staff actions, requests/<key> for a requestId).
// `docs` is the plainer count: distinct documents touched + start/commit.
import type { LocalCloud } from '../devcloud/server';
import { caller, getJson, table } from './lib';

const STAFF = 'bench-books-staff';
// Demo cards not used by the other round-trip rows.
const PATRONS = [['bench-books-a', '2023000110'], ['bench-books-b', '2023000111'], ['bench-books-c', '2023000112']] as const;

export async function bookRoundTrips(cloud: LocalCloud): Promise<void> {
  const call = caller(cloud.url);
  const rows: (string | number)[][] = [['books.action', 'db round trips', 'floor', 'vs floor', 'docs', 'ms', 'answer']];
  const record = async (label: string, floor: number, docs: number, openid: string, event: Record<string, unknown>) => {
    const res = await call('books', openid, event);
    const d = res.roundTrips - floor;
    rows.push([label, res.roundTrips, floor, d <= 2 ? `+${d} (within +2)` : `+${d} OVER`, docs, res.ms.toFixed(1), res.ok ? 'ok' : res.error!.code]);
    return res;
  };
  await call('admin', 'bench-admin', { action: 'grantRole', openid: STAFF, role: 'staff' });
  for (const [openid, cardNo] of PATRONS) {
    const phone = `138000000${cardNo.slice(-2)}`;
    await call('account', openid, { action: 'sendSmsCode', phone, purpose: 'bind' });
    const sms = await getJson(`${cloud.url}/dev/sms?phone=${phone}`);
    await call('account', openid, { action: 'bindCard', cardNo, phone, code: sms.messages[0].code });
  }
  // Every instance loads the bundle and caches the rules before anything is counted.
  await Promise.all(Array.from({ length: 12 }, () => call('books', STAFF, { action: 'mine' })));

  const [a, b, c] = PATRONS.map(([openid]) => openid);
  const gatsby = '9780743273565';
  // lookup: users, books, holdings, recommendations (count), own recommendation, counter (+ catalogue read, cache write).
  await record('lookup (cache miss → catalogue)', 8, 7, a, { action: 'lookup', isbn: gatsby });
  await record('lookup (cache hit)', 6, 6, a, { action: 'lookup', isbn: gatsby });
  await record('lookup (unknown ISBN)', 7, 7, a, { action: 'lookup', isbn: '9780306406157' });
  // recommend: read requests, users, holdings, counter; write recommendation, counter, requests; start/commit.
  const first = await record('recommend', 9, 7, a, { action: 'recommend', isbn: gatsby, title: 'The Great Gatsby', requestId: 'bench-books-rec-a' });
  await record('recommend (same requestId again)', 1, 1, a, { action: 'recommend', isbn: gatsby, title: 'The Great Gatsby', requestId: 'bench-books-rec-a' });
  await call('books', b, { action: 'recommend', isbn: gatsby, title: 'The Great Gatsby', requestId: 'bench-books-rec-b' });
  const single = await call('books', c, { action: 'recommend', isbn: '9780684801223', title: 'The Old Man and the Sea', requestId: 'bench-books-rec-c' });
  await record('recommendationQueue', 3, 3, STAFF, { action: 'recommendationQueue' });
  // review: read roles, requests, the ISBN's recommendations (query), each recommendation and card in the
  // transaction; write each recommendation, message, card, ledger entry, then requests; start/commit.
  await record('reviewRecommendation (adopt, 1 patron)', 12, 8, STAFF, { action: 'reviewRecommendation', recommendationId: single.data.recommendation.recommendationId, status: 'adopted', requestId: 'bench-books-review-1' });
  await record('reviewRecommendation (adopt, 2 patrons)', 18, 12, STAFF, { action: 'reviewRecommendation', recommendationId: first.data.recommendation.recommendationId, status: 'adopted', requestId: 'bench-books-review-2' });
  await record('reviewRecommendation (ordered, 2 patrons)', 12, 8, STAFF, { action: 'reviewRecommendation', recommendationId: first.data.recommendation.recommendationId, status: 'ordered', requestId: 'bench-books-review-3' });
  // donate: read requests, users; write donation, requests; start/commit.
  const pledged = await record('donate (2 books)', 6, 5, a, { action: 'donate', books: [{ isbn: '9780451524935', title: '1984' }, { isbn: '9780547928227', title: 'The Hobbit', copies: 2 }], requestId: 'bench-books-donate' });
  const code = pledged.data?.donation?.code ?? 'ABCDEFGHJK';
  // donationLookup: roles, donation, reader, holdings (query), yearly counter.
  await record('donationLookup', 5, 5, STAFF, { action: 'donationLookup', code });
  // confirmDonation: read roles, requests, donation, card, yearly counter; write donation, counter,
  // message, card, ledger entry, requests; start/commit.
  await record('confirmDonation', 13, 9, STAFF, { action: 'confirmDonation', code, acceptedIsbns: ['9780547928227'], requestId: 'bench-books-confirm' });
  await record('confirmDonation (again: refused)', 6, 5, STAFF, { action: 'confirmDonation', code, acceptedIsbns: ['9780547928227'], requestId: 'bench-books-confirm-2' });
  await record('mine', 3, 3, a, { action: 'mine' });
  console.log('\n## Books: database round trips per action (floor: one per document read and per document written + start/commit; docs: distinct documents + start/commit)');
  console.log(table(rows));
}
