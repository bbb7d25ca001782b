// ledger.post() in process: the one place a balance changes refuses to go below zero by itself,
// whatever its caller checked before.
import { post, type Posting } from '../../server/domain/ledger';
import type { Ctx } from '../../server/runtime/context';
import type { Tx } from '../../server/runtime/db';
import { Fail } from '../../server/runtime/fail';

/** A transaction that records the writes it is asked for; `readers` answers reads of the reader directory. */
function fakeTx(readers: Record<string, any> = {}) {
  const writes: Array<{ op: string; collection: string; id?: string; data: any }> = [];
  const tx = {
    collection: (collection: string) => ({
      doc: (id: string) => ({
        get: async () => ({ data: collection === 'readers' ? readers[id] ?? null : null }),
        update: async ({ data }: { data: any }) => void writes.push({ op: 'update', collection, id, data }),
        set: async ({ data }: { data: any }) => void writes.push({ op: 'set', collection, id, data }),
      }),
      add: async ({ data }: { data: any }) => void writes.push({ op: 'add', collection, data }),
    }),
  } as unknown as Tx;
  return { tx, writes };
}

const ctx = { openid: 'o-ledger', now: new Date('2031-01-01T00:00:00Z') } as Ctx;
const posting = (delta: number): Posting => ({ cardNo: 'L0001', delta, reason: 'redeem', refId: 'r1', entryId: `redeem_r1_${delta}`, rulesVersion: 1 });

test('a debit below zero throws INSUFFICIENT_POINTS and writes nothing', async () => {
  const { tx, writes } = fakeTx();
  const card = { _id: 'L0001', balance: 5 };
  const err = await post(tx, ctx, card, posting(-6)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Fail);
  expect((err as Fail).errorCode).toBe('INSUFFICIENT_POINTS');
  expect(writes).toEqual([]);
  expect(card.balance).toBe(5);
});

test('a card without a balance field counts as 0: any debit is refused', async () => {
  const { tx, writes } = fakeTx();
  await expect(post(tx, ctx, { _id: 'L0001' }, posting(-1))).rejects.toMatchObject({ errorCode: 'INSUFFICIENT_POINTS' });
  expect(writes).toEqual([]);
});

test('a debit to exactly zero passes: card and entry written together with the deterministic id', async () => {
  const { tx, writes } = fakeTx();
  const card = { _id: 'L0001', balance: 5 };
  expect(await post(tx, ctx, card, posting(-5))).toBe(0);
  expect(writes).toEqual([
    { op: 'update', collection: 'cards', id: 'L0001', data: { balance: 0, updatedAt: ctx.now } },
    { op: 'add', collection: 'ledger', data: expect.objectContaining({ _id: 'redeem_r1_-5', cardNo: 'L0001', delta: -5, balanceAfter: 0, openid: 'o-ledger' }) },
  ]);
  expect(card.balance).toBe(0);
});

test('an inactive card is refused with CARD_INACTIVE and the library\'s reason, credit or debit, and nothing is written', async () => {
  const { tx, writes } = fakeTx({ L0001: { _id: 'L0001', status: 'inactive', statusReason: '挂失' } });
  const card = { _id: 'L0001', balance: 5 };
  for (const delta of [3, -1]) await expect(post(tx, ctx, card, posting(delta))).rejects.toMatchObject({ errorCode: 'CARD_INACTIVE', detail: '挂失' });
  expect(writes).toEqual([]);
  expect(card.balance).toBe(5);
});
