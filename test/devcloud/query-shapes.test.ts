import { QueryLog } from '../../devcloud/db/query-shapes';
import type { IndexDef } from '../../devcloud/db';

// Which queries an index in db/indexes.json serves (docs/DATA.md "Queries and their indexes").
const indexes: Record<string, IndexDef[]> = {
  ledger: [{ name: 'card_time', keys: { cardNo: 1, createdAt: -1 } }],
  events: [{ name: 'start', keys: { startAt: -1 } }],
};
const served = (coll: 'ledger' | 'events', query: object, order?: Record<string, number>) => {
  const log = new QueryLog((c) => indexes[c] ?? [], new Set(['ledger']));
  log.note(coll, 'get', query as never, order);
  return log.list()[0];
};

test('a query is served by _id, or by an index whose first key it constrains', () => {
  expect(served('ledger', { _id: { $in: ['a', 'b'] }, reason: 'x' }).index).toBe('_id');
  expect(served('ledger', { cardNo: 'C1', createdAt: { $gte: new Date(0) } }, { createdAt: -1 }).index).toBe('card_time');
  expect(served('ledger', { $and: [{ cardNo: { $in: ['C1'] } }, { $or: [{ createdAt: { $lt: new Date(0) } }] }] }).index).toBe('card_time');
  expect(served('events', {}, { startAt: -1 }).index).toBe('start');
});

test('a query on a later index key only, a negation or a scan is not served, and says what to add', () => {
  const later = served('ledger', { createdAt: { $gte: new Date(0) } }, { createdAt: -1 });
  expect(later).toMatchObject({ served: false, growing: true, shape: 'get {createdAt: range} orderBy {createdAt:-1}' });
  expect(later.suggest).toBe('add to db/indexes.json "collections"."ledger": { "name": "createdAt", "keys": {"createdAt": -1} }');
  expect(served('ledger', { cardNo: { $ne: 'C1' } }).served).toBe(false);
  expect(served('ledger', { reason: 'checkin', cardNo: { $exists: false } }).suggest).toContain('"keys": {"reason": 1}');
  expect(served('events', { kind: 'reader' }, { startAt: -1 })).toMatchObject({ served: false, growing: false });
});
