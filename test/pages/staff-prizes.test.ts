// 奖品管理 (admins): list, create, edit (stock, active, description), validation and states.
import http from 'http';
import { installWx, renderPage, type WxHarness } from './harness';
import { ADMIN, newPatron, ok, uid } from '../support/cloud';

async function catalogue(openid: string) {
  return (await ok('rewards', openid, { action: 'list' })).prizes as Array<{ prizeId: string; name: string; cost: number; stock: number; description: string }>;
}

const upserts = (wx: WxHarness) =>
  wx.calls<{ data: Record<string, unknown> }>('callFunction').filter((c) => c.data.action === 'upsertPrize');

test('staff who are not admins see only 仅限管理员使用', async () => {
  const staff = uid('staff');
  await ok('admin', ADMIN, { action: 'grantRole', openid: staff, role: 'staff' });
  installWx({ openid: staff });
  const page = await renderPage('staff/prizes/prizes');
  expect(page.text()).toBe('仅限管理员使用');
  expect(page.has('#create')).toBe(false);
});

test('an admin sees the catalogue and creates a prize', async () => {
  const wx = installWx({ openid: ADMIN });
  const page = await renderPage('staff/prizes/prizes');
  expect(page.text()).toContain('金属书签'); // demo seed
  await page.tap('#create');
  const name = `新奖品${uid('n')}`;
  await page.input('#f-name', name);
  await page.input('#f-cost', '35');
  await page.input('#f-stock', '12');
  await page.input('#f-description', '馆藏主题明信片一套');
  await page.tap('#save');
  expect(wx.lastCall('showToast')).toMatchObject({ title: '已新增' });
  expect(page.has('#form')).toBe(false);
  expect(page.text()).toContain(name);
  expect(page.text()).toContain('35 积分 · 库存 12');

  const patron = await newPatron();
  const listed = (await catalogue(patron.openid)).find((p) => p.name === name);
  expect(listed).toMatchObject({ cost: 35, stock: 12, description: '馆藏主题明信片一套' });
});

test('editing: the form is filled in; stock and shelf status change', async () => {
  const name = `编辑奖品${uid('n')}`;
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name, cost: 20, stock: 3, description: '旧说明' });
  const wx = installWx({ openid: ADMIN });
  const page = await renderPage('staff/prizes/prizes');
  await page.tap(`#p-${prize.prizeId}`);
  expect(page.data().form).toMatchObject({ prizeId: prize.prizeId, name, cost: '20', stock: '3', description: '旧说明', active: true });
  expect(page.text('#form')).toContain('编辑奖品');

  await page.input('#f-stock', '7');
  await page.tap('#save');
  expect(wx.lastCall('showToast')).toMatchObject({ title: '已保存' });
  expect(page.text(`#p-${prize.prizeId}`)).toContain('库存 7');
  expect(page.text(`#p-${prize.prizeId}`)).toContain('上架中');

  await page.tap(`#p-${prize.prizeId}`);
  await page.tap('#f-active');
  expect(page.data().form.active).toBe(false);
  await page.tap('#save');
  expect(page.text(`#p-${prize.prizeId}`)).toContain('已下架');
  const patron = await newPatron();
  expect((await catalogue(patron.openid)).some((p) => p.prizeId === prize.prizeId)).toBe(false);

  // And back on the shelf.
  await page.tap(`#p-${prize.prizeId}`);
  await page.tap('#f-active');
  await page.tap('#save');
  expect(page.text(`#p-${prize.prizeId}`)).toContain('上架中');
  expect((await catalogue(patron.openid)).find((p) => p.prizeId === prize.prizeId)).toMatchObject({ stock: 7 });
});

test('invalid fields are explained and nothing is sent; 取消 goes back to the list', async () => {
  const wx = installWx({ openid: ADMIN });
  const page = await renderPage('staff/prizes/prizes');
  await page.tap('#create');
  await page.input('#f-cost', '0');
  await page.input('#f-stock', '1.5');
  await page.tap('#save');
  const form = page.text('#form');
  expect(form).toContain('请输入奖品名称');
  expect(form).toContain('积分为1至1000000的整数');
  expect(form).toContain('库存为0至1000000的整数');
  expect(upserts(wx)).toHaveLength(0);
  await page.tap('#cancel');
  expect(page.has('#form')).toBe(false);
  expect(page.has('#create')).toBe(true);
});

test('saving again after a lost answer reuses the requestId: one prize', async () => {
  const wx = installWx({ openid: ADMIN });
  const page = await renderPage('staff/prizes/prizes');
  await page.tap('#create');
  const name = `重试奖品${uid('n')}`;
  await page.input('#f-name', name);
  await page.input('#f-cost', '15');
  await page.input('#f-stock', '2');
  wx.failNextCall('after');
  wx.script('showModal', { confirm: false }); // decline the client's retry
  await page.tap('#save');
  expect(page.has('#form')).toBe(true);
  await page.tap('#save');
  const calls = upserts(wx);
  expect(calls).toHaveLength(2);
  expect(calls[1].data.requestId).toBe(calls[0].data.requestId);
  const patron = await newPatron();
  expect((await catalogue(patron.openid)).filter((p) => p.name === name)).toHaveLength(1);
});

test('a transport failure on loading: error state, then 重新加载', async () => {
  const wx = installWx({ openid: ADMIN });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('staff/prizes/prizes');
  expect(page.text()).toContain('网络异常，请稍后再试');
  await page.tapText('重新加载');
  expect(page.text()).toContain('金属书签');
});

test('pull-down refresh shows prizes added elsewhere', async () => {
  const wx = installWx({ openid: ADMIN });
  const page = await renderPage('staff/prizes/prizes');
  const name = `别处新增${uid('n')}`;
  await ok('admin', ADMIN, { action: 'upsertPrize', name, cost: 5, stock: 1 });
  await page.pullDown();
  expect(page.text()).toContain(name);
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
});

describe('an empty catalogue', () => {
  // The shared local cloud always holds the demo prizes: a stand-in answers an empty one.
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const { action } = JSON.parse(raw);
        const data = action === 'profile' ? { openid: 'o-x', openidTail: 'x', cards: [], members: [], roles: ['admin'] } : { prizes: [], balance: 0 };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, data }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('shows 还没有奖品 and the create button', async () => {
    installWx({ openid: uid('a'), baseUrl: url });
    const page = await renderPage('staff/prizes/prizes');
    expect(page.text()).toContain('还没有奖品');
    expect(page.has('#create')).toBe(true);
  });
});
