// Recommendation ids reach staff screens: they carry a keyed token of the card, never its number.
// Documents stored under the old id rec_<cardNo>_<isbn13> are shown and reviewed under their keyed id.
import { installWx, renderPage } from './harness';
import { call, newPatron, ok, storedDocs, uid } from '../support/cloud';
import { directDb } from '../support/db';
import { makeStaff, randomIsbn, recommendEvent } from '../books/helpers';

jest.setTimeout(60_000);

const NOW = '2026-04-02T10:00:00+08:00';

/** A pending recommendation as stored before keyed ids (old data). */
async function legacyRecommendation(p: { openid: string; cardNo: string }, isbn13: string) {
  const at = new Date('2026-04-01T09:00:00+08:00');
  const _id = `rec_${p.cardNo}_${isbn13}`;
  await directDb().collection('recommendations').add({
    data: {
      _id, cardNo: p.cardNo, openid: p.openid, isbn13, title: '旧数据里的书', author: '旧作者', publisher: '', reason: '', status: 'pending',
      rejectReason: null, pointsAwarded: 0, history: [{ status: 'pending', at, reason: null }], createdAt: at, updatedAt: at,
    },
  });
  return _id;
}

test('the staff queue carries no card number, for new and old recommendations; adopting from it pays both', async () => {
  const isbn = randomIsbn();
  const [old, fresh] = [await newPatron(), await newPatron()];
  const storedId = await legacyRecommendation(old, isbn);
  const { recommendation } = await ok('books', fresh.openid, recommendEvent(isbn), { now: NOW });
  expect(recommendation.recommendationId).toMatch(/^rec_[0-9a-f]{20}_\d{13}$/);

  const staff = await makeStaff();
  const wx = installWx({ openid: staff, now: NOW });
  const queue = await renderPage('staff/recommendations/recommendations');
  expect(queue.text(`#count-${isbn}`)).toBe('2 位读者推荐');
  const shown = JSON.stringify(queue.data()) + queue.text();
  for (const p of [old, fresh]) expect(shown).not.toContain(p.cardNo);
  const answer = await ok('books', staff, { action: 'recommendationQueue' });
  const item = answer.items.find((i: any) => i.isbn13 === isbn);
  expect(item.recommendationIds).toHaveLength(2);
  for (const p of [old, fresh]) expect(JSON.stringify(answer)).not.toContain(p.cardNo);

  wx.script('showModal', { confirm: true });
  await queue.tap(`#next-${isbn}`);
  expect(wx.lastToast()).toContain('已采纳');
  // Both paid once; the old document keeps its id (its ledger entry and message name it).
  for (const p of [old, fresh]) expect((await ok('points', p.openid, { action: 'summary' })).balance).toBe(55);
  const entries = (await storedDocs('ledger')).filter((e) => e.reason === 'recommend' && (e.cardNo === old.cardNo || e.cardNo === fresh.cardNo));
  expect(entries.map((e) => e._id).sort()).toEqual([`recommend_${storedId}`, `recommend_${recommendation.recommendationId}`].sort());
  // The patron with the old document sees it under its keyed id; a repeat is still a duplicate.
  const mine = (await ok('books', old.openid, { action: 'mine' })).recommendations;
  expect(mine).toEqual([expect.objectContaining({ isbn13: isbn, status: 'adopted', recommendationId: expect.stringMatching(/^rec_[0-9a-f]{20}_\d{13}$/) })]);
  expect((await ok('books', old.openid, { action: 'lookup', isbn })).mine).toEqual({ recommendationId: mine[0].recommendationId, status: 'adopted' });
  // A card number in the id finds nothing (staff cannot probe with one).
  expect((await call('books', staff, { action: 'reviewRecommendation', recommendationId: storedId, status: 'ordered', requestId: uid('req') })).error?.code).toBe('RECOMMENDATION_NOT_FOUND');
  const review = await ok('books', staff, { action: 'reviewRecommendation', recommendationId: mine[0].recommendationId, status: 'ordered', requestId: uid('req') });
  expect(review.changed).toBe(2);
  for (const p of [old, fresh]) expect(JSON.stringify(review)).not.toContain(p.cardNo);
});
