// The harness itself: a fixture page with vant components, talking to a tiny stand-in cloud.
import http from 'http';
import path from 'path';
import { FIXTURES_DIR, installWx, renderPage, type WxHarness } from './harness';

const DEMO = path.join(FIXTURES_DIR, 'demo/demo');
const GALLERY = path.join(FIXTURES_DIR, 'gallery/gallery');

interface Received {
  fn: string;
  openid: string | undefined;
  now: string | undefined;
  body: Record<string, unknown>;
}
const received: Received[] = [];
let server: http.Server;
let savedUrl: string | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      const fn = (req.url ?? '').replace(/^\/fn\//, '');
      received.push({
        fn,
        openid: req.headers['x-wx-openid'] as string | undefined,
        now: req.headers['x-dev-now'] as string | undefined,
        body,
      });
      const answer =
        fn === 'points' && body.action === 'rules'
          ? { ok: true, data: { rules: { checkinPoints: 2 } } }
          : { ok: false, error: { code: 'UNKNOWN_ACTION', message: '' } };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  savedUrl = process.env.YUE_TEST_URL;
  const { port } = server.address() as { port: number };
  process.env.YUE_TEST_URL = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (savedUrl === undefined) delete process.env.YUE_TEST_URL;
  else process.env.YUE_TEST_URL = savedUrl;
  await new Promise((resolve) => server.close(resolve));
});

let wx: WxHarness;
beforeEach(() => {
  received.length = 0;
  wx = installWx({ openid: 'o-patron-1' });
});

test('app.ts initialises the cloud once the harness installs wx', () => {
  expect(wx.calls('cloud.init')).toEqual([{ env: expect.any(String), traceUser: true }]);
  expect(getApp<IAppOption>().globalData.currentCardNo).toBeNull();
});

test('vant components render and onLoad receives the query', async () => {
  const page = await renderPage(`${DEMO}?note=你好`);
  expect(page.text()).toContain('每日签到');
  expect(page.text()).toContain('未加载');
  expect(page.text()).toContain('尚未加载规则'); // van-empty
  expect(page.text()).toContain('备注：你好');
  expect(getCurrentPages()).toHaveLength(1);
});

test('tapping a van-button calls the cloud and shows its answer', async () => {
  const page = await renderPage(DEMO);
  expect(page.text()).not.toContain('规则已加载'); // hidden
  await page.tap('#load');
  await page.waitFor('2 分');
  expect(page.text()).toContain('规则已加载');
  expect(page.text()).not.toContain('尚未加载规则');
  expect(received).toEqual([
    { fn: 'points', openid: 'o-patron-1', now: undefined, body: expect.objectContaining({ action: 'rules' }) },
  ]);
  expect(wx.calls('showLoading')).toHaveLength(1);
  expect(wx.loading).toBe(false);
});

test('an error answer shows the Chinese message as a toast', async () => {
  const page = await renderPage(DEMO);
  await page.tap('#broken');
  expect(wx.lastToast()).toBe('不支持的操作');
  expect(wx.lastCall('showToast')).toMatchObject({ icon: 'none' });
  expect(received[0].body).toMatchObject({ action: 'nonsense', requestId: expect.stringMatching(/^.{16,}$/) });
});

test('a disabled van-button ignores taps', async () => {
  const page = await renderPage(DEMO);
  await page.tap('#disabled');
  expect(page.data().loads).toBe(0);
  expect(received).toHaveLength(0);
});

test('a handler that throws fails the interaction', async () => {
  const page = await renderPage(DEMO);
  await expect(page.tap('#throws')).rejects.toThrow('handler failed');
});

test('typing into a van-field reaches the page; a disabled field refuses input', async () => {
  const page = await renderPage(DEMO);
  await page.input('#note', '周末来领');
  expect(page.text()).toContain('备注：周末来领');
  await expect(page.input('#card', 'B0002')).rejects.toThrow('disabled');
});

test('a network failure asks to retry and retries with the same requestId', async () => {
  const page = await renderPage(DEMO);
  wx.failNextCall('after'); // the function ran, the phone saw a timeout
  await page.tap('#broken');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(received).toHaveLength(2);
  expect(received[1].body.requestId).toBe(received[0].body.requestId);
});

test('declining the retry gives up with the network message and no toast', async () => {
  const page = await renderPage(DEMO);
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  await page.tap('#load');
  expect(received).toHaveLength(0);
  expect(wx.calls('showToast')).toHaveLength(0);
  expect(page.text()).toContain('未加载');
});

test('openid and clock go with each call; the page clock is pinned too', async () => {
  const page = await renderPage(DEMO);
  wx.setOpenid('o-patron-2');
  wx.setNow('2025-03-01T09:30:00+08:00');
  await page.tap('#load');
  expect(received[0]).toMatchObject({ openid: 'o-patron-2', now: '2025-03-01T09:30:00+08:00' });
  expect(new Date().toISOString()).toBe('2025-03-01T01:30:00.000Z');
});

test('pull-down refresh reloads and stops the spinner', async () => {
  const page = await renderPage(DEMO);
  await page.pullDown();
  expect(page.text()).toContain('2 分');
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
});

test('a second page in the same file reuses the loaded vant components', async () => {
  await renderPage(DEMO);
  const again = await renderPage(DEMO);
  await again.tap('#load');
  expect(again.text()).toContain('2 分');
  const gallery = await renderPage(GALLERY);
  expect(gallery.text()).toContain('按钮A');
});

describe('every vant component pages may use renders in the simulator', () => {
  const expectations: Array<[string, string[]]> = [
    ['button', ['按钮A']],
    ['cell', ['分组B', '单元格C', '值D']],
    ['field', ['字段E']],
    ['icon', ['图标G']],
    ['tag', ['标签H']],
    ['empty', ['空空I']],
    ['loading', ['加载J']],
    ['grid', ['宫格K', '宫格L']],
    ['tabs', ['标签页M', '标签页O', '内容N']],
    ['dialog', ['对话框Q', '对话内容R', '确认']],
    ['popup', ['弹层S']],
    ['calendar', ['日历T', '2025年1月', '31']],
    ['notice', ['通知U']],
    ['steps', ['步骤JJ', '步骤KK']],
    ['info', ['徽标V', '5']],
    ['countdown', ['01:00:00']],
    ['divider', ['分割W']],
    ['navbar', ['导航X', '返回']],
    ['checkbox', ['复选Z']],
    ['radio', ['单选AA']],
    ['collapse', ['折叠BB', '折叠内容CC']],
    ['card', ['卡片DD', '描述EE']],
    ['swipe', ['滑动FF', '删除GG']],
    ['action', ['动作HH', '选项LL']],
    ['picker', ['选择II', '列MM', '列NN']],
  ];
  test.each(expectations)('%s', async (section, texts) => {
    const page = await renderPage(GALLERY);
    // Popups (dialog, action sheet) open after their enter transition.
    await page.waitFor((p) => texts.every((text) => p.text(`#s-${section}`).includes(text)), 1000);
  });

  test('van-toast renders; van-search and van-stepper hold inputs', async () => {
    const page = await renderPage(GALLERY);
    expect(page.has('#van-toast')).toBe(true);
    for (const section of ['#s-search', '#s-stepper']) {
      expect(page.root.querySelector(section).dom.querySelector('wx-input')).toBeTruthy();
    }
  });

  test('their events reach the page', async () => {
    const page = await renderPage(GALLERY);
    const last = () => page.data().events.at(-1);
    await page.tap('#the-cell');
    expect(last()).toMatchObject({ name: 'cell' });
    await page.tapText('宫格K');
    expect(last()).toMatchObject({ name: 'grid' });
    await page.tapText('标签页O');
    expect(last()).toMatchObject({ name: 'tabs', detail: expect.objectContaining({ index: 1 }) });
    await page.tapText('复选Z');
    expect(last()).toMatchObject({ name: 'checkbox', detail: false });
    await page.tapText('15');
    expect(last()).toMatchObject({ name: 'calendar' });
    expect(new Date(last().detail).getDate()).toBe(15);
    await page.tapText('选项LL');
    expect(last()).toMatchObject({ name: 'action', detail: expect.objectContaining({ name: '选项LL' }) });
    await page.tapText('确认');
    expect(last()).toMatchObject({ name: 'dialog' });
    await page.waitFor((p) => !p.text().includes('对话内容R'), 1000); // closed dialogs hide
    await page.input('#s-search', '三体');
    expect(last()).toMatchObject({ name: 'search', detail: '三体' });
    await page.input('#s-stepper', '5');
    expect(last()).toMatchObject({ name: 'stepper', detail: 5 });
  });
});
