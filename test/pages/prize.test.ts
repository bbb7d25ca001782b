// 奖品详情: details, 立即兑换 with a confirmation, one requestId per confirmed redemption.
import { installWx, renderPage, type WxHarness } from './harness';
import { ADMIN, call, newPatron, ok, uid } from '../support/cloud';

async function newPrize(cost: number, stock: number) {
  const name = `测试奖品${uid('z')}`;
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name, cost, stock, description: '一件测试用的奖品' });
  return { prizeId: prize.prizeId as string, name };
}

const redeemCalls = (wx: WxHarness) =>
  wx.calls<{ name: string; data: Record<string, unknown> }>('callFunction').filter((c) => c.data.action === 'redeem');

async function mine(openid: string) {
  return (await ok('rewards', openid, { action: 'mine' })).redemptions as Array<{ code: string; status: string }>;
}

/** A fresh patron (50 points) on the page of a fresh prize. */
async function openPrize(cost: number, stock: number) {
  const prize = await newPrize(cost, stock);
  const patron = await newPatron();
  const wx = installWx({ openid: patron.openid });
  const page = await renderPage(`prize?prizeId=${prize.prizeId}`);
  return { prize, patron, wx, page };
}

/** Two redeem calls carried one requestId and made one 30-point redemption. */
async function expectRetriedOnce(wx: WxHarness, page: Awaited<ReturnType<typeof renderPage>>, openid: string) {
  const calls = redeemCalls(wx);
  expect(calls).toHaveLength(2);
  expect(calls[1].data.requestId).toBe(calls[0].data.requestId);
  await page.waitFor('兑换成功');
  expect(await mine(openid)).toHaveLength(1);
  expect((await ok('points', openid, { action: 'summary' })).balance).toBe(20);
}

test('redeeming: confirmation with cost and balance after, then the code; balance and stock drop', async () => {
  const { prize, patron, wx, page } = await openPrize(30, 5);
  expect(page.text('#prize-name')).toBe(prize.name);
  expect(page.text()).toContain('一件测试用的奖品');
  expect(page.text('#stock')).toContain('5');
  expect(page.text('#balance')).toContain('50');

  await page.tap('#redeem');
  const modal = wx.lastCall('showModal');
  expect(modal.title).toBe('确认兑换');
  expect(modal.content).toContain('30 积分');
  expect(modal.content).toContain('兑换后剩余 20 积分');

  await page.waitFor('兑换成功');
  const [redemption] = await mine(patron.openid);
  expect(redemption.status).toBe('pending');
  expect(page.text('#issued-code').replace(/-/g, '')).toBe(redemption.code);
  expect(page.text('#balance')).toContain('20');
  expect(page.text('#stock')).toContain('4');
  expect(wx.lastCall('showToast')).toMatchObject({ title: '兑换成功' });

  await page.tap('#view-codes');
  expect(wx.lastCall('navigateTo')).toEqual({ url: '/pages/redemptions/redemptions' });
});

test('cancelling the confirmation redeems nothing', async () => {
  const { patron, wx, page } = await openPrize(10, 5);
  wx.script('showModal', { confirm: false });
  await page.tap('#redeem');
  expect(redeemCalls(wx)).toHaveLength(0);
  expect(await mine(patron.openid)).toHaveLength(0);
  expect(page.data().busy).toBe(false);
});

test('a double tap opens one confirmation and redeems once', async () => {
  const { patron, wx, page } = await openPrize(10, 5);
  await Promise.all([page.instance.onRedeem(), page.instance.onRedeem()]);
  await page.settle();
  expect(wx.calls('showModal')).toHaveLength(1);
  expect(redeemCalls(wx)).toHaveLength(1);
  expect(await mine(patron.openid)).toHaveLength(1);
});

test('a network retry reuses the requestId: one redemption, charged once', async () => {
  const { patron, wx, page } = await openPrize(30, 5);
  wx.failNextCall('after'); // the function ran; the phone saw a timeout
  await page.tap('#redeem'); // confirm, then 重试 in the client's retry prompt
  expect(wx.calls('showModal').map((m) => m.content)).toContain('网络异常，是否重试？');
  await expectRetriedOnce(wx, page, patron.openid);
});

test('after a declined retry, trying again reuses the same requestId', async () => {
  const { patron, wx, page } = await openPrize(30, 5);
  wx.failNextCall('after');
  wx.script('showModal', { confirm: true }, { confirm: false }); // confirm, then decline the retry
  await page.tap('#redeem');
  expect(page.text()).not.toContain('兑换成功');
  await page.tap('#redeem');
  await expectRetriedOnce(wx, page, patron.openid);
});

test('two confirmations are two redemptions with different requestIds', async () => {
  const { patron, wx, page } = await openPrize(10, 5);
  await page.tap('#redeem');
  await page.tap('#redeem');
  const calls = redeemCalls(wx);
  expect(calls).toHaveLength(2);
  expect(calls[1].data.requestId).not.toBe(calls[0].data.requestId);
  expect(await mine(patron.openid)).toHaveLength(2);
  expect(page.text('#balance')).toContain('30');
});

test('not affordable: the button is disabled and says how many points are missing', async () => {
  const { wx, page } = await openPrize(80, 5);
  expect(page.text('#blocked')).toBe('积分不足，还差 30 积分');
  await page.tap('#redeem');
  expect(wx.calls('showModal')).toHaveLength(0);
});

test('out of stock: disabled with 奖品已兑完', async () => {
  const { wx, page } = await openPrize(10, 0);
  expect(page.text('#blocked')).toBe('奖品已兑完');
  await page.tap('#redeem');
  expect(wx.calls('showModal')).toHaveLength(0);
});

test('the last unit taken by someone else meanwhile: the reason, then the page shows it sold out', async () => {
  const prize = await newPrize(10, 1);
  const [a, b] = await Promise.all([newPatron(), newPatron()]);
  const wx = installWx({ openid: a.openid });
  const page = await renderPage(`prize?prizeId=${prize.prizeId}`);
  expect(page.text('#stock')).toContain('1');
  await ok('rewards', b.openid, { action: 'redeem', prizeId: prize.prizeId, requestId: uid('req-') });
  await page.tap('#redeem');
  expect(wx.lastToast()).toBe('奖品已兑完');
  expect(page.text('#blocked')).toBe('奖品已兑完');
  expect(page.text()).not.toContain('兑换成功');
  const balance = (await call('points', a.openid, { action: 'summary' })).data.balance;
  expect(balance).toBe(50);
});

test('an unknown or removed prize says so', async () => {
  const patron = await newPatron();
  installWx({ openid: patron.openid });
  const page = await renderPage('prize?prizeId=prize_nope');
  expect(page.text()).toContain('该奖品已下架或不存在');
  expect(page.has('#redeem')).toBe(false);
});

test('a transport failure on loading: error state, then 重新加载', async () => {
  const prize = await newPrize(10, 5);
  const patron = await newPatron();
  const wx = installWx({ openid: patron.openid });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage(`prize?prizeId=${prize.prizeId}`);
  expect(page.text()).toContain('网络异常，请稍后再试');
  await page.tapText('重新加载');
  expect(page.text('#prize-name')).toBe(prize.name);
});
