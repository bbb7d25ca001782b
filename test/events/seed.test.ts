import { ok } from '../support/cloud';
import { DEMO_EVENTS } from '../../devcloud/seed-events';

// The demo seed (YUE_SEED=demo, also the test cloud's): what a developer tries first.
test('demo events: one happening now, a full one with a waitlist, a future one, a volunteer event; staff-local is staff', async () => {
  // Each demo event by id: the shared test cloud holds many other tests' events, so a list page
  // (soonest first, bounded) need not reach the future ones.
  const ids = [DEMO_EVENTS.now, DEMO_EVENTS.full, DEMO_EVENTS.future, DEMO_EVENTS.volunteer];
  const byId = new Map<string, unknown>();
  for (const eventId of ids) byId.set(eventId, (await ok('events', 'seed-viewer', { action: 'detail', eventId })).event);
  expect(byId.get(DEMO_EVENTS.now)).toMatchObject({ phase: 'ongoing', kind: 'reader' });
  expect(byId.get(DEMO_EVENTS.full)).toMatchObject({ phase: 'full', seatsTaken: 3, seatsLeft: 0, waitlisted: 1 });
  expect(byId.get(DEMO_EVENTS.future)).toMatchObject({ phase: 'open' });
  expect(byId.get(DEMO_EVENTS.volunteer)).toMatchObject({ kind: 'volunteer', phase: 'open' });
  const token = await ok('events', 'staff-local', { action: 'attendanceToken', eventId: DEMO_EVENTS.now });
  expect(token.token).toMatch(/^E1\./);
  const { volunteers } = await ok('events', 'staff-local', { action: 'volunteerQueue' });
  expect(volunteers.some((v: { name: string }) => v.name === '林**')).toBe(true);
  const approved = await ok('events', 'staff-local', { action: 'volunteerQueue', status: 'approved' });
  expect(approved.volunteers.some((v: { name: string }) => v.name === '陈**')).toBe(true);
});
