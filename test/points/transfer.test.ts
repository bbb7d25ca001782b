import { bindCard, call, expectLedgerInvariant, newReader, ok, uid } from '../support/cloud';
import { withCheckChar } from '../../server/util/idcard';
import { expectOverlap, race, warmAll } from '../support/race';

const suffix = () => String(Math.floor(Math.random() * 900) + 100);

/** Two cards of one caller; the second differs in ID number ('id'), in name ('name'), or not at all. */
async function twoCards(sameIdentity: boolean | 'name') {
  const openid = uid();
  const oldCard = await newReader({ name: '周小舟', idNumber: withCheckChar(`33010619850315${suffix()}`) });
  const newCard = await newReader({
    name: sameIdentity === 'name' ? '周小洲' : oldCard.name,
    idNumber: sameIdentity ? oldCard.idNumber : withCheckChar(`33010619850316${suffix()}`),
  });
  await bindCard(openid, oldCard);
  await bindCard(openid, newCard);
  return { openid, from: oldCard.cardNo, to: newCard.cardNo };
}

describe('points transfer (lost card)', () => {
  test('moves points between cards of the same name and ID number, with an entry on each side', async () => {
    const { openid, from, to } = await twoCards(true);
    const res = await ok('points', openid, { action: 'transfer', fromCardNo: from, toCardNo: to, amount: 30 });
    expect(res).toEqual({ fromBalance: 20, toBalance: 80 });
    expect(await expectLedgerInvariant(openid, from)).toBe(20);
    expect(await expectLedgerInvariant(openid, to)).toBe(80);
    const tail = await ok('points', openid, { action: 'ledger', cardNo: to });
    expect(tail.entries[0]).toMatchObject({ reason: 'transfer_in', delta: 30, refId: from });
  });

  test('refused when the ID numbers differ, without revealing either record', async () => {
    const { openid, from, to } = await twoCards(false);
    const res = await call('points', openid, { action: 'transfer', fromCardNo: from, toCardNo: to, amount: 10 });
    expect(res.error).toEqual({ code: 'TRANSFER_IDENTITY_MISMATCH', message: '两张读者证的持有人信息不一致，无法转移积分' });
    expect(await expectLedgerInvariant(openid, from)).toBe(50);
  });

  test('refused when the names differ though the ID number is the same', async () => {
    const { openid, from, to } = await twoCards('name');
    const res = await call('points', openid, { action: 'transfer', fromCardNo: from, toCardNo: to, amount: 10 });
    expect(res.error?.code).toBe('TRANSFER_IDENTITY_MISMATCH');
    expect(await expectLedgerInvariant(openid, from)).toBe(50);
    expect(await expectLedgerInvariant(openid, to)).toBe(50);
  });

  test('refused for more than the balance, for the same card, and for a card not bound to the caller', async () => {
    const { openid, from, to } = await twoCards(true);
    expect((await call('points', openid, { action: 'transfer', fromCardNo: from, toCardNo: to, amount: 51 })).error?.code).toBe('INSUFFICIENT_POINTS');
    expect((await call('points', openid, { action: 'transfer', fromCardNo: from, toCardNo: from, amount: 1 })).error?.code).toBe('TRANSFER_SAME_CARD');
    expect((await call('points', uid(), { action: 'transfer', fromCardNo: from, toCardNo: to, amount: 1 })).error?.code).toBe('CARD_NOT_BOUND');
    expect((await call('points', openid, { action: 'transfer', fromCardNo: from, toCardNo: to, amount: 0 })).error?.code).toBe('INVALID_INPUT');
  });

  test('20 parallel transfers draining one card never move more than its balance', async () => {
    const { openid, from, to } = await twoCards(true);
    await warmAll('points');
    const r = await race(20, () => call('points', openid, { action: 'transfer', fromCardNo: from, toCardNo: to, amount: 7 }));
    expectOverlap(r);
    const results = r.answers;
    const moved = results.filter((r) => r.ok).length * 7;
    expect(moved).toBeLessThanOrEqual(50);
    expect(moved).toBeGreaterThanOrEqual(7);
    for (const r of results.filter((x) => !x.ok)) expect(['INSUFFICIENT_POINTS', 'BUSY']).toContain(r.error?.code);
    expect(await expectLedgerInvariant(openid, from)).toBe(50 - moved);
    expect(await expectLedgerInvariant(openid, to)).toBe(50 + moved);
  });

  test('a retried transfer with the same requestId moves the points once', async () => {
    const { openid, from, to } = await twoCards(true);
    const event = { action: 'transfer', fromCardNo: from, toCardNo: to, amount: 5, requestId: 'xfer-retry-0001' };
    await warmAll('points');
    const r = await race(3, () => call('points', openid, event));
    expectOverlap(r);
    const results = r.answers;
    for (const r of results) expect(r.data).toEqual({ fromBalance: 45, toBalance: 55 });
    expect(await expectLedgerInvariant(openid, from)).toBe(45);
  });
});
