// The harness taps like a finger in WeChat: a disabled or loading van-button emits no click.
import path from 'path';
import { FIXTURES_DIR, installWx, renderPage, type WxHarness } from './harness';

const TAPS = path.join(FIXTURES_DIR, 'taps/taps');
let wx: WxHarness;

beforeEach(() => {
  wx = installWx({ openid: 'taps-user' });
});

test('enabled buttons, cells and views answer a tap', async () => {
  const page = await renderPage(TAPS);
  for (const id of ['#vant', '#busy', '#cell', '#plain']) await page.tap(id);
  expect(page.data().hits).toBe(4);
  expect(page.enabled('#vant')).toBe(true);
});

test('a van-button that turns disabled or loading ignores taps, and answers again when it turns back', async () => {
  const page = await renderPage(TAPS);
  await page.tap('#switch');
  expect([page.enabled('#vant'), page.enabled('#busy')]).toEqual([false, false]);
  await page.tap('#vant');
  await page.tap('#busy');
  await page.tapText('按钮');
  expect(page.data().hits).toBe(0);
  await page.tap('#switch');
  await page.tap('#vant');
  await page.tap('#busy');
  expect(page.data().hits).toBe(2);
});

test('a double tap while the call is in flight: the loading button takes the first only', async () => {
  const page = await renderPage(TAPS);
  await page.tap('#send', { settle: false });
  expect(page.enabled('#send')).toBe(false);
  await page.tap('#send', { settle: false });
  await page.settle();
  expect(page.data().hits).toBe(1);
  expect(wx.calls('callFunction')).toHaveLength(1);
  expect(page.enabled('#send')).toBe(true);
});
