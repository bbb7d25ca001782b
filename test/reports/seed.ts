// Seeded club activity over May and June 2034 (fixed dev times, a year no other test uses), and
// the report's figures counted straight from the stored documents (docs/DATA.md "Reports").
import { randomIsbn } from '../books/helpers';
import { makeStaff, newPrize } from '../rewards/helpers';
import { ADMIN, bindCard, newReader, ok, shanghai, storedDocs, uid } from '../support/cloud';

export const MAY = { from: '2034-05-01', to: '2034-05-31' };
export const JUNE = { from: '2034-06-01', to: '2034-06-30' };

async function patron(day: string) {
  const openid = uid('rp');
  const reader = await newReader({ name: '王读者' });
  await bindCard(openid, reader, { now: shanghai(day, '09:00:00') });
  return { openid, cardNo: reader.cardNo, phone: reader.phone };
}

const checkin = (p: { openid: string }, day: string, clock = '10:00:00') => ok('points', p.openid, { action: 'checkin', requestId: uid('req') }, { now: shanghai(day, clock) });

/** Activity up to 2034-06-19 (before the first timer run) and after it (`late`). */
export async function seedEarly() {
  const staff = await makeStaff();
  const a = await patron('2034-05-10');
  await checkin(a, '2034-05-10');
  await checkin(a, '2034-05-11');
  const b = await patron('2034-05-20');
  await checkin(b, '2034-05-20', '23:59:00');
  const c = await patron('2034-06-03');
  await checkin(a, '2034-06-03', '00:00:01');
  await checkin(a, '2034-06-04');
  await checkin(b, '2034-06-04');
  await checkin(c, '2034-06-05');
  // A prize redeemed and collected the next day.
  const prize = await newPrize({ cost: 3, stock: 5 });
  const { redemption } = await ok('rewards', a.openid, { action: 'redeem', prizeId: prize.prizeId, requestId: uid('req') }, { now: shanghai('2034-06-05') });
  await ok('rewards', staff, { action: 'fulfil', code: redemption.code, requestId: uid('req') }, { now: shanghai('2034-06-06') });
  // B redeems the same prize and collects it on another day: by prize sums over days.
  const { redemption: second } = await ok('rewards', b.openid, { action: 'redeem', prizeId: prize.prizeId, requestId: uid('req') }, { now: shanghai('2034-06-05') });
  await ok('rewards', staff, { action: 'fulfil', code: second.code, requestId: uid('req') }, { now: shanghai('2034-06-07') });
  // An event on 06-10: A and B sign up, A attends, B does not come.
  const { event } = await ok('admin', ADMIN, {
    action: 'upsertEvent', kind: 'reader', title: '六月读书会', description: '一起读书', place: '二楼报告厅', capacity: 10, points: 7,
    startAt: shanghai('2034-06-10', '10:00:00'), endAt: shanghai('2034-06-10', '12:00:00'), signupDeadline: shanghai('2034-06-09', '10:00:00'),
  }, { now: shanghai('2034-06-01') });
  for (const p of [a, b]) await ok('events', p.openid, { action: 'signup', eventId: event.eventId, requestId: uid('req') }, { now: shanghai('2034-06-02') });
  const { token } = await ok('events', staff, { action: 'attendanceToken', eventId: event.eventId }, { now: shanghai('2034-06-10', '10:30:00') });
  await ok('events', a.openid, { action: 'attend', eventId: event.eventId, token, requestId: uid('req') }, { now: shanghai('2034-06-10', '10:30:05') });
  // A volunteer registers and is approved.
  const { volunteer } = await ok('events', c.openid, { action: 'registerVolunteer', name: '赵志愿', phone: c.phone, skills: '讲解', requestId: uid('req') }, { now: shanghai('2034-06-07') });
  await ok('events', staff, { action: 'reviewVolunteer', volunteerId: volunteer.volunteerId, approve: true, requestId: uid('req') }, { now: shanghai('2034-06-08') });
  // A volunteer event on 06-15: C serves 2 hours.
  const { event: vev } = await ok('admin', ADMIN, {
    action: 'upsertEvent', kind: 'volunteer', title: '六月导读志愿', description: '帮忙导读', place: '一楼大厅', capacity: 4, points: 5,
    startAt: shanghai('2034-06-15', '10:00:00'), endAt: shanghai('2034-06-15', '12:00:00'), signupDeadline: shanghai('2034-06-14', '10:00:00'),
  }, { now: shanghai('2034-06-08') });
  const { signup: served } = await ok('events', c.openid, { action: 'signup', eventId: vev.eventId, requestId: uid('req') }, { now: shanghai('2034-06-09') });
  await ok('events', staff, { action: 'confirmService', eventId: vev.eventId, signupId: served.signupId, hours: 2, requestId: uid('req') }, { now: shanghai('2034-06-15', '12:30:00') });
  // A family member added in June.
  await ok('account', a.openid, { action: 'addMember', name: '小明', relation: '子女' }, { now: shanghai('2034-06-02') });
  // A recommendation adopted (the same ISBN recommended twice: one distinct ISBN); a donation with one of two books accepted.
  const isbn = randomIsbn();
  const { recommendation } = await ok('books', b.openid, { action: 'recommend', isbn, title: '推荐的书', requestId: uid('req') }, { now: shanghai('2034-06-09') });
  await ok('books', a.openid, { action: 'recommend', isbn, title: '推荐的书', requestId: uid('req') }, { now: shanghai('2034-06-09') });
  await ok('books', staff, { action: 'reviewRecommendation', recommendationId: recommendation.recommendationId, status: 'adopted', requestId: uid('req') }, { now: shanghai('2034-06-11') });
  const kept = randomIsbn();
  const { donation } = await ok('books', a.openid, { action: 'donate', books: [{ isbn: kept, title: '捐赠书一' }, { isbn: randomIsbn(), title: '捐赠书二' }], requestId: uid('req') }, { now: shanghai('2034-06-12') });
  await ok('books', staff, { action: 'confirmDonation', code: donation.code, acceptedIsbns: [kept], requestId: uid('req') }, { now: shanghai('2034-06-13') });
  return { staff, a, b, c };
}

/** Activity after the first timer run (06-20): the days a missed timer must catch up. */
export async function seedLate(p: Awaited<ReturnType<typeof seedEarly>>) {
  await checkin(p.a, '2034-06-21');
  await checkin(p.c, '2034-06-30', '23:59:59');
  await checkin(p.b, '2034-07-01');
}

export const timer = (day: string) => ok('maintenance', '', { Type: 'Timer', TriggerName: 'daily-0300' }, { now: shanghai(day, '03:00:00') });

// ---- the same figures, counted from the documents ----
const OFFSET = 8 * 3600_000;
const dayOf = (v: unknown) => new Date(new Date(v as string).getTime() + OFFSET).toISOString().slice(0, 10);
const endOf = (day: string) => new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000;
const ISSUE = ['bind_bonus', 'checkin', 'event', 'volunteer', 'recommend', 'donation'] as const;

export async function countFromDocuments(p: { from: string; to: string }) {
  const [ledger, cards, events, signups, volunteers, service, recs, donations, redemptions, members] = await Promise.all(
    ['ledger', 'cards', 'events', 'signups', 'volunteers', 'service', 'recommendations', 'donations', 'redemptions', 'members'].map(storedDocs));
  const inP = (v: unknown) => v != null && dayOf(v) >= p.from && dayOf(v) <= p.to;
  const beforeEnd = (v: unknown) => v != null && new Date(v as string).getTime() < endOf(p.to);
  const L = ledger.filter((e) => inP(e.createdAt));
  const sum = (xs: any[], f: (x: any) => number) => xs.reduce((s, x) => s + f(x), 0);
  const issued = Object.fromEntries(ISSUE.map((r) => [r, sum(L.filter((e) => e.reason === r), (e) => e.delta)])) as Record<(typeof ISSUE)[number], number>;
  const heldIds = new Set(events.filter((e) => e.status === 'published' && inP(e.startAt)).map((e) => e._id));
  const S = signups.filter((s) => heldIds.has(s.eventId));
  const seats = (st: string[]) => sum(S.filter((s) => st.includes(s.status)), (s) => s.seats ?? 1);
  const confirmedDon = donations.filter((d) => inP(d.confirmedAt));
  const copies = (rows: any[] | undefined) => sum(rows ?? [], (r) => r.copies ?? 1);
  const notCollected = (r: any) => r.status !== 'collected';
  const held = events.filter((e) => heldIds.has(e._id));
  const SIGNED = ['confirmed', 'attended', 'served', 'absent'];
  const evSeats = (id: string, st: string[]) => sum(S.filter((s) => s.eventId === id && st.includes(s.status)), (s) => s.seats ?? 1);
  const kindOf = (k: string) => {
    const es = held.filter((e) => e.kind === k);
    return { held: es.length, signups: sum(es, (e) => evSeats(e._id, SIGNED)), attended: sum(es, (e) => evSeats(e._id, ['attended', 'served'])) };
  };
  const capacity = sum(held, (e) => e.capacity);
  const pct = (x: number, of: number) => (of ? Math.round((x * 100) / of) : 0);
  const top = held.map((e) => ({ eventId: e._id, title: e.title, kind: e.kind, day: dayOf(e.startAt), capacity: e.capacity, signups: evSeats(e._id, SIGNED), attended: evSeats(e._id, ['attended', 'served']) }))
    .sort((x, y) => y.attended - x.attended || y.signups - x.signups || x.eventId.localeCompare(y.eventId)).slice(0, 5);
  const prizeIds = [...new Set(redemptions.filter((r) => inP(r.createdAt) || inP(r.collectedAt)).map((r) => r.prizeId))];
  const byPrize = prizeIds.map((id) => ({
    prizeId: id, name: redemptions.find((r) => r.prizeId === id).prizeName,
    redeemed: redemptions.filter((r) => r.prizeId === id && inP(r.createdAt)).length,
    collected: redemptions.filter((r) => r.prizeId === id && inP(r.collectedAt)).length,
  })).sort((x, y) => y.redeemed - x.redeemed || y.collected - x.collected || x.prizeId.localeCompare(y.prizeId));
  return {
    points: {
      issued, issuedTotal: sum(ISSUE as unknown as string[], (r) => issued[r as (typeof ISSUE)[number]]),
      spent: 0 - sum(L.filter((e) => e.reason === 'redeem'), (e) => e.delta) || 0,
      transferred: sum(L.filter((e) => e.reason === 'transfer_in'), (e) => e.delta),
      outstanding: sum(ledger.filter((e) => beforeEnd(e.createdAt)), (e) => e.delta),
      expiredInRedemptions: sum(redemptions.filter((r) => inP(r.expiresAt) && notCollected(r)), (r) => r.cost),
    },
    patrons: {
      newlyBound: cards.filter((c) => inP(c.createdAt)).length,
      activeCards: new Set(L.filter((e) => !String(e.reason).startsWith('transfer')).map((e) => e.cardNo)).size,
      checkinCards: new Set(L.filter((e) => e.reason === 'checkin').map((e) => e.cardNo)).size,
      checkins: L.filter((e) => e.reason === 'checkin').length,
      familyMembers: members.filter((m) => inP(m.createdAt)).length,
    },
    events: {
      held: heldIds.size, signups: seats(SIGNED), attended: seats(['attended', 'served']), noShows: seats(['confirmed', 'absent']),
      byKind: { reader: kindOf('reader'), volunteer: kindOf('volunteer') },
      capacity, attendanceRate: pct(seats(['attended', 'served']), seats(SIGNED)), capacityFilled: pct(seats(SIGNED), capacity), top,
    },
    volunteers: {
      registered: volunteers.filter((v) => inP(v.createdAt)).length,
      approved: volunteers.filter((v) => v.status === 'approved' && inP(v.reviewedAt)).length,
      sessions: service.filter((s) => inP(s.confirmedAt)).length,
      hours: Math.round(sum(service.filter((s) => inP(s.confirmedAt)), (s) => s.hours)),
    },
    books: {
      recommended: recs.filter((r) => inP(r.createdAt)).length,
      adopted: recs.filter((r) => (r.history ?? []).some((h: any) => h.status === 'adopted' && inP(h.at))).length,
      purchased: recs.filter((r) => (r.history ?? []).some((h: any) => h.status === 'ordered' && inP(h.at))).length,
      donationsPledged: donations.filter((d) => inP(d.createdAt)).length,
      copiesAccepted: sum(confirmedDon, (d) => copies(d.accepted)),
      copiesDeclined: sum(confirmedDon, (d) => copies(d.declined)),
      donors: new Set(confirmedDon.filter((d) => copies(d.accepted) > 0).map((d) => d.cardNo)).size,
      distinctIsbns: new Set(recs.filter((r) => inP(r.createdAt)).map((r) => r.isbn13)).size,
    },
    prizes: {
      redeemed: redemptions.filter((r) => inP(r.createdAt)).length,
      collected: redemptions.filter((r) => inP(r.collectedAt)).length,
      pending: redemptions.filter((r) => beforeEnd(r.createdAt)).length - redemptions.filter((r) => beforeEnd(r.collectedAt)).length
        - redemptions.filter((r) => beforeEnd(r.expiresAt) && notCollected(r)).length,
      expired: redemptions.filter((r) => inP(r.expiresAt) && notCollected(r)).length,
      byPrize,
    },
  };
}
