// The sign-up rush of issue 9 at the default instance count: exact counts.
import { call, ok, uid } from '../support/cloud';
import { expectOverlap, race, warmAll } from '../support/race';
import { manyPatrons, newEvent } from './helpers';
import { expectSeatInvariants } from './invariants';

const CALLERS = 300;
const SEATS = 30;

jest.setTimeout(240_000);

test(`${CALLERS} sign-ups at once (a third bringing 2 members) for ${SEATS} seats: exactly ${SEATS} taken; a cancel promotes the earliest that fits`, async () => {
  const patrons = await manyPatrons(CALLERS, { membersEvery: 3, members: 2 });
  const ev = await newEvent({ capacity: SEATS });
  await warmAll('events');
  // Half the callers accept the waitlist; the others want a seat or nothing.
  const r = await race(CALLERS, (i) => call('events', patrons[i].openid, {
    action: 'signup', eventId: ev.eventId, memberIds: patrons[i].memberIds, waitlist: i % 2 === 0, requestId: uid('req'),
  }));
  expectOverlap(r);

  const confirmed = r.answers.filter((a) => a.ok && a.data.signup.status === 'confirmed');
  const waitlisted = r.answers.filter((a) => a.ok && a.data.signup.status === 'waitlisted');
  const refused = r.answers.filter((a) => !a.ok);
  for (const a of refused) expect(a.error?.code).toBe('EVENT_FULL');
  expect(confirmed.length + waitlisted.length + refused.length).toBe(CALLERS);
  expect(confirmed.reduce((n, a) => n + a.data.signup.seats, 0)).toBe(SEATS);
  for (const a of waitlisted) expect(a.data.signup.position).toBeGreaterThanOrEqual(1);

  const { taken, signups } = await expectSeatInvariants(ev.eventId, SEATS);
  expect(taken).toBe(SEATS);
  const detail = await ok('events', patrons[0].openid, { action: 'detail', eventId: ev.eventId });
  expect(detail.event).toMatchObject({ seatsTaken: SEATS, seatsLeft: 0, waitlisted: waitlisted.length, phase: 'full' });

  // A one-seat cancel: the earliest waitlisted sign-up needing one seat is promoted, nobody else.
  const queue = signups.filter((s) => s.status === 'waitlisted').sort((a, b) => (a.waitKey < b.waitKey ? -1 : 1));
  const expected = queue.find((s) => s.seats === 1);
  const leaver = confirmed.find((a) => a.data.signup.seats === 1)!;
  const who = patrons.find((p) => p.cardNo === leaver.data.signup.cardNo)!;
  const { promoted } = await ok('events', who.openid, { action: 'cancel', eventId: ev.eventId });
  expect(promoted).toBe(expected ? 1 : 0);
  const after = await expectSeatInvariants(ev.eventId, SEATS);
  expect(after.taken).toBe(expected ? SEATS : SEATS - 1);
  const changed = after.signups.filter((s) => s.status === 'confirmed' && queue.some((q) => q._id === s._id));
  expect(changed.map((s) => s._id)).toEqual(expected ? [expected._id] : []);
});
