// A card changes hands (A unbinds, B binds it): the card's own seat follows the card, the seats A
// booked for A's family stay A's — B neither sees their names nor cancels them; A still can.
import { installWx, renderPage } from './harness';
import { bindCard, call, ok, uid } from '../support/cloud';
import { eventPatron, makeStaff, newEvent } from '../events/helpers';

jest.setTimeout(90_000);

async function handedOver() {
  const a = await eventPatron(2, '王家长');
  const ev = await newEvent({ capacity: 10 });
  await ok('events', a.openid, { action: 'signup', eventId: ev.eventId, memberIds: a.memberIds, requestId: uid('req') });
  await ok('account', a.openid, { action: 'unbindCard', cardNo: a.cardNo });
  const b = uid('next-holder');
  await bindCard(b, a.reader, { now: new Date(Date.now() + 5 * 60_000).toISOString() }); // past the SMS resend gap
  return { a, b, ev };
}

const seatsTaken = async (eventId: string) => (await ok('events', uid('look'), { action: 'detail', eventId })).event.seatsTaken as number;

test('B sees only the card\'s own seat and cancels only it; A still sees and cancels the family seats', async () => {
  const { a, b, ev } = await handedOver();
  expect(await seatsTaken(ev.eventId)).toBe(3);

  // B: one seat, no names of A's family anywhere on the page or in its data.
  installWx({ openid: b });
  const pageB = await renderPage(`events/detail/detail?eventId=${ev.eventId}`);
  expect(pageB.text('#mine')).toContain('1 个座位');
  expect(pageB.text()).not.toContain('成员1');
  expect(JSON.stringify(pageB.data())).not.toContain('成员1');
  expect(pageB.has('#booked')).toBe(false);
  const mineB = await renderPage('events/mine/mine');
  expect(mineB.text()).not.toContain('成员1');
  expect(JSON.stringify(mineB.data())).not.toContain('成员1');

  const wxB = installWx({ openid: b });
  const again = await renderPage(`events/detail/detail?eventId=${ev.eventId}`);
  wxB.script('showModal', { confirm: true });
  await again.tap('#cancel');
  expect(wxB.lastCall('showModal').content).toContain('1 个座位');
  expect(await seatsTaken(ev.eventId)).toBe(2); // the family's two seats stay

  // A (no card any more): the family seats, with their names, and A may cancel them.
  const wxA = installWx({ openid: a.openid });
  const pageA = await renderPage(`events/detail/detail?eventId=${ev.eventId}`);
  expect(pageA.text('#booked')).toContain('2 个座位');
  expect(pageA.text('#booked')).toContain('成员1（子女）');
  wxA.script('showModal', { confirm: true });
  await pageA.tap('#cancel-booked');
  expect(wxA.lastToast()).toBe('已取消报名');
  expect(await seatsTaken(ev.eventId)).toBe(0);
  expect(pageA.has('#booked')).toBe(false);
});

test('A cancels the family seats first: the card\'s seat stays B\'s; staff see every seat, masked; a stranger cancels nothing', async () => {
  const { a, b, ev } = await handedOver();
  const { signups: [seenByA] } = await ok('events', a.openid, { action: 'mine' });
  expect(seenByA).toMatchObject({ seats: 2, members: [expect.objectContaining({ name: '成员1' }), expect.objectContaining({ name: '成员2' })] });
  const { signups: [seenByB] } = await ok('events', b, { action: 'mine' });
  expect(seenByB).toMatchObject({ signupId: seenByA.signupId, seats: 1, members: [] });

  // A stranger naming the sign-up cancels nothing.
  expect((await call('events', uid('stranger'), { action: 'cancel', eventId: ev.eventId, signupId: seenByA.signupId })).error?.code).toBe('NOT_SIGNED_UP');
  const staff = await makeStaff();
  const line = (await ok('events', staff, { action: 'roster', eventId: ev.eventId })).signups[0];
  expect(line).toMatchObject({ seats: 3, members: ['成**', '成**'] });

  const cancelled = await ok('events', a.openid, { action: 'cancel', eventId: ev.eventId, signupId: seenByA.signupId });
  expect(cancelled.signup).toMatchObject({ status: 'cancelled', seats: 0 });
  expect(await seatsTaken(ev.eventId)).toBe(1);
  expect((await ok('events', b, { action: 'mine' })).signups[0]).toMatchObject({ status: 'confirmed', seats: 1, members: [] });
  expect((await ok('events', staff, { action: 'roster', eventId: ev.eventId })).signups[0]).toMatchObject({ seats: 1, members: [] });
  expect((await call('events', a.openid, { action: 'cancel', eventId: ev.eventId, signupId: seenByA.signupId })).error?.code).toBe('NOT_SIGNED_UP');
  await ok('events', b, { action: 'cancel', eventId: ev.eventId });
  expect(await seatsTaken(ev.eventId)).toBe(0);
});
