import { call, expectLedgerInvariant, newPatron, ok, shanghai, storedDocs } from '../support/cloud';
import { directDb } from '../support/db';
import { expectOverlap, race, warmAll } from '../support/race';

describe('daily check-in', () => {
  test('23:59:59 and 00:00:01 the next day both count; two on the same day do not', async () => {
    const { openid, cardNo } = await newPatron();
    const a = await ok('points', openid, { action: 'checkin' }, { now: shanghai('2031-01-10', '23:59:59') });
    expect(a).toEqual({ awarded: 2, balance: 52, streak: 1 });
    const b = await ok('points', openid, { action: 'checkin' }, { now: shanghai('2031-01-11', '00:00:01') });
    expect(b).toEqual({ awarded: 2, balance: 54, streak: 2 });
    const c = await call('points', openid, { action: 'checkin' }, { now: shanghai('2031-01-11', '23:59:00') });
    expect(c.error).toEqual({ code: 'ALREADY_CHECKED_IN', message: '今天已经签到过了，明天再来吧' });
    // 16:00 UTC is already the next day in Shanghai.
    const d = await ok('points', openid, { action: 'checkin' }, { now: '2031-01-11T16:00:01Z' });
    expect(d.streak).toBe(3);
    await expectLedgerInvariant(openid, cardNo);
  });

  test('every 7th consecutive day earns the +5 streak bonus; a gap resets the streak', async () => {
    const { openid, cardNo } = await newPatron();
    const awards: number[] = [];
    for (let day = 1; day <= 8; day++) {
      const r = await ok('points', openid, { action: 'checkin' }, { now: shanghai(`2031-02-${String(day).padStart(2, '0')}`, '08:00:00') });
      awards.push(r.awarded);
    }
    expect(awards).toEqual([2, 2, 2, 2, 2, 2, 7, 2]);
    const gap = await ok('points', openid, { action: 'checkin' }, { now: shanghai('2031-02-10', '08:00:00') });
    expect(gap.streak).toBe(1);
    const cal = await ok('points', openid, { action: 'calendar', month: '2031-02' }, { now: shanghai('2031-02-10', '09:00:00') });
    expect(cal).toMatchObject({ month: '2031-02', days: [1, 2, 3, 4, 5, 6, 7, 8, 10], streak: 1, checkedInToday: true });
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(50 + 12 + 7 + 2 + 2);
  });

  test('50 parallel check-ins on one card: exactly one award', async () => {
    const { openid, cardNo } = await newPatron();
    const now = shanghai('2031-03-03', '10:00:00');
    await warmAll('points');
    const r = await race(50, () => call('points', openid, { action: 'checkin' }, { now }));
    expectOverlap(r);
    const results = r.answers;
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(['ALREADY_CHECKED_IN']).toContain(r.error?.code);
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(52);
  });

  test('a second check-in the same day collides on the ledger entry id even if the card forgot the day', async () => {
    const { openid, cardNo } = await newPatron();
    const now = shanghai('2031-03-04', '10:00:00');
    await ok('points', openid, { action: 'checkin' }, { now });
    // The card's own guard is wrong (as after a bad migration): only the entry id stops a repeat.
    await directDb().collection('cards').doc(cardNo).update({ data: { lastCheckinDay: '2031-03-03' } });
    const again = await call('points', openid, { action: 'checkin' }, { now: shanghai('2031-03-04', '18:00:00') });
    expect(again.ok).toBe(false);
    expect(again.error?.code).toBe('ALREADY_CHECKED_IN');
    expect(await expectLedgerInvariant(openid, cardNo)).toBe(52);
    const entries = (await storedDocs('ledger')).filter((e) => e.cardNo === cardNo && e.reason === 'checkin');
    expect(entries.map((e) => e._id)).toEqual([`checkin_${cardNo}_20310304`]);
  });

  test('summary shows balance and today\'s state; points detail lists both entries', async () => {
    const { openid, cardNo } = await newPatron();
    const now = shanghai('2031-04-04', '10:00:00');
    expect(await ok('points', openid, { action: 'summary' }, { now })).toEqual({ cardNo, balance: 50, checkedInToday: false, streak: 0 });
    await ok('points', openid, { action: 'checkin' }, { now });
    expect(await ok('points', openid, { action: 'summary' }, { now })).toEqual({ cardNo, balance: 52, checkedInToday: true, streak: 1 });
    const page = await ok('points', openid, { action: 'ledger' }, { now: shanghai('2031-04-05') });
    // Default range is the last month: the bind bonus (real time, years earlier) is outside it.
    expect(page.entries.map((e: { reason: string }) => e.reason)).toEqual(['checkin']);
    const all = await ok('points', openid, { action: 'ledger', from: '2000-01-01T00:00:00+08:00', to: shanghai('2031-04-05') });
    expect(all.entries.map((e: { reason: string; reasonText: string }) => [e.reason, e.reasonText])).toEqual([['checkin', '每日签到'], ['bind_bonus', '首次绑定读者证奖励']]);
    expect(all.entries[0]).toMatchObject({ delta: 2, balanceAfter: 52, rulesVersion: expect.any(Number) });
  });

  test('points detail pages with a cursor without gaps or repeats', async () => {
    const { openid, cardNo } = await newPatron();
    for (let d = 1; d <= 7; d++) await ok('points', openid, { action: 'checkin' }, { now: shanghai(`2031-06-${String(d).padStart(2, '0')}`) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await ok('points', openid, { action: 'ledger', cardNo, from: '2000-01-01T00:00:00+08:00', to: '2031-07-01T00:00:00+08:00', pageSize: 3, ...(cursor ? { cursor } : {}) });
      expect(page.entries.length).toBeLessThanOrEqual(3);
      seen.push(...page.entries.map((e: { entryId: string }) => e.entryId));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    const bad = await call('points', openid, { action: 'ledger', cursor: 'not-a-cursor' });
    expect(bad.error?.code).toBe('INVALID_INPUT');
  });

  test('a user without a card gets zeros on the home summary and NO_CURRENT_CARD on check-in', async () => {
    expect(await ok('points', 'nobody-yet', { action: 'summary' })).toEqual({ cardNo: null, balance: 0, checkedInToday: false, streak: 0 });
    expect((await call('points', 'nobody-yet', { action: 'checkin' })).error?.code).toBe('NO_CURRENT_CARD');
  });
});
