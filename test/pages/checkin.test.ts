// 签到打卡: month grid, streak, next award, one check-in a day, states.
import { installWx, renderPage, type PageDriver, type WxHarness } from './harness';
import { newPatron, ok, shanghai, uid } from '../support/cloud';

const NOW = shanghai('2031-05-07', '09:00:00');

const checkinCalls = (wx: WxHarness) =>
  wx.calls('callFunction').filter((c: { data: { action: string } }) => c.data.action === 'checkin');

/** Day numbers of the rendered cells carrying the today highlight. */
const todayCells = (page: PageDriver) =>
  Array.from({ length: 31 }, (_, i) => i + 1).filter((d) => page.has(`#day-${d}`) && page.classes(`#day-${d}`).includes('today'));

const checkedDays = (data: Record<string, any>) =>
  (data.cells as Array<{ day: number | null; checked: boolean }>).filter((c) => c.checked).map((c) => c.day);

test('checks in once: +2, streak, today marked, the button turns 今日已签到', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('checkin');
  expect(page.text('#month-title')).toBe('2031年5月');
  expect(page.text()).toContain('已连续签到 0 天');
  expect(page.text()).toContain('今日签到可得 2 积分');
  expect(page.text('#checkin')).toBe('签到');
  // 2031-05-01 is a Thursday: four blanks, then the 1st.
  expect(page.data().cells.slice(0, 5).map((c: { day: number | null }) => c.day)).toEqual([null, null, null, null, 1]);
  expect(page.data().cells.filter((c: { day: number | null }) => c.day)).toHaveLength(31);

  await page.tap('#checkin');
  expect(wx.lastCall('showToast')).toMatchObject({ title: '+2 积分' });
  expect(page.text()).toContain('签到成功 +2 积分');
  expect(page.text()).toContain('已连续签到 1 天');
  expect(page.text()).toContain('明日签到可得 2 积分');
  expect(page.text('#checkin')).toBe('今日已签到');
  expect(checkedDays(page.data())).toEqual([7]);
  expect(page.text('#month-count')).toBe('本月已签到 1 天');

  expect(page.enabled('#checkin')).toBe(false);
  expect(todayCells(page)).toEqual([7]);

  await page.tap('#checkin'); // disabled: nothing is sent
  expect(checkinCalls(wx)).toHaveLength(1);
  expect((await ok('points', openid, { action: 'summary' }, { now: NOW })).balance).toBe(52);
});

test('a double tap while checking in sends one check-in: the button shows loading meanwhile', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('checkin');
  expect(todayCells(page)).toEqual([7]);
  await page.tap('#checkin', { settle: false });
  expect(page.enabled('#checkin')).toBe(false);
  await page.tap('#checkin', { settle: false });
  await page.settle();
  expect(checkinCalls(wx)).toHaveLength(1);
  expect(page.text('#checkin')).toBe('今日已签到');
  expect((await ok('points', openid, { action: 'summary' }, { now: NOW })).balance).toBe(52);
});

test('the streak and the 7th-day bonus show before checking in', async () => {
  const { openid } = await newPatron();
  for (let d = 1; d <= 6; d++) await ok('points', openid, { action: 'checkin' }, { now: shanghai(`2031-05-0${d}`, '08:00:00') });
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('checkin');
  expect(page.text()).toContain('已连续签到 6 天');
  expect(page.text()).toContain('今日签到可得 7 积分');
  expect(checkedDays(page.data())).toEqual([1, 2, 3, 4, 5, 6]);
  await page.tap('#checkin');
  expect(wx.lastCall('showToast')).toMatchObject({ title: '+7 积分' });
  expect(page.text()).toContain('已连续签到 7 天');
  expect(checkedDays(page.data())).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

test('checked in elsewhere meanwhile: the server refusal shows gently and the page catches up', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('checkin');
  await ok('points', openid, { action: 'checkin' }, { now: NOW });
  await page.tap('#checkin');
  expect(wx.lastToast()).toBe('今天已经签到过了，明天再来吧');
  expect(page.text('#checkin')).toBe('今日已签到');
  expect(page.text()).toContain('已连续签到 1 天');
  expect(checkedDays(page.data())).toEqual([7]);
});

test('switching months shows that month\'s days; no month after the current one', async () => {
  const { openid } = await newPatron();
  await ok('points', openid, { action: 'checkin' }, { now: shanghai('2031-04-29') });
  await ok('points', openid, { action: 'checkin' }, { now: shanghai('2031-04-30') });
  installWx({ openid, now: NOW });
  const page = await renderPage('checkin');
  expect(checkedDays(page.data())).toEqual([]);
  await page.tap('#next-month');
  expect(page.text('#month-title')).toBe('2031年5月');
  await page.tap('#prev-month');
  expect(page.text('#month-title')).toBe('2031年4月');
  expect(checkedDays(page.data())).toEqual([29, 30]);
  await page.tap('#next-month');
  expect(page.text('#month-title')).toBe('2031年5月');
  await page.pullDown();
  expect(page.text('#month-title')).toBe('2031年5月');
});

test('without a card: a bind prompt', async () => {
  const wx = installWx({ openid: uid('p'), now: NOW });
  const page = await renderPage('checkin');
  expect(page.text()).toContain('请先绑定读者证，再来签到');
  expect(page.has('#checkin')).toBe(false);
  await page.tap('#bind');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/bind-card/bind-card' });
});

test('a transport failure asks to retry; declined, the page offers 重新加载', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('checkin');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  expect(page.text()).not.toContain('已连续签到');
  await page.tapText('重新加载');
  expect(page.text('#checkin')).toBe('签到');
});
