// Shared steps of the events tests: events through admin.upsertEvent, patrons with members, staff.
import { randomInt } from 'crypto';
import { withCheckChar } from '../../server/util/idcard';
import { ADMIN, bindCard, newPatron, ok, uid } from '../support/cloud';
import { inBatches } from '../rewards/helpers';

export { inBatches, makeStaff } from '../rewards/helpers';

const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const at = (ms: number) => new Date(ms).toISOString();

export interface EventOver {
  kind?: 'reader' | 'volunteer'; title?: string; capacity?: number; points?: number;
  /** Start, relative to now (ms); default in 3 days. */
  startIn?: number; durationMs?: number; deadlineBeforeStart?: number; description?: string;
}

export function eventFields(over: EventOver = {}) {
  const start = Date.now() + (over.startIn ?? 3 * DAY);
  return {
    kind: over.kind ?? 'reader',
    title: over.title ?? `测试活动${uid('').slice(-4)}`,
    description: over.description ?? '活动介绍',
    place: '图书馆二楼报告厅',
    startAt: at(start),
    endAt: at(start + (over.durationMs ?? 2 * HOUR)),
    signupDeadline: at(start - (over.deadlineBeforeStart ?? HOUR)),
    capacity: over.capacity ?? 30,
    points: over.points ?? 10,
  };
}

/** An event created by the admin; returns its admin view. */
export async function newEvent(over: EventOver = {}) {
  const { event } = await ok('admin', ADMIN, { action: 'upsertEvent', ...eventFields(over) });
  return event as { eventId: string; startAt: string; endAt: string; signupDeadline: string; capacity: number; points: number; kind: string };
}

/** A patron with a freshly bound card (random number and phone) and optional family members. */
export async function eventPatron(members = 0, name = '李小华') {
  const n = String(randomInt(0, 100_000_000)).padStart(8, '0');
  const p = await newPatron({ cardNo: `EV${n}`, phone: `137${n}`, name });
  const memberIds: string[] = [];
  for (let i = 0; i < members; i++) {
    const { member } = await ok('account', p.openid, { action: 'addMember', name: `成员${i + 1}`, relation: '子女' });
    memberIds.push(member.memberId);
  }
  return { ...p, memberIds };
}

export function signupEvent(eventId: string, extra: Record<string, unknown> = {}) {
  return { action: 'signup', eventId, requestId: uid('req'), ...extra };
}

/**
 * `n` patrons (n ≤ 1000: phones use 3 index digits) imported by the admin, 500 a call, and bound in
 * parallel batches (the slow part); every `membersEvery`-th gets `members` family members.
 */
export async function manyPatrons(n: number, opts: { membersEvery?: number; members?: number; name?: string } = {}) {
  expect(n).toBeLessThanOrEqual(1000);
  const prefix = `EM${randomInt(10_000, 99_999)}`;
  const phoneBase = randomInt(100_000, 999_999);
  const readers = Array.from({ length: n }, (_, i) => ({
    cardNo: `${prefix}${String(i).padStart(4, '0')}`,
    name: opts.name ?? '活动读者',
    idNumber: withCheckChar(`11010119900101${String(i % 1000).padStart(3, '0')}`),
    phone: `17${phoneBase}${String(i).padStart(3, '0')}`.slice(0, 11),
  }));
  for (let i = 0; i < readers.length; i += 500) {
    const { imported } = await ok('admin', ADMIN, { action: 'importReaders', readers: readers.slice(i, i + 500) });
    expect(imported).toBe(Math.min(500, readers.length - i));
  }
  return inBatches(readers, 24, async (reader, i) => {
    const openid = uid('evp');
    await bindCard(openid, reader);
    const memberIds: string[] = [];
    const withMembers = opts.membersEvery ? i % opts.membersEvery === 0 : false;
    for (let k = 0; withMembers && k < (opts.members ?? 2); k++) {
      const { member } = await ok('account', openid, { action: 'addMember', name: `家人${k + 1}`, relation: '子女' });
      memberIds.push(member.memberId);
    }
    return { openid, cardNo: reader.cardNo, memberIds };
  });
}

/** A patron registered and approved as a volunteer. */
export async function approvedVolunteer(staff: string) {
  const p = await eventPatron(0, '赵志愿');
  const { volunteer } = await ok('events', p.openid, { action: 'registerVolunteer', name: '赵志愿', phone: p.reader.phone, skills: '讲解' });
  await ok('events', staff, { action: 'reviewVolunteer', volunteerId: volunteer.volunteerId, approve: true });
  return { ...p, volunteerId: volunteer.volunteerId as string };
}

export { ADMIN };
