import { signupClosed } from '../../server/domain/events/model';
import { call, ok, storedDocs, uid } from '../support/cloud';
import { ADMIN, DAY, at, eventFields, eventPatron, newEvent, signupEvent } from './helpers';

jest.setTimeout(90_000);

const seatsOf = async (eventId: string) => (await storedDocs('seats')).filter((s) => s.eventId === eventId);
const signupsOf = async (eventId: string) => (await storedDocs('signups')).filter((s) => s.eventId === eventId);

async function detail(openid: string, eventId: string) {
  return (await ok('events', openid, { action: 'detail', eventId })).event;
}

describe('sign-up', () => {
  test('a card signs up with a family member: two seats, shown in the list, detail and 我的活动', async () => {
    const ev = await newEvent({ capacity: 5 });
    const p = await eventPatron(1);
    const { signup, event } = await ok('events', p.openid, signupEvent(ev.eventId, { memberIds: p.memberIds, remind: true }));
    expect(signup).toMatchObject({ status: 'confirmed', seats: 2, position: null, cardNo: p.cardNo, remind: true });
    expect(signup.members).toEqual([{ memberId: p.memberIds[0], name: '成员1', relation: '子女' }]);
    expect(event).toMatchObject({ seatsTaken: 2, seatsLeft: 3, phase: 'open' });

    const shown = await detail(p.openid, ev.eventId);
    expect(shown).toMatchObject({ seatsTaken: 2, seatsLeft: 3, waitlisted: 0, mySignup: { status: 'confirmed', seats: 2 } });
    const { events } = await ok('events', p.openid, { action: 'list', kind: 'reader' });
    expect(events.find((e: { eventId: string }) => e.eventId === ev.eventId)).toMatchObject({ seatsTaken: 2, mySignup: { signupId: signup.signupId } });
    const { signups } = await ok('events', p.openid, { action: 'mine' });
    expect(signups[0]).toMatchObject({ eventId: ev.eventId, status: 'confirmed', seats: 2, title: expect.any(String) });
    expect(await seatsOf(ev.eventId)).toHaveLength(2);
  });

  test('the same card twice is refused; after a cancel it may sign up again', async () => {
    const ev = await newEvent({ capacity: 5 });
    const p = await eventPatron();
    await ok('events', p.openid, signupEvent(ev.eventId));
    expect((await call('events', p.openid, signupEvent(ev.eventId))).error?.code).toBe('ALREADY_SIGNED_UP');
    const { signup } = await ok('events', p.openid, { action: 'cancel', eventId: ev.eventId, requestId: uid('req') });
    expect(signup.status).toBe('cancelled');
    expect(await seatsOf(ev.eventId)).toHaveLength(0);
    expect((await call('events', p.openid, { action: 'cancel', eventId: ev.eventId })).error?.code).toBe('NOT_SIGNED_UP');
    const again = await ok('events', p.openid, signupEvent(ev.eventId));
    expect(again.signup.status).toBe('confirmed');
    expect(await seatsOf(ev.eventId)).toHaveLength(1);
  });

  test('the same requestId again answers the first sign-up and takes no second seat', async () => {
    const ev = await newEvent({ capacity: 5 });
    const p = await eventPatron();
    const first = await ok('events', p.openid, signupEvent(ev.eventId, { requestId: 'same-request-001' }));
    const second = await ok('events', p.openid, signupEvent(ev.eventId, { requestId: 'same-request-001' }));
    expect(second.signup).toEqual(first.signup);
    expect(await seatsOf(ev.eventId)).toHaveLength(1);
  });

  test('a full event answers EVENT_FULL, or a waitlist place with its position', async () => {
    const ev = await newEvent({ capacity: 2 });
    const [a, b, c] = await Promise.all([eventPatron(1), eventPatron(), eventPatron()]);
    await ok('events', a.openid, signupEvent(ev.eventId, { memberIds: a.memberIds }));
    expect((await call('events', b.openid, signupEvent(ev.eventId))).error?.code).toBe('EVENT_FULL');
    const w1 = await ok('events', b.openid, signupEvent(ev.eventId, { waitlist: true }));
    const w2 = await ok('events', c.openid, signupEvent(ev.eventId, { waitlist: true }));
    expect(w1.signup).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(w2.signup).toMatchObject({ status: 'waitlisted', position: 2 });
    expect(await detail(c.openid, ev.eventId)).toMatchObject({ phase: 'full', seatsLeft: 0, waitlisted: 2, mySignup: { position: 2 } });
  });

  test('a cancel promotes the earliest waitlisted sign-up that fits, in order, and messages it', async () => {
    const ev = await newEvent({ capacity: 3 });
    const [a, big, small, later] = await Promise.all([eventPatron(), eventPatron(2), eventPatron(), eventPatron()]);
    await ok('events', a.openid, signupEvent(ev.eventId));
    const filler = await eventPatron(1);
    await ok('events', filler.openid, signupEvent(ev.eventId, { memberIds: filler.memberIds }));
    // Waitlist: a 3-seat sign-up first, then two 1-seat sign-ups.
    await ok('events', big.openid, signupEvent(ev.eventId, { memberIds: big.memberIds, waitlist: true }));
    await ok('events', small.openid, signupEvent(ev.eventId, { waitlist: true }));
    await ok('events', later.openid, signupEvent(ev.eventId, { waitlist: true }));

    // One seat frees: the 3-seat sign-up does not fit, the earliest 1-seat one does.
    const { promoted } = await ok('events', a.openid, { action: 'cancel', eventId: ev.eventId });
    expect(promoted).toBe(1);
    expect((await detail(small.openid, ev.eventId)).mySignup).toMatchObject({ status: 'confirmed', seats: 1 });
    expect((await detail(later.openid, ev.eventId)).mySignup).toMatchObject({ status: 'waitlisted', position: 2 });
    expect((await detail(big.openid, ev.eventId)).mySignup).toMatchObject({ status: 'waitlisted', position: 1 });
    const { messages } = await ok('inbox', small.openid, { action: 'messages' });
    expect(messages.map((m: { title: string }) => m.title)).toContain('候补成功');

    // Two seats free (the filler and member): the 3-seat one still does not fit; `later` does.
    await ok('events', filler.openid, { action: 'cancel', eventId: ev.eventId });
    expect((await detail(later.openid, ev.eventId)).mySignup).toMatchObject({ status: 'confirmed' });
    expect((await detail(big.openid, ev.eventId)).mySignup).toMatchObject({ status: 'waitlisted', position: 1 });
    // seats taken = Σ seats of seated sign-ups, and every slot belongs to one of them.
    const seated = (await signupsOf(ev.eventId)).filter((s) => s.status === 'confirmed');
    const seats = await seatsOf(ev.eventId);
    expect(seats).toHaveLength(seated.reduce((n, s) => n + s.seats, 0));
    expect(seats.map((s) => s.signupId).sort()).toEqual(seated.flatMap((s) => s.slots.map(() => s._id)).sort());
    expect((await detail(big.openid, ev.eventId)).seatsTaken).toBe(2);
  });

  test('a cancel answers the event as detail shows it afterwards (promotion included); a retry answers the same', async () => {
    const ev = await newEvent({ capacity: 2 });
    const [a, waiting, late] = await Promise.all([eventPatron(1), eventPatron(), eventPatron()]);
    await ok('events', a.openid, signupEvent(ev.eventId, { memberIds: a.memberIds }));
    await ok('events', waiting.openid, signupEvent(ev.eventId, { waitlist: true }));
    await ok('events', late.openid, signupEvent(ev.eventId, { waitlist: true }));
    const requestId = uid('req');
    const first = await ok('events', a.openid, { action: 'cancel', eventId: ev.eventId, requestId });
    expect(first.promoted).toBe(2);
    const { mySignups: shownMine, ...shown } = await detail(a.openid, ev.eventId);
    const { mySignups, ...event } = first.event;
    expect(event).toEqual(shown);
    expect(event).toMatchObject({ seatsTaken: 2, waitlisted: 0, phase: 'full', mySignup: null });
    expect(mySignups).toEqual(shownMine);
    const again = await ok('events', a.openid, { action: 'cancel', eventId: ev.eventId, requestId });
    expect(again).toEqual(first);
  });

  test('sign-up closes at the deadline and cancel at the start', async () => {
    const ev = await newEvent({ capacity: 5, startIn: 2 * DAY });
    const p = await eventPatron();
    const late = at(new Date(ev.startAt).getTime() - 30 * 60_000);
    expect((await call('events', p.openid, signupEvent(ev.eventId), { now: late })).error?.code).toBe('EVENT_CLOSED');
    await ok('events', p.openid, signupEvent(ev.eventId));
    const started = at(new Date(ev.startAt).getTime() + 60_000);
    expect((await call('events', p.openid, { action: 'cancel', eventId: ev.eventId }, { now: started })).error?.code).toBe('EVENT_CLOSED');
  });

  test('sign-up a second before the deadline is seated; at the deadline and a second after: EVENT_CLOSED, phase closed', async () => {
    const ev = await newEvent({ capacity: 5, startIn: 2 * DAY });
    const deadline = new Date(ev.signupDeadline).getTime();
    const [before, onTime, after] = await Promise.all([eventPatron(), eventPatron(), eventPatron()]);
    for (const [p, ms] of [[onTime, deadline], [after, deadline + 1000]] as const) {
      expect((await call('events', p.openid, signupEvent(ev.eventId), { now: at(ms) })).error?.code).toBe('EVENT_CLOSED');
      expect((await ok('events', p.openid, { action: 'detail', eventId: ev.eventId }, { now: at(ms) })).event.phase).toBe('closed');
    }
    expect((await ok('events', before.openid, { action: 'detail', eventId: ev.eventId }, { now: at(deadline - 1000) })).event.phase).toBe('open');
    const { signup } = await ok('events', before.openid, signupEvent(ev.eventId), { now: at(deadline - 1000) });
    expect(signup.status).toBe('confirmed');
    expect((await signupsOf(ev.eventId)).map((s) => s.cardNo)).toEqual([before.cardNo]);
  });

  // The local cloud's clock runs on from X-Dev-Now, so the exact instant is pinned on the one rule both use.
  test('signupClosed: open a millisecond before the deadline, closed at the instant (and at the start)', () => {
    const ev = { signupDeadline: new Date('2026-03-01T10:00:00+08:00'), startAt: new Date('2026-03-02T10:00:00+08:00') };
    expect(signupClosed(ev, new Date('2026-03-01T09:59:59.999+08:00'))).toBe(false);
    expect(signupClosed(ev, new Date('2026-03-01T10:00:00+08:00'))).toBe(true);
    const late = { ...ev, signupDeadline: ev.startAt };
    expect(signupClosed(late, new Date('2026-03-02T09:59:59.999+08:00'))).toBe(false);
    expect(signupClosed(late, new Date('2026-03-02T10:00:00+08:00'))).toBe(true);
  });

  test('a family group that does not fit the seats left is not seated: EVENT_FULL, or the waitlist', async () => {
    const ev = await newEvent({ capacity: 3 });
    const [a, family] = await Promise.all([eventPatron(1), eventPatron(1)]);
    await ok('events', a.openid, signupEvent(ev.eventId, { memberIds: a.memberIds }));
    // One seat left, two asked for.
    expect((await call('events', family.openid, signupEvent(ev.eventId, { memberIds: family.memberIds }))).error?.code).toBe('EVENT_FULL');
    expect(await seatsOf(ev.eventId)).toHaveLength(2);
    const { signup } = await ok('events', family.openid, signupEvent(ev.eventId, { memberIds: family.memberIds, waitlist: true }));
    expect(signup).toMatchObject({ status: 'waitlisted', seats: 2, position: 1 });
    expect(await seatsOf(ev.eventId)).toHaveLength(2);
    expect(await detail(a.openid, ev.eventId)).toMatchObject({ seatsTaken: 2, seatsLeft: 1, waitlisted: 1 });
  });

  test('a cancelled event refuses sign-ups and messages everyone signed up', async () => {
    const fields = eventFields({ capacity: 1 });
    const { event } = await ok('admin', ADMIN, { action: 'upsertEvent', ...fields });
    const [a, b, c] = await Promise.all([eventPatron(), eventPatron(), eventPatron()]);
    await ok('events', a.openid, signupEvent(event.eventId));
    await ok('events', b.openid, signupEvent(event.eventId, { waitlist: true }));
    await ok('admin', ADMIN, { action: 'upsertEvent', eventId: event.eventId, ...fields, status: 'cancelled' });
    expect((await call('events', c.openid, signupEvent(event.eventId))).error?.code).toBe('EVENT_CANCELLED');
    for (const p of [a, b]) {
      const { messages } = await ok('inbox', p.openid, { action: 'messages' });
      expect(messages.filter((m: { title: string }) => m.title === '活动已取消')).toHaveLength(1);
      expect((await detail(p.openid, event.eventId)).mySignups[0].status).toBe('cancelled');
    }
    expect(await seatsOf(event.eventId)).toHaveLength(0);
    const { events } = await ok('events', a.openid, { action: 'list' });
    expect(events.map((e: { eventId: string }) => e.eventId)).not.toContain(event.eventId);
  });

  test('volunteer events take approved volunteers only', async () => {
    const ev = await newEvent({ kind: 'volunteer', capacity: 3 });
    const p = await eventPatron();
    expect((await call('events', p.openid, signupEvent(ev.eventId))).error?.code).toBe('NOT_VOLUNTEER');
    await ok('events', p.openid, { action: 'registerVolunteer', name: '王志愿', phone: p.reader.phone });
    expect((await call('events', p.openid, signupEvent(ev.eventId))).error?.code).toBe('NOT_VOLUNTEER');
    expect(await signupsOf(ev.eventId)).toHaveLength(0);
  });
});

describe('sign-up refusals write nothing', () => {
  test.each([
    ['a card not bound to the caller', 'CARD_NOT_BOUND', (p: { memberIds: string[] }, other: string) => ({ cardNo: other })],
    ['an unknown member', 'MEMBER_NOT_FOUND', () => ({ memberIds: ['no-such-member'] })],
    ['another patron\'s member', 'MEMBER_NOT_FOUND', (_p: unknown, _o: string, theirs: string) => ({ memberIds: [theirs] })],
    ['the same member twice', 'INVALID_INPUT', (p: { memberIds: string[] }) => ({ memberIds: [p.memberIds[0], p.memberIds[0]] })],
    ['members of the wrong type', 'INVALID_INPUT', () => ({ memberIds: 'm1' })],
    ['more than 4 members', 'TOO_MANY_MEMBERS', (p: { memberIds: string[] }) => ({ memberIds: p.memberIds })],
  ])('%s → %s', async (_what, code, extra) => {
    const ev = await newEvent({ capacity: 30 });
    const [p, other] = await Promise.all([eventPatron(5), eventPatron(1)]);
    const res = await call('events', p.openid, signupEvent(ev.eventId, extra(p, other.cardNo, other.memberIds[0])));
    expect(res.error?.code).toBe(code);
    expect(await signupsOf(ev.eventId)).toHaveLength(0);
    expect(await seatsOf(ev.eventId)).toHaveLength(0);
  });

  test('cancel for a card that is not the caller\'s is refused', async () => {
    const ev = await newEvent({ capacity: 3 });
    const [a, b] = await Promise.all([eventPatron(), eventPatron()]);
    await ok('events', a.openid, signupEvent(ev.eventId));
    expect((await call('events', b.openid, { action: 'cancel', eventId: ev.eventId, cardNo: a.cardNo })).error?.code).toBe('CARD_NOT_BOUND');
    expect((await detail(a.openid, ev.eventId)).mySignup.status).toBe('confirmed');
  });

  test('an unknown event', async () => {
    const p = await eventPatron();
    expect((await call('events', p.openid, signupEvent('ev-none'))).error?.code).toBe('EVENT_NOT_FOUND');
    expect((await call('events', p.openid, { action: 'detail', eventId: 'ev-none' })).error?.code).toBe('EVENT_NOT_FOUND');
  });
});
