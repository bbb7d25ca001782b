import { ADMIN, call, expectLedgerInvariant, ok, storedDocs, uid } from '../support/cloud';
import { freshPatron, newPrize, redeemEvent, storedStock } from './helpers';
import { expectOverlap, race, untilContended, warmAll } from '../support/race';

// Each test binds fresh patrons through the real SMS flow: seconds, not milliseconds.
jest.setTimeout(60_000);

const stockOf = storedStock;

describe('prize catalogue', () => {
  test('lists active prizes by sort with cost, stock and affordability for the current card', async () => {
    const { openid } = await freshPatron();
    const cheap = await newPrize({ cost: 30, stock: 5, description: '小奖品' });
    const dear = await newPrize({ cost: 60, stock: 5 });
    const gone = await newPrize({ cost: 10, stock: 0 });
    const hidden = await newPrize({ cost: 10, stock: 5, active: false });
    const { prizes, balance } = await ok('rewards', openid, { action: 'list' });
    expect(balance).toBe(50);
    const byId = new Map(prizes.map((p: { prizeId: string }) => [p.prizeId, p]));
    expect(byId.get(cheap.prizeId)).toMatchObject({ cost: 30, stock: 5, affordable: true, description: '小奖品', active: true });
    expect(byId.get(dear.prizeId)).toMatchObject({ affordable: false });
    expect(byId.get(gone.prizeId)).toMatchObject({ stock: 0, affordable: false });
    expect(byId.has(hidden.prizeId)).toBe(false);
    // Demo prizes come first, in their seeded order.
    const demo = prizes.filter((p: { prizeId: string }) => p.prizeId.startsWith('prize-')).map((p: { prizeId: string }) => p.prizeId);
    expect(demo.slice(0, 3)).toEqual(['prize-bookmark', 'prize-canvas-bag', 'prize-notebook']);
  });

  test('a caller without a card still gets the list, with balance 0 and nothing affordable', async () => {
    const { prizes, balance } = await ok('rewards', uid(), { action: 'list' });
    expect(balance).toBe(0);
    expect(prizes.length).toBeGreaterThan(0);
    expect(prizes.every((p: { affordable: boolean }) => !p.affordable)).toBe(true);
  });

  test('a named card must be the caller\'s', async () => {
    const a = await freshPatron();
    const b = await freshPatron();
    expect((await call('rewards', a.openid, { action: 'list', cardNo: b.cardNo })).error?.code).toBe('CARD_NOT_BOUND');
  });

  test('upsertPrize is admin-only; it creates with a generated id and edits in place', async () => {
    const { openid } = await freshPatron();
    expect((await call('admin', openid, { action: 'upsertPrize', name: '偷偷加的', cost: 1, stock: 1 })).error?.code).toBe('FORBIDDEN');
    const p = await newPrize({ name: '原名', cost: 15, stock: 3 });
    expect(p).toMatchObject({ name: '原名', cost: 15, stock: 3, active: true });
    expect(p.prizeId).toMatch(/^prize_/);
    const edited = await ok('admin', ADMIN, { action: 'upsertPrize', prizeId: p.prizeId, name: '新名', cost: 25, stock: 7, active: false, description: '说明' });
    expect(edited.prize).toMatchObject({ prizeId: p.prizeId, name: '新名', cost: 25, stock: 7, active: false });
    const stored = (await storedDocs('prizes')).find((d) => d._id === p.prizeId);
    expect(stored).toMatchObject({ name: '新名', cost: 25, active: false, description: '说明' });
    expect(await stockOf(p.prizeId)).toBe(7);
    expect(edited.prize.description).toBe('说明');
    // Off the shelf: gone from the catalogue, still in the admin's list.
    expect((await ok('rewards', openid, { action: 'list' })).prizes.map((x: { prizeId: string }) => x.prizeId)).not.toContain(p.prizeId);
    expect((await ok('admin', ADMIN, { action: 'listPrizes' })).prizes).toContainEqual(expect.objectContaining({ prizeId: p.prizeId, active: false, description: '说明' }));
    expect((await call('admin', openid, { action: 'listPrizes' })).error?.code).toBe('FORBIDDEN');
    const missing = await call('admin', ADMIN, { action: 'upsertPrize', prizeId: 'prize_nope', name: 'x', cost: 1, stock: 1 });
    expect(missing.error?.code).toBe('PRIZE_NOT_FOUND');
    expect((await call('admin', ADMIN, { action: 'upsertPrize', name: 'x', cost: 0, stock: 1 })).error?.code).toBe('INVALID_INPUT');
  });
});

describe('redeeming a prize', () => {
  test('deducts points and one unit of stock together, and issues a pending code valid for a year', async () => {
    const { openid, cardNo } = await freshPatron();
    const prize = await newPrize({ cost: 20, stock: 2 });
    const before = Date.now();
    const res = await ok('rewards', openid, redeemEvent(prize.prizeId));
    expect(res.balance).toBe(30);
    const r = res.redemption;
    expect(r).toMatchObject({ prizeId: prize.prizeId, prizeName: prize.name, cost: 20, status: 'pending', cardNo, collectedAt: null });
    expect(r.code).toMatch(/^[2-9A-HJKMNP-Z]{11}$/);
    const validMs = Date.parse(r.expiresAt) - Date.parse(r.createdAt);
    expect(validMs).toBe(365 * 24 * 3600 * 1000);
    expect(Date.parse(r.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await stockOf(prize.prizeId)).toBe(1);

    const { entries } = await ok('points', openid, { action: 'ledger' });
    expect(entries[0]).toMatchObject({ entryId: `redeem_${r.code}`, delta: -20, reason: 'redeem', refId: r.code, balanceAfter: 30 });
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(30);

    const mine = await ok('rewards', openid, { action: 'mine' });
    expect(mine.redemptions).toEqual([r]);
    expect(mine.pickup.text).toContain('周六、周日');
    expect(mine.pickup.place).toBeTruthy();
  });

  test('refusals change nothing: not enough points, out of stock, inactive or unknown prize, no card', async () => {
    const { openid, cardNo } = await freshPatron();
    const dear = await newPrize({ cost: 51, stock: 5 });
    const none = await newPrize({ cost: 5, stock: 0 });
    const off = await newPrize({ cost: 5, stock: 5, active: false });
    expect((await call('rewards', openid, redeemEvent(dear.prizeId))).error).toEqual({ code: 'INSUFFICIENT_POINTS', message: '积分不足' });
    expect((await call('rewards', openid, redeemEvent(none.prizeId))).error?.code).toBe('OUT_OF_STOCK');
    expect((await call('rewards', openid, redeemEvent(off.prizeId))).error?.code).toBe('PRIZE_UNAVAILABLE');
    expect((await call('rewards', openid, redeemEvent('prize_missing'))).error?.code).toBe('PRIZE_UNAVAILABLE');
    expect((await call('rewards', uid(), redeemEvent(dear.prizeId))).error?.code).toBe('NO_CURRENT_CARD');
    const other = await freshPatron();
    expect((await call('rewards', openid, redeemEvent(dear.prizeId, { cardNo: other.cardNo }))).error?.code).toBe('CARD_NOT_BOUND');
    // requestId is required for a redeem.
    const noRid = await call('rewards', openid, { action: 'redeem', prizeId: dear.prizeId });
    expect(noRid.error).toMatchObject({ code: 'INVALID_INPUT', field: 'requestId' });
    expect(await stockOf(dear.prizeId)).toBe(5);
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(50);
    expect((await ok('rewards', openid, { action: 'mine' })).redemptions).toEqual([]);
  });

  test('the same requestId twice, one after the other, answers the same redemption and charges once', async () => {
    const { openid, cardNo } = await freshPatron();
    const prize = await newPrize({ cost: 10, stock: 5 });
    const event = redeemEvent(prize.prizeId);
    const first = await ok('rewards', openid, event);
    const second = await ok('rewards', openid, event);
    expect(second).toEqual(first);
    expect(await stockOf(prize.prizeId)).toBe(4);
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(40);
    expect((await ok('rewards', openid, { action: 'mine' })).redemptions).toHaveLength(1);
  });

  test('the same requestId 20 times at once: one redemption, one charge, every answer the same', async () => {
    const { openid, cardNo } = await freshPatron();
    const prize = await newPrize({ cost: 10, stock: 5 });
    const event = redeemEvent(prize.prizeId);
    await warmAll('rewards');
    const r = await race(20, () => call('rewards', openid, event));
    expectOverlap(r);
    const answers = r.answers;
    const failed = answers.filter((a) => !a.ok);
    expect(failed.map((a) => a.error)).toEqual([]);
    const codes = new Set(answers.map((a) => a.data.redemption.code));
    expect(codes.size).toBe(1);
    expect(await stockOf(prize.prizeId)).toBe(4);
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(40);
    expect((await ok('rewards', openid, { action: 'mine' })).redemptions).toHaveLength(1);
  });

  test('50 concurrent redeems by one card with points for 3: exactly 3 succeed', async () => {
    const { openid, cardNo } = await freshPatron();
    const prize = await newPrize({ cost: 15, stock: 100 });
    const events = Array.from({ length: 50 }, () => redeemEvent(prize.prizeId));
    await warmAll('rewards');
    const r = await race(50, (i) => call('rewards', openid, events[i]));
    expectOverlap(r);
    const answers = r.answers;
    const wins = answers.filter((a) => a.ok);
    expect(wins).toHaveLength(3);
    for (const a of answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('INSUFFICIENT_POINTS');
    expect(new Set(wins.map((a) => a.data.redemption.code)).size).toBe(3);
    expect(await stockOf(prize.prizeId)).toBe(97);
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(5);
    expect((await ok('rewards', openid, { action: 'mine' })).redemptions).toHaveLength(3);
  });

  test('stock 1, two cards at once: both pass the pre-check, the transaction sells one', async () => {
    await warmAll('rewards');
    await untilContended(8, async () => {
      const racers = await Promise.all([freshPatron(), freshPatron()]);
      const prize = await newPrize({ cost: 10, stock: 1 });
      const events = racers.map(() => redeemEvent(prize.prizeId));
      const r = await race(2, (i) => call('rewards', racers[i].openid, events[i]));
      expectOverlap(r);
      expect(r.answers.filter((a) => a.ok)).toHaveLength(1);
      const loser = r.answers.findIndex((a) => !a.ok);
      expect(r.answers[loser].error?.code).toBe('OUT_OF_STOCK');
      expect(await expectLedgerInvariant(racers[loser].openid, racers[loser].cardNo)).toBe(50);
      const listed = (await ok('rewards', racers[0].openid, { action: 'list' })).prizes.find((p: { prizeId: string }) => p.prizeId === prize.prizeId);
      expect(listed).toMatchObject({ stock: 0 });
      expect((await storedDocs('redemptions')).filter((d) => d.prizeId === prize.prizeId)).toHaveLength(1);
      // Contended when the loser got past the pre-check: more round trips than a refusal there.
      const precheck = await call('rewards', racers[loser].openid, redeemEvent(prize.prizeId));
      expect(precheck.error?.code).toBe('OUT_OF_STOCK');
      return r.answers[loser].roundTrips > precheck.roundTrips;
    });
  });

  test('mine lists only the chosen card of the caller, newest first, never another card', async () => {
    const a = await freshPatron();
    const b = await freshPatron();
    const prize = await newPrize({ cost: 5, stock: 10 });
    const first = await ok('rewards', a.openid, redeemEvent(prize.prizeId), { now: new Date(Date.now() + 1000).toISOString() });
    const second = await ok('rewards', a.openid, redeemEvent(prize.prizeId), { now: new Date(Date.now() + 2000).toISOString() });
    await ok('rewards', b.openid, redeemEvent(prize.prizeId));
    const mineA = await ok('rewards', a.openid, { action: 'mine' }, { now: new Date(Date.now() + 3000).toISOString() });
    expect(mineA.redemptions.map((r: { code: string }) => r.code)).toEqual([second.redemption.code, first.redemption.code]);
    expect(mineA.redemptions.every((r: { cardNo: string }) => r.cardNo === a.cardNo)).toBe(true);
    expect((await call('rewards', a.openid, { action: 'mine', cardNo: b.cardNo })).error?.code).toBe('CARD_NOT_BOUND');
    expect((await ok('rewards', uid(), { action: 'mine' })).redemptions).toEqual([]);
  });
});
