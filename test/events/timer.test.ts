import { call, ok, request, uid } from '../support/cloud';
import { ADMIN, DAY, HOUR, at, eventFields, eventPatron, makeStaff, newEvent, signupEvent } from './helpers';

jest.setTimeout(90_000);

const runTimer = async (now: string) => {
  const res = await call('maintenance', '', { Type: 'Timer', TriggerName: 'daily-0300' }, { now });
  expect(res.ok).toBe(true);
  return res.data.events;
};
const shanghaiDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

describe('maintenance timer: no-shows', () => {
  test('3 no-shows within 90 days block sign-ups for 30 days, with the date; the timer is re-runnable', async () => {
    const staff = await makeStaff();
    const p = await eventPatron();
    const evs: Awaited<ReturnType<typeof newEvent>>[] = [];
    for (const d of [1, 2, 3, 4]) evs.push(await newEvent({ capacity: 5, startIn: d * DAY }));
    for (const ev of evs) await ok('events', p.openid, signupEvent(ev.eventId));
    // The second event is checked in by staff: not a no-show.
    const roster = await ok('events', staff, { action: 'roster', eventId: evs[1].eventId });
    await ok('events', staff, { action: 'manualAttend', eventId: evs[1].eventId, signupId: roster.signups[0].signupId }, { now: evs[1].startAt });

    const afterEnd = (i: number) => at(new Date(evs[i].endAt).getTime() + HOUR);
    await runTimer(afterEnd(0));
    await runTimer(afterEnd(1));
    const next = await newEvent({ capacity: 5, startIn: 10 * DAY });
    // Two no-shows: still allowed.
    await ok('events', p.openid, signupEvent(next.eventId), { now: afterEnd(1) });
    await ok('events', p.openid, { action: 'cancel', eventId: next.eventId }, { now: afterEnd(1) });

    const third = await runTimer(afterEnd(3));
    expect(third.absent).toBeGreaterThanOrEqual(2);
    expect(third.blocked).toBeGreaterThanOrEqual(1);
    // A second firing (timers may fire twice) changes nothing below.
    await runTimer(afterEnd(3));

    const { signups } = await ok('events', p.openid, { action: 'mine' }, { now: afterEnd(3) });
    const byEvent = new Map(signups.map((s: { eventId: string; status: string }) => [s.eventId, s.status]));
    expect(evs.map((e) => byEvent.get(e.eventId))).toEqual(['absent', 'attended', 'absent', 'absent']);

    const lifts = new Date(evs[3].endAt).getTime() + 30 * DAY;
    const refused = await call('events', p.openid, signupEvent(next.eventId), { now: afterEnd(3) });
    expect(refused.error?.code).toBe('SIGNUP_BLOCKED');
    expect((refused.error as { detail?: string } | undefined)?.detail).toContain(shanghaiDay(lifts));
    expect(refused.error?.message).toContain(shanghaiDay(lifts));
    const listed = await ok('events', p.openid, { action: 'list' }, { now: afterEnd(3) });
    expect(listed.signupBlockedUntil).toBeTruthy();

    // Once the block has lifted, sign-ups are open again.
    const later = await newEvent({ capacity: 5, startIn: 40 * DAY });
    await ok('events', p.openid, signupEvent(later.eventId), { now: at(lifts + HOUR) });
  });
});

describe('maintenance timer: no-show window', () => {
  // Fixed dates: the first and third no-show 91 days apart (window 90 days), the second between.
  test('3 no-shows spread over more than 90 days do not block', async () => {
    const p = await eventPatron();
    const starts = ['2030-01-10T10:00:00+08:00', '2030-02-20T10:00:00+08:00', '2030-04-11T10:00:00+08:00'];
    for (const start of starts) {
      const { event } = await ok('admin', ADMIN, {
        action: 'upsertEvent', ...eventFields({ capacity: 5 }), startAt: start,
        endAt: at(new Date(start).getTime() + 2 * HOUR), signupDeadline: at(new Date(start).getTime() - HOUR),
      });
      await ok('events', p.openid, signupEvent(event.eventId));
      await runTimer(at(new Date(start).getTime() + 2 * HOUR + HOUR));
    }
    const after = at(new Date(starts[2]).getTime() + 4 * HOUR);
    const { signups } = await ok('events', p.openid, { action: 'mine' }, { now: after });
    expect(signups.map((s: { status: string }) => s.status)).toEqual(['absent', 'absent', 'absent']);
    expect((await ok('events', p.openid, { action: 'list' }, { now: after })).signupBlockedUntil).toBeNull();
    const next = await newEvent({ capacity: 5, startIn: 5 * 365 * DAY });
    await ok('events', p.openid, signupEvent(next.eventId), { now: after });
  });
});

describe('maintenance timer: reminders', () => {
  // Fixed dev times, so a UTC slip fails whatever hour and time zone the suite runs in.
  // E1 starts 2031-05-14 10:00 Shanghai (02:00 UTC), E2 2031-05-15 07:00 Shanghai (05-14 23:00 UTC).
  test('the day before in Shanghai time: at 03:00 (the previous day in UTC) and at 23:30; not two days before; once', async () => {
    const fixed = async (start: string, title: string) => (await ok('admin', ADMIN, {
      action: 'upsertEvent', ...eventFields({ title }), startAt: start,
      endAt: at(new Date(start).getTime() + 2 * HOUR), signupDeadline: at(new Date(start).getTime() - HOUR),
    })).event as { eventId: string; title: string };
    const tag = uid('').slice(-6);
    const [e1, e2] = [await fixed('2031-05-14T10:00:00+08:00', `提醒一${tag}`), await fixed('2031-05-15T07:00:00+08:00', `提醒二${tag}`)];
    const [y1, y2, no] = await Promise.all([eventPatron(), eventPatron(), eventPatron()]);
    await ok('events', y1.openid, signupEvent(e1.eventId, { remind: true }));
    await ok('events', no.openid, signupEvent(e1.eventId));
    await ok('events', y2.openid, signupEvent(e2.eventId, { remind: true }));
    const sentTo = async (openid: string) => (await request('GET', '/dev/outbox?kind=subscribe')).json.messages
      .filter((m: { openid: string; body: string }) => m.openid === openid && (m.body.includes(e1.title) || m.body.includes(e2.title)));

    await runTimer('2031-05-12T23:30:00+08:00'); // two days before E1
    expect(await sentTo(y1.openid)).toHaveLength(0);
    await runTimer('2031-05-13T03:00:00+08:00'); // 05-12 19:00 UTC
    await runTimer('2031-05-13T03:00:00+08:00'); // a second firing sends nothing more
    expect(await sentTo(y1.openid)).toEqual([expect.objectContaining({ template: 'reminder', title: '活动明天开始' })]);
    expect(await sentTo(no.openid)).toHaveLength(0);
    await runTimer('2031-05-13T23:30:00+08:00'); // 15:30 UTC: E2 is two Shanghai days away
    expect(await sentTo(y2.openid)).toHaveLength(0);
    await runTimer('2031-05-14T23:30:00+08:00');
    expect(await sentTo(y2.openid)).toEqual([expect.objectContaining({ template: 'reminder', title: '活动明天开始' })]);
    expect(await sentTo(y1.openid)).toHaveLength(1);
  });
});
