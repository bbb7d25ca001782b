import { digest } from '../../server/util/crypto';
import { generateCode } from '../../server/domain/redemption-code';
import { call, expectLedgerInvariant, ok, request, storedDocs, uid } from '../support/cloud';
import { freshPatron, makeStaff, newPrize, redeemEvent } from './helpers';
import { expectOverlap, race, untilContended, warmAll } from '../support/race';

// Each test binds fresh patrons through the real SMS flow: seconds, not milliseconds.
jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The next instant (within a week from now) that is `weekday` at `hhmm` in Shanghai. */
function nextShanghai(weekday: number, hhmm: string): string {
  for (let d = 1; d <= 8; d++) {
    const day = new Date(Date.now() + 8 * 3600 * 1000 + d * DAY).toISOString().slice(0, 10);
    const t = new Date(`${day}T${hhmm}:00+08:00`);
    if (new Date(t.getTime() + 8 * 3600 * 1000).getUTCDay() === weekday) return t.toISOString();
  }
  throw new Error('unreachable');
}

async function inboxWith(openid: string, code: string) {
  const { messages } = await ok('inbox', openid, { action: 'messages' });
  return messages.filter((m: { body: string }) => m.body.includes(code));
}

async function subscribeSentWith(openid: string, code: string) {
  const res = await request('GET', '/dev/outbox?kind=subscribe');
  return res.json.messages.filter((m: { openid: string; body: string }) => m.openid === openid && m.body.includes(code));
}

async function patronWithRedemption(opts: { now?: string } = {}) {
  const patron = await freshPatron({ name: '王小明' });
  const prize = await newPrize({ cost: 20, stock: 5 });
  const { redemption } = await ok('rewards', patron.openid, redeemEvent(prize.prizeId), opts);
  return { ...patron, prize, code: redemption.code as string, redemption };
}

describe('staff desk: scan and hand over', () => {
  let staff: string;
  beforeAll(async () => {
    staff = await makeStaff();
  });

  test('lookup shows prize, masked card and holder, status and whether it is pickup time', async () => {
    const { code, cardNo, prize } = await patronWithRedemption();
    const sat = await ok('rewards', staff, { action: 'staffLookup', code }, { now: nextShanghai(6, '09:00') });
    expect(sat.redemption).toMatchObject({ code, prizeName: prize.name, cost: 20, status: 'pending', holderName: '王**' });
    expect(sat.redemption.cardNo).not.toBe(cardNo);
    expect(sat.redemption.cardNo).toContain('*');
    expect(sat.redemption.cardNo.slice(-3)).toBe(cardNo.slice(-3));
    expect(sat.inPickupWindow).toBe(true);
    expect(sat.pickupText).toBe('周六、周日 08:30-11:30、13:30-17:00');
    expect((await ok('rewards', staff, { action: 'staffLookup', code }, { now: nextShanghai(6, '12:30') })).inPickupWindow).toBe(false);
    expect((await ok('rewards', staff, { action: 'staffLookup', code }, { now: nextShanghai(1, '09:00') })).inPickupWindow).toBe(false);
    // Typed by hand: lower case with separators is fine.
    const typed = `${code.slice(0, 4)}-${code.slice(4, 8)} ${code.slice(8)}`.toLowerCase();
    expect((await ok('rewards', staff, { action: 'staffLookup', code: typed })).redemption.code).toBe(code);
  });

  test('a mistyped code is refused by its check character; an unknown code is not found', async () => {
    const { code } = await patronWithRedemption();
    const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
    const typo = code.slice(0, 5) + alphabet[(alphabet.indexOf(code[5]) + 1) % alphabet.length] + code.slice(6);
    for (const action of ['staffLookup', 'fulfil']) {
      expect((await call('rewards', staff, { action, code: typo })).error?.code).toBe('REDEMPTION_CODE_MALFORMED');
      expect((await call('rewards', staff, { action, code: 'ABC' })).error?.code).toBe('REDEMPTION_CODE_MALFORMED');
      expect((await call('rewards', staff, { action, code: generateCode() })).error).toEqual({ code: 'REDEMPTION_NOT_FOUND', message: '兑换码不存在，请核对' });
    }
  });

  test('patrons cannot look up or hand over codes, not even their own', async () => {
    const { openid, code } = await patronWithRedemption();
    for (const action of ['staffLookup', 'fulfil', 'expireSweep']) {
      expect((await call('rewards', openid, { action, code })).error?.code).toBe('FORBIDDEN');
    }
    expect((await call('rewards', uid(), { action: 'expireSweep' })).error?.code).toBe('FORBIDDEN');
    expect((await ok('rewards', openid, { action: 'mine' })).redemptions[0].status).toBe('pending');
  });

  test('hand-over marks collected once, even outside pickup hours, and messages the patron', async () => {
    const { openid, code, cardNo } = await patronWithRedemption();
    const monday = nextShanghai(1, '10:00');
    const done = await ok('rewards', staff, { action: 'fulfil', code }, { now: monday });
    expect(done.redemption).toMatchObject({ code, status: 'collected', holderName: '王**', collectedAt: expect.any(String) });
    expect(Math.abs(Date.parse(done.redemption.collectedAt) - Date.parse(monday))).toBeLessThan(5000);
    const again = await call('rewards', staff, { action: 'fulfil', code }, { now: monday });
    expect(again.error).toEqual({ code: 'REDEMPTION_ALREADY_COLLECTED', message: '该奖品已领取，不能重复发放' });
    expect((await ok('rewards', staff, { action: 'staffLookup', code })).redemption.status).toBe('collected');
    const mine = await ok('rewards', openid, { action: 'mine' });
    expect(mine.redemptions[0]).toMatchObject({ code, status: 'collected', collectedAt: done.redemption.collectedAt });
    const stored = (await storedDocs('redemptions')).find((r) => r._id === code);
    expect(stored).toMatchObject({ status: 'collected', collectedBy: staff });
    const msgs = await inboxWith(openid, code);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ title: '奖品已领取', read: false });
    expect(await subscribeSentWith(openid, code)).toHaveLength(1);
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(30);
  });

  test('20 staff phones hand over the same code at once: exactly one succeeds', async () => {
    const staffs = await Promise.all(Array.from({ length: 4 }, () => makeStaff()));
    await warmAll('rewards');
    await untilContended(3, async () => {
      const { openid, code } = await patronWithRedemption();
      const r = await race(20, (i) => call('rewards', staffs[i % 4], { action: 'fulfil', code }));
      expectOverlap(r);
      const { answers } = r;
      expect(answers.filter((a) => a.ok)).toHaveLength(1);
      for (const a of answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('REDEMPTION_ALREADY_COLLECTED');
      expect(await inboxWith(openid, code)).toHaveLength(1);
      // Contended when a loser read 'pending' too and lost at the conditional update: more
      // round trips than a refusal at the status check.
      const precheck = await call('rewards', staffs[0], { action: 'fulfil', code });
      expect(precheck.error?.code).toBe('REDEMPTION_ALREADY_COLLECTED');
      return answers.some((a) => !a.ok && a.roundTrips > precheck.roundTrips);
    });
  });
});

describe('one-year expiry', () => {
  let staff: string;
  beforeAll(async () => {
    staff = await makeStaff();
  });

  test('a year later the code reads expired everywhere and cannot be handed over; no refund', async () => {
    const { openid, code, cardNo } = await patronWithRedemption();
    const later = iso(Date.now() + 366 * DAY);
    const mine = await ok('rewards', openid, { action: 'mine' }, { now: later });
    expect(mine.redemptions[0]).toMatchObject({ code, status: 'expired' });
    const seen = await ok('rewards', staff, { action: 'staffLookup', code }, { now: later });
    expect(seen.redemption.status).toBe('expired');
    const refused = await call('rewards', staff, { action: 'fulfil', code }, { now: later });
    expect(refused.error).toEqual({ code: 'REDEMPTION_EXPIRED', message: '兑换码已过期（超过一年未领取），不能发放' });
    // The day before expiry it still works.
    expect((await ok('rewards', openid, { action: 'mine' }, { now: iso(Date.now() + 364 * DAY) })).redemptions[0].status).toBe('pending');
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(30);
  });

  test('looked up a minute before expiry, handed over a minute after: refused at hand-over, nothing changes', async () => {
    const { openid, code, cardNo, redemption } = await patronWithRedemption();
    const expiresAt = Date.parse(redemption.expiresAt);
    const seen = await ok('rewards', staff, { action: 'staffLookup', code }, { now: iso(expiresAt - 60_000) });
    expect(seen.redemption.status).toBe('pending');
    const refused = await call('rewards', staff, { action: 'fulfil', code }, { now: iso(expiresAt + 60_000) });
    expect(refused.error?.code).toBe('REDEMPTION_EXPIRED');
    const stored = (await storedDocs('redemptions')).find((d) => d._id === code);
    expect(stored).toMatchObject({ status: 'pending', collectedAt: null, collectedBy: null });
    expect(await inboxWith(openid, code)).toEqual([]);
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(30);
  });

  test('the sweep stores expired and messages the patron once, however often it runs; no refund', async () => {
    // Redeemed 400 days ago, so the sweep runs at the real clock and touches no other test's codes.
    const { openid, code, cardNo } = await patronWithRedemption({ now: iso(Date.now() - 400 * DAY) });
    const admin = 'admin-test';
    const [a, b] = await Promise.all([
      ok('rewards', admin, { action: 'expireSweep' }),
      ok('rewards', admin, { action: 'expireSweep' }),
    ]);
    expect(a.expired + b.expired).toBeGreaterThanOrEqual(1);
    // The timer function: no caller OPENID, as a timer trigger delivers it.
    const timer = await call('maintenance', '', { Type: 'Timer', TriggerName: 'daily-0300', Time: new Date().toISOString() });
    expect(timer.ok).toBe(true);
    expect(timer.data.redemptions.expired).toBe(0);
    await ok('rewards', admin, { action: 'expireSweep' });

    const stored = (await storedDocs('redemptions')).find((r) => r._id === code);
    expect(stored).toMatchObject({ status: 'expired' });
    const msgs = await inboxWith(openid, code);
    expect(msgs).toHaveLength(1);
    expect(msgs[0].title).toBe('兑换已过期');
    expect(msgs[0].body).toContain('不退还');
    expect(await subscribeSentWith(openid, code)).toHaveLength(1);
    expect((await ok('rewards', openid, { action: 'mine' })).redemptions[0].status).toBe('expired');
    expect((await call('rewards', staff, { action: 'fulfil', code })).error?.code).toBe('REDEMPTION_EXPIRED');
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(30);
  });

  test('the timer function refuses a call from a client', async () => {
    const res = await call('maintenance', uid(), { Type: 'Timer' });
    expect(res.error?.code).toBe('FORBIDDEN');
  });
});

// Here, not in a file of its own: the purge must not race this file's past-dated SMS flows.
describe('daily housekeeping (maintenance timer)', () => {
  test('purges stored answers older than 7 days and keeps fresh ones', async () => {
    const me = uid();
    const old = { action: 'addMember', name: '旧请求', relation: '子女', requestId: 'housekeeping-old-1' };
    const fresh = { action: 'addMember', name: '新请求', relation: '子女', requestId: 'housekeeping-new-1' };
    await ok('account', me, old, { now: new Date(Date.now() - 30 * 86_400_000).toISOString() });
    await ok('account', me, fresh);
    const key = (requestId: string) => `req_${digest(`${me}|account|addMember|${requestId}`)}`;
    const ids = async () => (await storedDocs('requests')).map((d) => d._id);
    expect(await ids()).toEqual(expect.arrayContaining([key(old.requestId), key(fresh.requestId)]));

    const timer = await call('maintenance', '', { Type: 'Timer', TriggerName: 'daily-0300' });
    expect(timer.ok).toBe(true);
    expect(timer.data.purged.requests).toBeGreaterThanOrEqual(1);
    const left = await ids();
    expect(left).not.toContain(key(old.requestId));
    expect(left).toContain(key(fresh.requestId));
  });
});
