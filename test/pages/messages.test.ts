// 我的消息: messages arrive through real actions (staff hand over a redeemed prize).
import { installWx, renderPage, type WxHarness } from './harness';
import { ADMIN, newPatron, ok, uid } from '../support/cloud';

jest.setTimeout(60_000);

/** A patron whose two redeemed prizes were handed over at the desk: two unread messages. */
async function patronWithTwoMessages() {
  const patron = await newPatron(); // 50 points from the first binding
  const codes: string[] = [];
  for (const name of ['帆布袋', '书签']) {
    const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name: `${name}${uid('').slice(-4)}`, cost: 10, stock: 5 });
    const { redemption } = await ok('rewards', patron.openid, { action: 'redeem', prizeId: prize.prizeId, requestId: uid('req') });
    await ok('rewards', ADMIN, { action: 'fulfil', code: redemption.code });
    codes.push(redemption.code);
  }
  return { ...patron, codes };
}

const stored = async (openid: string) => ok('inbox', openid, { action: 'messages' });

let wx: WxHarness;

test('the list shows each message with its time and the unread count; tapping one reads it', async () => {
  const patron = await patronWithTwoMessages();
  wx = installWx({ openid: patron.openid });
  const page = await renderPage('messages');
  expect(page.text()).toContain('未读消息 2 条');
  expect(page.text()).toContain('奖品已领取');
  for (const code of patron.codes) expect(page.text()).toContain(code);
  expect(page.text()).toMatch(/\d+月\d+日 \d\d:\d\d/);
  expect(page.root.querySelectorAll('.dot')).toHaveLength(2);

  const { messages } = await stored(patron.openid);
  await page.tap(`#msg-${messages[0].messageId}`);
  expect(page.text()).toContain('未读消息 1 条');
  expect(page.root.querySelectorAll('.dot')).toHaveLength(1);
  const after = await stored(patron.openid);
  expect(after.unread).toBe(1);
  expect(after.messages.find((m: { messageId: string }) => m.messageId === messages[0].messageId).read).toBe(true);

  // Tapping a read message again writes nothing.
  const calls = wx.calls('callFunction').length;
  await page.tap(`#msg-${messages[0].messageId}`);
  expect(wx.calls('callFunction')).toHaveLength(calls);
});

test('全部已读 reads every unread message', async () => {
  const patron = await patronWithTwoMessages();
  wx = installWx({ openid: patron.openid });
  const page = await renderPage('messages');
  await page.tap('#read-all');
  expect(wx.lastToast()).toBe('已全部标记为已读');
  expect(page.text()).toContain('没有未读消息');
  expect(page.root.querySelectorAll('.dot')).toHaveLength(0);
  expect((await stored(patron.openid)).unread).toBe(0);
});

test('a new patron sees 暂无消息; pull-down shows a message that arrived meanwhile', async () => {
  const patron = await newPatron();
  wx = installWx({ openid: patron.openid });
  const page = await renderPage('messages');
  expect(page.text()).toContain('暂无消息');

  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name: `笔记本${uid('').slice(-4)}`, cost: 10, stock: 5 });
  const { redemption } = await ok('rewards', patron.openid, { action: 'redeem', prizeId: prize.prizeId, requestId: uid('req') });
  await ok('rewards', ADMIN, { action: 'fulfil', code: redemption.code });

  await page.pullDown();
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
  expect(page.text()).not.toContain('暂无消息');
  expect(page.text()).toContain(redemption.code);
  expect(page.text()).toContain('未读消息 1 条');
});

test('a failed load offers to retry; declining shows the error, and reloading recovers', async () => {
  wx = installWx({ openid: uid('p') });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('messages');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  await page.tap('#state >>> #state-retry');
  expect(page.text()).toContain('暂无消息');
});
