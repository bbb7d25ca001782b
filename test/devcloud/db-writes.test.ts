// The local cloud tells, per invocation, how many of its database round trips were writes
// (X-Db-Writes; CloudBase bills reads and writes apart, bench/cost.ts uses both).
import { request, uid } from '../support/cloud';

async function counted(fn: string, openid: string, event: Record<string, unknown>) {
  const res = await request('POST', `/fn/${fn}`, event, { 'X-WX-OPENID': openid });
  expect(res.json.ok).toBe(true);
  return { roundTrips: Number(res.headers['x-db-round-trips']), writes: Number(res.headers['x-db-writes']) };
}

test('a read writes nothing; a write counts its inserts, and its stored answer (requestId) is one more', async () => {
  const me = uid('w');
  const read = await counted('account', me, { action: 'profile' });
  expect(read.roundTrips).toBeGreaterThan(0);
  expect(read.writes).toBe(0);

  const plain = await counted('account', me, { action: 'addMember', name: '小明', relation: '子女' });
  expect(plain.writes).toBe(2); // the member and the caller's member count (member_counts, in the same transaction)
  expect(plain.roundTrips).toBeGreaterThan(plain.writes); // the rules and the member count are read first

  const keyed = await counted('account', me, { action: 'addMember', name: '小红', relation: '子女', requestId: `${me}-member-2` });
  expect(keyed.writes).toBe(3); // the member, the count and the stored answer
});
