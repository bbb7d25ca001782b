import { call, expectLedgerInvariant, storedDocs } from '../support/cloud';
import { manyPatrons } from '../events/helpers';
import { inBatches, newPrize, redeemEvent, storedStock } from './helpers';
import { expectOverlap, race, warmAll } from '../support/race';

// The rush: many cards, one small stock. Patrons are imported in one admin call and bound in
// parallel batches (the slow part); the redeems themselves all start at once.
const PATRONS = Number(process.env.YUE_CONTENTION_PATRONS ?? 500);
const STOCK = 10;
const COST = 30;

jest.setTimeout(240_000);

test(`${PATRONS} cards rush a prize with stock ${STOCK}: exactly ${STOCK} win, each charged once, losers untouched`, async () => {
  const t0 = Date.now();
  const patrons = await manyPatrons(PATRONS, { name: '抢购读者' });
  const tBound = Date.now();
  const prize = await newPrize({ cost: COST, stock: STOCK });

  const events = patrons.map(() => redeemEvent(prize.prizeId));
  await warmAll('rewards');
  const r = await race(patrons.length, (i) => call('rewards', patrons[i].openid, events[i]));
  expectOverlap(r);
  const answers = r.answers;
  const tRush = Date.now();
  const wins = answers.filter((a) => a.ok);
  const codes = answers.filter((a) => !a.ok).map((a) => a.error?.code);
  expect(wins).toHaveLength(STOCK);
  // BUSY (conflict retries exhausted) changes nothing either; counted in the log line below.
  for (const c of codes) expect(['OUT_OF_STOCK', 'BUSY']).toContain(c);

  expect(await storedStock(prize.prizeId)).toBe(0);
  const redemptions = (await storedDocs('redemptions')).filter((r) => r.prizeId === prize.prizeId);
  expect(redemptions).toHaveLength(STOCK);
  const winners = new Set(redemptions.map((r) => r.cardNo));
  expect(winners.size).toBe(STOCK);

  // Every involved card: balance = Σ ledger ≥ 0; winners paid exactly once, losers nothing.
  const ledger = await storedDocs('ledger');
  const redeemEntries = new Map<string, number>();
  for (const e of ledger) if (e.reason === 'redeem' && e.refId && redemptions.some((r) => r._id === e.refId)) redeemEntries.set(e.cardNo, (redeemEntries.get(e.cardNo) ?? 0) + 1);
  await inBatches(patrons, 24, async (p) => {
    const balance = await expectLedgerInvariant(p.openid, p.cardNo);
    expect(balance).toBe(winners.has(p.cardNo) ? 50 - COST : 50);
    expect(redeemEntries.get(p.cardNo) ?? 0).toBe(winners.has(p.cardNo) ? 1 : 0);
  });
  // Figures for the report (the bench prints the same for 200 cards).
  const busy = codes.filter((c) => c === 'BUSY').length;
  console.log(`[contention] ${PATRONS} patrons bound in ${tBound - t0} ms; rush of ${PATRONS} redeems took ${tRush - tBound} ms (${busy} BUSY); checks ${Date.now() - tRush} ms`);
});
