// BUSY (a rush outlasted the server's retry budget; nothing was applied): the client offers
// a retry, and the retry carries the same requestId.
import { installWx, renderPage, type WxHarness } from './harness';
import { ADMIN, newPatron, ok, uid } from '../support/cloud';

type CallFunction = (opts: { name: string; data: Record<string, unknown> }) => Promise<{ result: unknown }>;

/** The next `redeem` is answered BUSY by the "server" (the stand-in does not run it); later calls go through. */
function busyOnce(): Record<string, unknown>[] {
  const cloud = (globalThis as unknown as { wx: { cloud: { callFunction: CallFunction } } }).wx.cloud;
  const real = cloud.callFunction;
  const sent: Record<string, unknown>[] = [];
  cloud.callFunction = async (opts) => {
    if (opts.data.action !== 'redeem') return real(opts);
    sent.push(opts.data);
    if (sent.length === 1) return { result: { ok: false, error: { code: 'BUSY', message: '当前操作人数较多，请稍后重试' } } };
    return real(opts);
  };
  return sent;
}

async function openPrize(): Promise<{ wx: WxHarness; page: Awaited<ReturnType<typeof renderPage>>; openid: string }> {
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name: `测试奖品${uid('b')}`, cost: 30, stock: 5, description: '抢兑测试' });
  const patron = await newPatron();
  const wx = installWx({ openid: patron.openid });
  const page = await renderPage(`prize?prizeId=${prize.prizeId}`);
  return { wx, page, openid: patron.openid };
}

test('BUSY offers a retry that reuses the requestId: one redemption, charged once', async () => {
  const { wx, page, openid } = await openPrize();
  const sent = busyOnce();
  await page.tap('#redeem'); // confirm, then 重试 in the client's BUSY prompt
  expect(wx.calls<{ content: string }>('showModal').map((m) => m.content)).toContain('当前操作人数较多，是否重试？');
  await page.waitFor('兑换成功');
  expect(sent).toHaveLength(2);
  expect(sent[1].requestId).toBe(sent[0].requestId);
  expect((await ok('rewards', openid, { action: 'mine' })).redemptions).toHaveLength(1);
  expect((await ok('points', openid, { action: 'summary' })).balance).toBe(20);
});

test('a declined BUSY retry redeems nothing and says why', async () => {
  const { wx, page, openid } = await openPrize();
  const sent = busyOnce();
  wx.script('showModal', { confirm: true }, { confirm: false }); // confirm, then decline the retry
  await page.tap('#redeem');
  expect(sent).toHaveLength(1);
  expect(wx.lastToast()).toBe('当前操作人数较多，请稍后重试');
  expect(page.text()).not.toContain('兑换成功');
  expect((await ok('rewards', openid, { action: 'mine' })).redemptions).toHaveLength(0);
});
