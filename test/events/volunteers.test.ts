import { call, expectLedgerInvariant, ledgerSum, ok, storedDocs, uid } from '../support/cloud';
import { expectOverlap, race, warmAll } from '../support/race';
import { expectSeatInvariants } from './invariants';
import { ADMIN, HOUR, approvedVolunteer, at, eventFields, eventPatron, makeStaff, newEvent, signupEvent } from './helpers';

jest.setTimeout(90_000);

async function titles(openid: string): Promise<string[]> {
  const { messages } = await ok('inbox', openid, { action: 'messages' });
  return messages.map((m: { title: string }) => m.title);
}

describe('volunteers', () => {
  let staff: string;
  beforeAll(async () => { staff = await makeStaff(); });

  test('register → 审核中 → rejected with a reason (messaged) → register again → approved (messaged)', async () => {
    const p = await eventPatron();
    expect(await ok('events', p.openid, { action: 'volunteerStatus' })).toEqual({ status: 'none', reason: null, volunteer: null });
    const { volunteer } = await ok('events', p.openid, { action: 'registerVolunteer', name: '孙志愿', phone: p.reader.phone, skills: '摄影\n讲解' });
    expect(volunteer).toMatchObject({ status: 'pending', name: '孙**', phone: expect.stringContaining('****'), skills: '摄影\n讲解' });
    expect((await call('events', p.openid, { action: 'registerVolunteer', name: '孙志愿', phone: p.reader.phone })).error?.code).toBe('ALREADY_VOLUNTEER');

    const { volunteers } = await ok('events', staff, { action: 'volunteerQueue' });
    expect(volunteers.find((v: { volunteerId: string }) => v.volunteerId === volunteer.volunteerId)).toMatchObject({ name: '孙**', status: 'pending' });
    expect((await call('events', staff, { action: 'reviewVolunteer', volunteerId: volunteer.volunteerId, approve: false })).error?.code).toBe('REASON_REQUIRED');
    await ok('events', staff, { action: 'reviewVolunteer', volunteerId: volunteer.volunteerId, approve: false, reason: '资料不完整' });
    expect(await ok('events', p.openid, { action: 'volunteerStatus' })).toMatchObject({ status: 'rejected', reason: '资料不完整' });
    expect(await titles(p.openid)).toContain('志愿者审核未通过');
    expect((await call('events', staff, { action: 'reviewVolunteer', volunteerId: volunteer.volunteerId, approve: true })).error?.code).toBe('ALREADY_REVIEWED');

    await ok('events', p.openid, { action: 'registerVolunteer', name: '孙志愿', phone: p.reader.phone, skills: '摄影' });
    await ok('events', staff, { action: 'reviewVolunteer', volunteerId: volunteer.volunteerId, approve: true });
    expect(await ok('events', p.openid, { action: 'volunteerStatus' })).toMatchObject({ status: 'approved', reason: null });
    expect(await titles(p.openid)).toContain('志愿者审核已通过');
    expect((await call('events', staff, { action: 'reviewVolunteer', volunteerId: 'vol_none', approve: true })).error?.code).toBe('VOLUNTEER_NOT_FOUND');
  });

  test('free text with control characters or too long is refused, nothing stored', async () => {
    const p = await eventPatron();
    for (const bad of [{ name: '孙\u0000志愿' }, { skills: '摄影\u001b[31m' }, { skills: '长'.repeat(201) }, { phone: '123' }]) {
      const res = await call('events', p.openid, { action: 'registerVolunteer', name: '孙志愿', phone: p.reader.phone, ...bad });
      expect(res.error?.code).toBe('INVALID_INPUT');
    }
    expect((await ok('events', p.openid, { action: 'volunteerStatus' })).status).toBe('none');
  });

  test('20 confirmations of one volunteer\'s service at once: one award, hours added once', async () => {
    const v = await approvedVolunteer(staff);
    const ev = await newEvent({ kind: 'volunteer', capacity: 5, points: 20, startIn: HOUR, deadlineBeforeStart: 10 * 60_000 });
    const { signup } = await ok('events', v.openid, signupEvent(ev.eventId));
    const before = (await ok('points', v.openid, { action: 'summary' })).balance;
    const early = await call('events', staff, { action: 'confirmService', eventId: ev.eventId, signupId: signup.signupId, hours: 3 });
    expect(early.error?.code).toBe('SERVICE_TOO_EARLY');

    const after = at(new Date(ev.endAt).getTime() + 10 * 60_000);
    await warmAll('events');
    const r = await race(20, () => call('events', staff, { action: 'confirmService', eventId: ev.eventId, signupId: signup.signupId, hours: 3, requestId: uid('req') }, { now: after }));
    expectOverlap(r);
    const wins = r.answers.filter((a) => a.ok);
    expect(wins).toHaveLength(1);
    expect(wins[0].data).toMatchObject({ awarded: 20, hours: 3, totalHours: 3, signup: { status: 'served', hours: 3, name: '赵**' } });
    for (const a of r.answers.filter((x) => !x.ok)) expect(['ALREADY_CONFIRMED', 'BUSY']).toContain(a.error?.code);
    expect(await expectLedgerInvariant(v.openid, v.cardNo)).toBe(before + 20);
    expect((await storedDocs('service')).filter((s) => s.signupId === signup.signupId)).toHaveLength(1);

    const mine = await ok('events', v.openid, { action: 'mine' });
    expect(mine.volunteer).toEqual({ status: 'approved', serviceHours: 3 });
    expect(mine.signups[0]).toMatchObject({ status: 'served', hours: 3, awarded: 20 });
    expect(await titles(v.openid)).toContain('志愿服务已确认');
  });

  test('a second confirmed service adds its hours and points to the first: 我的活动 and the staff list show the sums', async () => {
    const v = await approvedVolunteer(staff);
    const before = (await ok('points', v.openid, { action: 'summary' })).balance;
    const evs = [
      await newEvent({ kind: 'volunteer', capacity: 5, points: 20, startIn: HOUR, deadlineBeforeStart: 10 * 60_000 }),
      await newEvent({ kind: 'volunteer', capacity: 5, points: 8, startIn: 2 * HOUR, deadlineBeforeStart: 10 * 60_000 }),
    ];
    for (const ev of evs) await ok('events', v.openid, signupEvent(ev.eventId));
    const after = at(new Date(evs[1].endAt).getTime() + 10 * 60_000);
    const first = await ok('events', staff, { action: 'confirmService', eventId: evs[0].eventId, cardNo: v.cardNo, hours: 3 }, { now: after });
    const second = await ok('events', staff, { action: 'confirmService', eventId: evs[1].eventId, cardNo: v.cardNo, hours: 2.5 }, { now: after });
    expect([first.totalHours, second.totalHours]).toEqual([3, 5.5]);
    expect(await expectLedgerInvariant(v.openid, v.cardNo)).toBe(before + 28);
    const mine = await ok('events', v.openid, { action: 'mine' });
    expect(mine.volunteer).toEqual({ status: 'approved', serviceHours: 5.5 });
    expect(mine.signups.map((s: { hours: number; awarded: number }) => [s.hours, s.awarded]).sort()).toEqual([[2.5, 8], [3, 20]]);
    const { volunteers } = await ok('events', staff, { action: 'volunteerQueue', status: 'approved' });
    expect(volunteers.find((x: { volunteerId: string }) => x.volunteerId === v.volunteerId)).toMatchObject({ serviceHours: 5.5 });
  });

  test('a volunteer scanning the check-in code twice: 已签到过 the second time, nothing awarded', async () => {
    const v = await approvedVolunteer(staff);
    const ev = await newEvent({ kind: 'volunteer', capacity: 5, points: 20, startIn: HOUR, deadlineBeforeStart: 10 * 60_000 });
    await ok('events', v.openid, signupEvent(ev.eventId));
    const before = await ledgerSum(v.openid, v.cardNo);
    const during = at(Math.floor((new Date(ev.startAt).getTime() + 10 * 60_000) / 30_000) * 30_000 + 5_000);
    const { token } = await ok('events', staff, { action: 'attendanceToken', eventId: ev.eventId }, { now: during });
    const first = await ok('events', v.openid, { action: 'attend', eventId: ev.eventId, token, requestId: uid('req') }, { now: during });
    expect(first).toMatchObject({ awarded: 0 });
    const again = await call('events', v.openid, { action: 'attend', eventId: ev.eventId, token, requestId: uid('req') }, { now: during });
    expect(again.error).toMatchObject({ code: 'ALREADY_ATTENDED', message: expect.stringContaining('已签到过') });
    expect(await ledgerSum(v.openid, v.cardNo)).toEqual(before);
    const [su] = (await storedDocs('signups')).filter((x) => x.eventId === ev.eventId);
    expect(su).toMatchObject({ status: 'confirmed', awarded: 0, attendedBy: 'scan' });
  });

  test('service is confirmed for volunteer events and signed-up volunteers only; by card number too', async () => {
    const v = await approvedVolunteer(staff);
    const reader = await newEvent({ capacity: 5, startIn: HOUR, deadlineBeforeStart: 10 * 60_000 });
    const vev = await newEvent({ kind: 'volunteer', capacity: 5, startIn: HOUR, deadlineBeforeStart: 10 * 60_000 });
    const after = at(new Date(vev.endAt).getTime() + 60_000);
    expect((await call('events', staff, { action: 'confirmService', eventId: reader.eventId, cardNo: v.cardNo, hours: 2 }, { now: after })).error?.code).toBe('NOT_VOLUNTEER_EVENT');
    expect((await call('events', staff, { action: 'confirmService', eventId: vev.eventId, cardNo: v.cardNo, hours: 2 }, { now: after })).error?.code).toBe('NOT_SIGNED_UP');
    await ok('events', v.openid, signupEvent(vev.eventId));
    for (const hours of [0, -1, 25, 1.3, '2']) {
      expect((await call('events', staff, { action: 'confirmService', eventId: vev.eventId, cardNo: v.cardNo, hours }, { now: after })).error?.code).toBe('INVALID_INPUT');
    }
    expect((await ok('events', staff, { action: 'confirmService', eventId: vev.eventId, cardNo: v.cardNo, hours: 2.5 }, { now: after })).totalHours).toBe(2.5);
  });
});

describe('staff and admin actions', () => {
  test('the roster masks every name and card number', async () => {
    const staff = await makeStaff();
    const ev = await newEvent({ capacity: 2 });
    const [a, b] = await Promise.all([eventPatron(1, '欧阳娜娜'), eventPatron(0, '钱多多')]);
    await ok('events', a.openid, signupEvent(ev.eventId, { memberIds: a.memberIds }));
    await ok('events', b.openid, signupEvent(ev.eventId, { waitlist: true }));
    const { signups, event } = await ok('events', staff, { action: 'roster', eventId: ev.eventId });
    expect(event).toMatchObject({ seatsTaken: 2, waitlisted: 1 });
    expect(signups.map((s: { name: string }) => s.name)).toEqual(['欧***', '钱**']);
    expect(signups[0]).toMatchObject({ seats: 2, members: ['成**'], status: 'confirmed', attended: false });
    expect(signups[1]).toMatchObject({ status: 'waitlisted', position: 1 });
    const text = JSON.stringify(signups);
    for (const secret of [a.cardNo, b.cardNo, '欧阳娜娜', '钱多多', '成员1']) expect(text).not.toContain(secret);
  });

  test('upsertEvent: times out of order, capacity 0 or negative, bad types and control characters write nothing', async () => {
    const count = async () => (await storedDocs('events')).length;
    const before = await count();
    const base = eventFields();
    const bad: [Record<string, unknown>, string][] = [
      [{ endAt: base.startAt }, 'EVENT_TIMES_INVALID'],
      [{ signupDeadline: at(new Date(base.startAt).getTime() + 60_000) }, 'EVENT_TIMES_INVALID'],
      [{ capacity: 0 }, 'INVALID_INPUT'],
      [{ capacity: -3 }, 'INVALID_INPUT'],
      [{ capacity: '30' }, 'INVALID_INPUT'],
      [{ points: 1.5 }, 'INVALID_INPUT'],
      [{ kind: 'party' }, 'INVALID_INPUT'],
      [{ startAt: 'tomorrow' }, 'INVALID_INPUT'],
      [{ title: '讲座\u0000' }, 'INVALID_INPUT'],
      [{ description: 'x'.repeat(2001) }, 'INVALID_INPUT'],
      [{ eventId: 'ev-none' }, 'EVENT_NOT_FOUND'],
    ];
    for (const [over, code] of bad) expect([over, (await call('admin', ADMIN, { action: 'upsertEvent', ...base, ...over })).error?.code]).toEqual([over, code]);
    expect(await count()).toBe(before);
  });

  test('a seat left above a lowered capacity moves down when seats free up, so the freed seat can be taken', async () => {
    const fields = eventFields({ capacity: 4 });
    const { event } = await ok('admin', ADMIN, { action: 'upsertEvent', ...fields });
    const ps = await Promise.all([eventPatron(), eventPatron(), eventPatron(), eventPatron(), eventPatron()]);
    const ids: string[] = [];
    for (const p of ps.slice(0, 4)) ids.push((await ok('events', p.openid, signupEvent(event.eventId))).signup.signupId);
    await ok('admin', ADMIN, { action: 'upsertEvent', eventId: event.eventId, ...fields, capacity: 3 });
    // Cancel two holders of seats below the new capacity; the holder of seat 4 keeps it.
    const slotOf = new Map((await storedDocs('seats')).filter((s) => s.eventId === event.eventId).map((s) => [s.signupId, s.n]));
    const low = ps.slice(0, 4).filter((_p, i) => slotOf.get(ids[i]) !== 4);
    await ok('events', low[0].openid, { action: 'cancel', eventId: event.eventId });
    expect((await call('events', ps[4].openid, signupEvent(event.eventId))).error?.code).toBe('EVENT_FULL');
    await ok('events', low[1].openid, { action: 'cancel', eventId: event.eventId });
    // Two seats taken of three: the newcomer gets one (the seat above 3 moved down first).
    expect((await ok('events', ps[4].openid, signupEvent(event.eventId))).signup.status).toBe('confirmed');
    expect((await expectSeatInvariants(event.eventId, 4)).taken).toBe(3);
    const seats = (await storedDocs('seats')).filter((s) => s.eventId === event.eventId).map((s) => s.n).sort();
    expect(seats.every((n: number) => n <= 3)).toBe(true);
  });

  test('capacity raised during sign-ups promotes the waitlist; lowered, no taken seat is lost', async () => {
    const fields = eventFields({ capacity: 2 });
    const { event } = await ok('admin', ADMIN, { action: 'upsertEvent', ...fields });
    const ps = await Promise.all([eventPatron(), eventPatron(), eventPatron(), eventPatron()]);
    await ok('events', ps[0].openid, signupEvent(event.eventId));
    await ok('events', ps[1].openid, signupEvent(event.eventId));
    await ok('events', ps[2].openid, signupEvent(event.eventId, { waitlist: true }));
    await ok('events', ps[3].openid, signupEvent(event.eventId, { waitlist: true }));
    const raised = await ok('admin', ADMIN, { action: 'upsertEvent', eventId: event.eventId, ...fields, capacity: 3 });
    expect(raised.event).toMatchObject({ capacity: 3, seatsTaken: 3, waitlisted: 1 });
    expect(await titles(ps[2].openid)).toContain('候补成功');

    // Lower to 1: three seats stay taken; a cancel of a low seat moves a high one down, promotes nobody.
    const lowered = await ok('admin', ADMIN, { action: 'upsertEvent', eventId: event.eventId, ...fields, capacity: 1 });
    expect(lowered.event).toMatchObject({ capacity: 1, seatsTaken: 3, seatsLeft: 0 });
    await ok('events', ps[0].openid, { action: 'cancel', eventId: event.eventId });
    await ok('events', ps[1].openid, { action: 'cancel', eventId: event.eventId });
    const seats = (await storedDocs('seats')).filter((s) => s.eventId === event.eventId);
    expect(seats.map((s) => s.n)).toEqual([1]);
    const { event: now } = await ok('events', ps[3].openid, { action: 'detail', eventId: event.eventId });
    expect(now).toMatchObject({ seatsTaken: 1, waitlisted: 1, mySignup: { status: 'waitlisted', position: 1 } });

  });
});
