import { createHmac } from 'crypto';
import { call, expectLedgerInvariant, ok, storedDocs, uid } from '../support/cloud';
import { expectOverlap, race, warmAll } from '../support/race';
import { HOUR, at, eventPatron, makeStaff, newEvent, signupEvent } from './helpers';

jest.setTimeout(90_000);

const STEP_MS = 30_000;

/** An event starting in an hour, signed up by a fresh patron; `during` is a time inside its window. */
async function signedUp(points = 15) {
  const ev = await newEvent({ capacity: 10, points, startIn: HOUR, deadlineBeforeStart: 10 * 60_000 });
  const p = await eventPatron();
  const { signup } = await ok('events', p.openid, signupEvent(ev.eventId));
  const start = new Date(ev.startAt).getTime();
  // Mid-step, so "now" and the racers' calls fall in one step.
  const during = at(Math.floor((start + 10 * 60_000) / STEP_MS) * STEP_MS + 5_000);
  return { ev, p, signup, start, during };
}

async function tokenAt(staff: string, eventId: string, now: string): Promise<string> {
  return (await ok('events', staff, { action: 'attendanceToken', eventId }, { now })).token;
}

async function balance(openid: string, cardNo: string): Promise<number> {
  return (await ok('points', openid, { action: 'summary', cardNo })).balance;
}

describe('QR check-in', () => {
  let staff: string;
  beforeAll(async () => { staff = await makeStaff(); });

  test('a valid token awards the event points once; a second scan says 已签到过', async () => {
    const { ev, p, during } = await signedUp(15);
    const before = await balance(p.openid, p.cardNo);
    const shown = await ok('events', staff, { action: 'attendanceToken', eventId: ev.eventId }, { now: during });
    expect(shown).toMatchObject({ stepSeconds: 30, refreshInSeconds: expect.any(Number), event: { eventId: ev.eventId } });
    expect(shown.refreshInSeconds).toBeLessThanOrEqual(30);
    const res = await ok('events', p.openid, { action: 'attend', eventId: ev.eventId, token: shown.token, requestId: uid('req') }, { now: during });
    expect(res).toMatchObject({ awarded: 15, balance: before + 15, cardNo: p.cardNo, signup: { status: 'attended', awarded: 15 } });
    const again = await call('events', p.openid, { action: 'attend', eventId: ev.eventId, token: shown.token }, { now: during });
    expect(again.error?.code).toBe('ALREADY_ATTENDED');
    expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(before + 15);
    const { signups } = await ok('events', p.openid, { action: 'mine' });
    expect(signups[0]).toMatchObject({ status: 'attended', awarded: 15 });
  });

  test('the previous step\'s token is still accepted', async () => {
    const { ev, p, during } = await signedUp();
    const token = await tokenAt(staff, ev.eventId, during);
    const next = at(new Date(during).getTime() + STEP_MS);
    expect((await ok('events', p.openid, { action: 'attend', eventId: ev.eventId, token }, { now: next })).awarded).toBe(15);
  });

  test('20 scans at once with a valid token: one award', async () => {
    const { ev, p, during } = await signedUp(15);
    const before = await balance(p.openid, p.cardNo);
    const token = await tokenAt(staff, ev.eventId, during);
    await warmAll('events');
    const r = await race(20, () => call('events', p.openid, { action: 'attend', eventId: ev.eventId, token, requestId: uid('req') }, { now: during }));
    expectOverlap(r);
    expect(r.answers.filter((a) => a.ok)).toHaveLength(1);
    for (const a of r.answers.filter((x) => !x.ok)) expect(['ALREADY_ATTENDED', 'BUSY']).toContain(a.error?.code);
    expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(before + 15);
    expect((await storedDocs('ledger')).filter((e) => e.refId === ev.eventId && e.cardNo === p.cardNo)).toHaveLength(1);
  });

  const forged = (eventId: string, step: number) =>
    `E1.${eventId}.${step}.${createHmac('sha256', 'not-the-key').update(`event-checkin\u0000${eventId}.${step}`).digest('hex').slice(0, 24)}`;

  test.each([
    ['a token of another event', 'CHECKIN_TOKEN_INVALID'],
    ['a token two steps old', 'CHECKIN_TOKEN_INVALID'],
    ['a forged token', 'CHECKIN_TOKEN_INVALID'],
    ['garbage', 'CHECKIN_TOKEN_INVALID'],
    ['a call before the window opens', 'EVENT_NOT_STARTED'],
    ['a call after the window closes', 'EVENT_CLOSED'],
  ])('%s is refused (%s) and awards nothing', async (what, code) => {
    const { ev, p, during, start } = await signedUp();
    const before = await balance(p.openid, p.cardNo);
    const t = new Date(during).getTime();
    let token = await tokenAt(staff, ev.eventId, during);
    let now = during;
    if (what === 'a token of another event') {
      const other = await newEvent({ capacity: 5, startIn: HOUR, deadlineBeforeStart: 10 * 60_000 });
      token = await tokenAt(staff, other.eventId, during);
    }
    if (what === 'a token two steps old') now = at(t + 2 * STEP_MS);
    if (what === 'a forged token') token = forged(ev.eventId, Math.floor(t / STEP_MS));
    if (what === 'garbage') token = 'hello';
    if (what === 'a call before the window opens') now = at(start - 31 * 60_000);
    if (what === 'a call after the window closes') now = at(new Date(ev.endAt).getTime() + 31 * 60_000);
    const res = await call('events', p.openid, { action: 'attend', eventId: ev.eventId, token }, { now });
    expect(res.error?.code).toBe(code);
    expect(await balance(p.openid, p.cardNo)).toBe(before);
    expect((await ok('events', p.openid, { action: 'detail', eventId: ev.eventId })).event.mySignup.status).toBe('confirmed');
  });

  test('the staff screen has no token outside the window', async () => {
    const { ev, start } = await signedUp();
    expect((await call('events', staff, { action: 'attendanceToken', eventId: ev.eventId }, { now: at(start - 31 * 60_000) })).error?.code).toBe('EVENT_NOT_STARTED');
    expect((await call('events', staff, { action: 'attendanceToken', eventId: ev.eventId }, { now: at(new Date(ev.endAt).getTime() + 31 * 60_000) })).error?.code).toBe('EVENT_CLOSED');
  });

  test('a patron cannot check in a card that is not theirs, nor without a sign-up', async () => {
    const { ev, p, during } = await signedUp();
    const other = await eventPatron();
    const token = await tokenAt(staff, ev.eventId, during);
    expect((await call('events', other.openid, { action: 'attend', eventId: ev.eventId, token, cardNo: p.cardNo }, { now: during })).error?.code).toBe('CARD_NOT_BOUND');
    expect((await call('events', other.openid, { action: 'attend', eventId: ev.eventId, token }, { now: during })).error?.code).toBe('NOT_SIGNED_UP');
  });
});

describe('手动签到 from the roster', () => {
  test('20 manual check-ins at once: one award; a later scan says 已签到过', async () => {
    const staff = await makeStaff();
    const { ev, p, signup, during } = await signedUp(12);
    const before = await balance(p.openid, p.cardNo);
    await warmAll('events');
    const r = await race(20, () => call('events', staff, { action: 'manualAttend', eventId: ev.eventId, signupId: signup.signupId, requestId: uid('req') }, { now: during }));
    expectOverlap(r);
    const wins = r.answers.filter((a) => a.ok);
    expect(wins).toHaveLength(1);
    expect(wins[0].data).toMatchObject({ awarded: 12, signup: { attended: true, status: 'attended' } });
    for (const a of r.answers.filter((x) => !x.ok)) expect(['ALREADY_ATTENDED', 'BUSY']).toContain(a.error?.code);
    expect(await expectLedgerInvariant(p.openid, p.cardNo)).toBe(before + 12);
    const token = await tokenAt(staff, ev.eventId, during);
    expect((await call('events', p.openid, { action: 'attend', eventId: ev.eventId, token }, { now: during })).error?.code).toBe('ALREADY_ATTENDED');
  });
});
