// The seat invariants of one event, checked on the stored documents (test/events/rush*.test.ts).
import { storedDocs } from '../support/cloud';

const SEATED = ['confirmed', 'attended', 'served', 'absent'];

/**
 * seats taken = slot documents = Σ seats of seated sign-ups; every slot is 1..maxCapacity, held
 * by a seated sign-up whose slot list names it; waitlisted and cancelled sign-ups hold none.
 */
export async function expectSeatInvariants(eventId: string, maxCapacity: number) {
  const seats = (await storedDocs('seats')).filter((s) => s.eventId === eventId);
  const signups = (await storedDocs('signups')).filter((s) => s.eventId === eventId);
  const seated = signups.filter((s) => SEATED.includes(s.status));
  expect(seats.length).toBe(seated.reduce((n, s) => n + s.seats, 0));
  expect(seats.length).toBeLessThanOrEqual(maxCapacity);
  const ns = seats.map((s) => s.n);
  expect(new Set(ns).size).toBe(ns.length);
  for (const n of ns) expect(n >= 1 && n <= maxCapacity).toBe(true);
  const bySignup = new Map(seated.map((s) => [s._id, s]));
  for (const slot of seats) expect(bySignup.get(slot.signupId)?.slots).toContain(slot.n);
  for (const s of seated) expect(s.slots).toHaveLength(s.seats);
  for (const s of signups.filter((x) => !SEATED.includes(x.status))) expect(s.slots).toEqual([]);
  return { taken: seats.length, signups, seated };
}
