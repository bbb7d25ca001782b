// Launch-minute sign-up rush (issue 14) on a second local cloud with 16 function instances:
// invariants only (BUSY counts are the bench's business). BUSY answers are retried with the same
// requestId, as the page offers, so every caller ends with a seat, a waitlist place or EVENT_FULL.
// An admin raises the capacity while the rush runs.
import { startLocalCloud, type LocalCloud } from '../../devcloud/server';
import { ADMIN, call, ok, storedDocs, uid, type Answer } from '../support/cloud';
import { expectOverlap, race, warmAll } from '../support/race';
import { eventFields } from './helpers';
import { expectSeatInvariants } from './invariants';

const INSTANCES = 16;
const CALLERS = 160;
const CAPACITY = 40;
const RAISED = 60;

jest.setTimeout(240_000);

let cloud: LocalCloud;
const savedUrl = process.env.YUE_TEST_URL;

beforeAll(async () => {
  cloud = await startLocalCloud({ workers: INSTANCES, port: 0, dataDir: null, seed: 'none', adminOpenids: [ADMIN], build: false });
  process.env.YUE_TEST_URL = cloud.url; // test/support/cloud.ts and race.ts read it per call
  await warmAll('events');
});

afterAll(async () => {
  process.env.YUE_TEST_URL = savedUrl;
  await cloud?.close();
});

/** Patrons with a bound card (and a member for every fourth), written straight into the store: binding is not under test. */
function patrons(n: number) {
  const now = new Date();
  const tag = uid('S').slice(-8);
  return Array.from({ length: n }, (_, i) => {
    const cardNo = `${tag}${String(i).padStart(4, '0')}`;
    const openid = `seat-rush-${tag}-${i}`;
    cloud.emulator.collection('users').insert({ _id: openid, cards: [cardNo], current: cardNo, createdAt: now });
    const memberIds: string[] = [];
    if (i % 4 === 0) {
      const memberId = `m-${tag}-${i}`;
      cloud.emulator.collection('members').insert({ _id: memberId, openid, name: '家人', relation: '子女', createdAt: now });
      memberIds.push(memberId);
    }
    return { openid, cardNo, memberIds };
  });
}

/** Seats of the answers that are ok with this status. */
function seatsOf(answers: Answer[], status: string): number {
  return answers.filter((a) => a.ok && a.data.signup.status === status).reduce((n, a) => n + a.data.signup.seats, 0);
}

async function untilSettled(first: Answer, again: () => Promise<Answer>): Promise<Answer> {
  let a = first;
  for (let i = 0; i < 10 && !a.ok && a.error?.code === 'BUSY'; i++) a = await again();
  return a;
}

test(`${CALLERS} sign-ups at once on ${INSTANCES} instances, capacity raised ${CAPACITY} → ${RAISED} mid-rush: never oversold, seats = Σ seated, exactly once per requestId`, async () => {
  const ps = patrons(CALLERS);
  const fields = eventFields({ capacity: CAPACITY });
  const { event } = await ok('admin', ADMIN, { action: 'upsertEvent', ...fields });
  const events = ps.map((p, i) => ({ action: 'signup', eventId: event.eventId, memberIds: p.memberIds, waitlist: i % 2 === 0, requestId: uid('req') }));
  await warmAll('admin', { action: 'listRoles' }, ADMIN);

  // The raise is a racer in the middle of the line: the host runs calls first come, first served,
  // so about half the sign-ups run before it and half after (the spans below prove it).
  const RAISER = CALLERS / 2;
  const signer = (i: number) => (i < RAISER ? i : i - 1);
  const r = await race(CALLERS + 1, (i) => (i === RAISER
    ? call('admin', ADMIN, { action: 'upsertEvent', eventId: event.eventId, ...fields, capacity: RAISED })
    : call('events', ps[signer(i)].openid, events[signer(i)])));
  expectOverlap(r);
  const raise = r.answers[RAISER];
  expect(raise.ok).toBe(true);
  const rush = r.answers.filter((_, i) => i !== RAISER);
  const span = raise.span!;
  // It landed mid-rush: a one-seat sign-up that ended before it began found the event full at the
  // old capacity, and sign-ups that started after it began were given seats only the raise made.
  const before = rush.filter((a) => a.span!.end <= span.start);
  expect(seatsOf(before, 'confirmed')).toBeLessThanOrEqual(CAPACITY);
  expect(rush.some((a, i) => a.span!.end <= span.start && !ps[i].memberIds.length && (!a.ok || a.data.signup.status === 'waitlisted'))).toBe(true);
  expect(seatsOf(rush.filter((a) => a.span!.start >= span.start), 'confirmed')).toBeGreaterThan(0);
  const answers = await Promise.all(rush.map((a, i) => untilSettled(a, () => call('events', ps[i].openid, events[i]))));

  for (const a of answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('EVENT_FULL');
  const seated = seatsOf(answers, 'confirmed');
  const { taken, signups } = await expectSeatInvariants(event.eventId, RAISED);
  expect((await storedDocs('events')).find((e) => e._id === event.eventId)?.capacity).toBe(RAISED);
  // Every caller's answer matches what is stored, but for a waitlisted sign-up the raise promoted.
  expect(signups).toHaveLength(answers.filter((a) => a.ok).length);
  const stored = new Map(signups.map((s) => [s._id, s]));
  for (const a of answers.filter((x) => x.ok)) {
    const s = stored.get(a.data.signup.signupId);
    if (a.data.signup.status === 'waitlisted' && s?.status === 'confirmed') {
      expect(s.promotedAt).toBeTruthy();
    } else expect(s?.status).toBe(a.data.signup.status);
  }
  expect(taken).toBe(seated + signups.filter((s) => s.promotedAt && s.status === 'confirmed').reduce((n, s) => n + s.seats, 0));
  // The raise took effect: the seats fill up to it, or what is left fits no waitlisted sign-up.
  const left = RAISED - taken;
  expect(taken).toBeGreaterThan(CAPACITY);
  expect(signups.filter((s) => s.status === 'waitlisted' && s.seats <= left).map((s) => s.seats)).toEqual([]);
  // The same requestId again answers the first result and changes nothing.
  const replay = await call('events', ps[1].openid, events[1]);
  expect(replay.ok ? replay.data.signup.signupId : replay.error?.code).toBe(answers[1].ok ? answers[1].data.signup.signupId : answers[1].error?.code);
  expect((await expectSeatInvariants(event.eventId, RAISED)).taken).toBe(taken);
});
