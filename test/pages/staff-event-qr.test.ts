// 活动签到码 keeps the screen awake only while a code is shown (back to the list, leaving the page).
import { installWx, renderPage } from './harness';
import { ADMIN, ok, uid } from '../support/cloud';
import { makeStaff } from '../rewards/helpers';

const BEFORE = '2031-09-09T10:00:00+08:00';
const DURING = '2031-09-10T14:10:00+08:00';

test('the screen stays on while the code shows; 选择其他活动 and leaving the page let it sleep', async () => {
  const { event } = await ok('admin', ADMIN, {
    action: 'upsertEvent', kind: 'reader', title: `讲座${uid('e')}`, place: '报告厅',
    startAt: '2031-09-10T14:00:00+08:00', endAt: '2031-09-10T16:00:00+08:00', signupDeadline: '2031-09-10T12:00:00+08:00', capacity: 10, points: 12,
  }, { now: BEFORE });
  installWx({ openid: await makeStaff(), now: DURING });
  const keepOn: boolean[] = [];
  (globalThis as unknown as { wx: Record<string, unknown> }).wx.setKeepScreenOn = (o: { keepScreenOn: boolean }) => void keepOn.push(o.keepScreenOn);

  const page = await renderPage(`staff/event-qr/event-qr?eventId=${event.eventId}`);
  expect(page.has('#code')).toBe(true);
  expect(keepOn).toEqual([true]);
  await page.tap('#back');
  expect(keepOn.at(-1)).toBe(false);

  await page.tap(`#pick-${event.eventId}`);
  expect(keepOn.at(-1)).toBe(true);
  await page.unload();
  expect(keepOn.at(-1)).toBe(false);
});
