import { seatId, signupIdOf, waitKey } from '../server/domain/events/model';
import { volunteerIdOf } from '../server/domain/events/volunteers';
import { loadConfig } from '../server/runtime/config';
import type { Ctx } from '../server/runtime/context';
import type { DbEmulator } from './db';

// Demo events for `npm start`: one happening now (QR check-in can be tried at once), a full one
// with a waitlist, a future one and a volunteer event; one approved and one pending volunteer;
// the staff OPENID `staff-local`. Seeded once per data directory, relative to that moment.
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const DEMO_EVENTS = {
  now: 'ev-demo-now',
  full: 'ev-demo-full',
  future: 'ev-demo-future',
  volunteer: 'ev-demo-volunteer',
};

export function seedEvents(emu: DbEmulator, now: Date): void {
  const ctx = { config: loadConfig() } as unknown as Ctx;
  const t = now.getTime();
  const ev = (id: string, kind: 'reader' | 'volunteer', title: string, description: string, place: string, start: number, hours: number, capacity: number, points: number) => ({
    _id: id, kind, title, description, place, startAt: new Date(start), endAt: new Date(start + hours * HOUR),
    signupDeadline: new Date(Math.min(start - HOUR, t + DAY * 30)), capacity, points, status: 'published',
    createdAt: now, updatedAt: now, createdBy: 'seed',
  });
  const events = [
    ev(DEMO_EVENTS.now, 'reader', '绘本共读：小熊的图书馆', '亲子共读绘本，现场有手工环节。扫码签到即得积分。', '少儿阅览室', t - 20 * MIN, 8, 20, 10),
    ev(DEMO_EVENTS.full, 'reader', '作家见面会：城市与书', '知名作家分享创作故事，现场签售。名额有限，满员后可候补。', '二楼报告厅', t + 3 * DAY, 2, 3, 15),
    ev(DEMO_EVENTS.future, 'reader', '古籍修复体验课', '跟随修复师体验古籍修复的基本工序。', '古籍部', t + 7 * DAY, 3, 30, 20),
    ev(DEMO_EVENTS.volunteer, 'volunteer', '周末图书整理志愿服务', '协助整理书架、引导读者。需审核通过的志愿者报名。', '一楼总服务台', t + 5 * DAY, 4, 10, 30),
  ];
  for (const e of events) emu.collection('events').insert(e);

  // The full event: three demo cards hold its three seats, a fourth waits.
  const cards = ['2023000111', '2023000112', '2023000113', '2023000114'];
  cards.forEach((cardNo, i) => {
    const signupId = signupIdOf(ctx, DEMO_EVENTS.full, cardNo);
    const seated = i < 3;
    const created = new Date(t - (10 - i) * MIN);
    emu.collection('signups').insert({
      _id: signupId, eventId: DEMO_EVENTS.full, cardNo, openid: `demo-patron-${cardNo.slice(-2)}`, kind: 'reader',
      status: seated ? 'confirmed' : 'waitlisted', seats: 1, slots: seated ? [i + 1] : [], members: [],
      waitKey: seated ? null : waitKey(created, signupId), remind: false, remindedAt: null, round: 1,
      awarded: 0, hours: null, attendedAt: null, eventEndAt: events[1].endAt, createdAt: created, updatedAt: created,
    });
    if (seated) emu.collection('seats').insert({ _id: seatId(DEMO_EVENTS.full, i + 1), eventId: DEMO_EVENTS.full, n: i + 1, signupId, createdAt: created });
  });

  const volunteer = (openid: string, name: string, phone: string, status: 'approved' | 'pending') => ({
    _id: volunteerIdOf(openid), openid, name, phone, skills: '图书整理、读者引导', status, reason: null,
    createdAt: new Date(t - DAY), reviewedAt: status === 'approved' ? new Date(t - HOUR) : null,
    reviewedBy: status === 'approved' ? 'staff-local' : null, reviews: status === 'approved' ? 1 : 0, serviceHours: 0, updatedAt: now,
  });
  emu.collection('volunteers').insert(volunteer('demo-volunteer-1', '陈志远', '13800000015', 'approved'));
  emu.collection('volunteers').insert(volunteer('demo-volunteer-2', '林晓雨', '13800000016', 'pending'));

  emu.collection('roles').insert({ _id: 'staff-local', roles: ['staff'], updatedAt: now, updatedBy: 'seed' });
}
