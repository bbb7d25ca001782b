// 积分兑换 (tab): catalogue, balance, affordability tags, refresh, and the loading/empty/error states.
import http from 'http';
import { installWx, renderPage } from './harness';
import { ADMIN, newPatron, ok, uid } from '../support/cloud';

async function newPrize(name: string, cost: number, stock: number): Promise<string> {
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name, cost, stock, description: '测试奖品' });
  return prize.prizeId;
}

test('lists prizes with cost, stock, the balance and a tag for the current card', async () => {
  const tag = uid('r');
  const cheap = await newPrize(`书签${tag}`, 30, 5);
  const dear = await newPrize(`台灯${tag}`, 999, 5);
  const gone = await newPrize(`徽章${tag}`, 10, 0);
  const patron = await newPatron();
  const wx = installWx({ openid: patron.openid });

  const page = await renderPage('rewards');
  expect(page.text('#balance')).toBe('50');
  const cheapText = page.text(`#prize-${cheap}`);
  expect(cheapText).toContain(`书签${tag}`);
  expect(cheapText).toContain('30 积分');
  expect(cheapText).toContain('库存 5');
  expect(cheapText).toContain('可兑换');
  expect(page.text(`#prize-${dear}`)).toContain('积分不足');
  expect(page.text(`#prize-${gone}`)).toContain('已兑完');
  expect(page.text(`#prize-${gone}`)).toContain('库存 0');

  await page.tap(`#prize-${cheap}`);
  expect(wx.lastCall('navigateTo')).toEqual({ url: `/pages/prize/prize?prizeId=${cheap}` });
});

test('without a bound card nothing is affordable and the page leads to binding', async () => {
  const tag = uid('r');
  const cheap = await newPrize(`书签${tag}`, 1, 5);
  const wx = installWx({ openid: uid('nocard') });
  const page = await renderPage('rewards');
  expect(page.text('#balance')).toBe('0');
  expect(page.text(`#prize-${cheap}`)).toContain('绑定后可兑换');
  expect(page.text('#bind-hint')).toContain('绑定读者证后');
  await page.tap('#go-bind');
  expect(wx.lastCall('navigateTo')).toEqual({ url: '/pages/bind-card/bind-card' });
});

test('a patron with a card sees no binding hint', async () => {
  const { openid } = await newPatron();
  installWx({ openid });
  const page = await renderPage('rewards');
  expect(page.has('#bind-hint')).toBe(false);
});

test('pull-down refresh shows the new stock and stops the spinner', async () => {
  const tag = uid('r');
  const name = `帆布袋${tag}`;
  const prizeId = await newPrize(name, 20, 3);
  const patron = await newPatron();
  const wx = installWx({ openid: patron.openid });
  const page = await renderPage('rewards');
  expect(page.text(`#prize-${prizeId}`)).toContain('库存 3');

  await ok('admin', ADMIN, { action: 'upsertPrize', prizeId, name, cost: 20, stock: 0 });
  await page.pullDown();
  expect(page.text(`#prize-${prizeId}`)).toContain('库存 0');
  expect(page.text(`#prize-${prizeId}`)).toContain('已兑完');
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
});

test('a transport failure asks to retry; retrying loads the list', async () => {
  const patron = await newPatron();
  const wx = installWx({ openid: patron.openid });
  wx.failNextCall('before');
  const page = await renderPage('rewards');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text('#balance')).toBe('50');
  expect(page.text()).toContain('金属书签'); // demo seed
});

test('declining the retry shows the error state; 重新加载 loads the list', async () => {
  const patron = await newPatron();
  const wx = installWx({ openid: patron.openid });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('rewards');
  expect(page.text()).toContain('网络异常，请稍后再试');
  expect(page.text()).toContain('重新加载');
  await page.tapText('重新加载');
  expect(page.text()).not.toContain('网络异常');
  expect(page.text()).toContain('金属书签');
});

test('shows the loading state until the catalogue arrives', async () => {
  const patron = await newPatron();
  installWx({ openid: patron.openid });
  const page = await renderPage('rewards');
  page.instance.setData({ loaded: false });
  const pending = page.instance.load();
  expect(page.text()).toContain('加载中');
  await pending;
  expect(page.text()).not.toContain('加载中');
});

describe('an empty catalogue', () => {
  // The shared local cloud always holds the demo prizes: a stand-in answers an empty one.
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, data: { prizes: [], balance: 12 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('shows 暂无可兑换的奖品', async () => {
    installWx({ openid: uid('p'), baseUrl: url });
    const page = await renderPage('rewards');
    expect(page.text()).toContain('暂无可兑换的奖品');
    expect(page.text('#balance')).toBe('12');
  });
});
