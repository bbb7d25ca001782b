import { call, ok, request } from '../support/cloud';
import { DAY, HOUR, at, eventPatron, makeStaff, newEvent, signupEvent } from './helpers';

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

describe('maintenance timer: reminders', () => {
  test('the day before, one subscribe message per sign-up that allowed it; a second run sends none', async () => {
    const ev = await newEvent({ capacity: 5, startIn: 3 * DAY, title: `提醒测试${Date.now() % 100000}` });
    const [yes, no] = await Promise.all([eventPatron(), eventPatron()]);
    await ok('events', yes.openid, signupEvent(ev.eventId, { remind: true }));
    await ok('events', no.openid, signupEvent(ev.eventId));
    const dayBefore = at(new Date(ev.startAt).getTime() - DAY);
    await runTimer(dayBefore);
    await runTimer(dayBefore);
    const outbox = (await request('GET', '/dev/outbox?kind=subscribe')).json.messages
      .filter((m: { body: string }) => m.body.includes(ev.eventId) || m.body.includes(String((ev as { title?: string }).title)));
    const to = (openid: string) => outbox.filter((m: { openid: string }) => m.openid === openid);
    expect(to(yes.openid)).toEqual([expect.objectContaining({ template: 'reminder', title: '活动明天开始' })]);
    expect(to(no.openid)).toHaveLength(0);
  });
});
