// 我的: current card, balance, switching cards, entries, unread count, states.
import { installWx, renderPage } from './harness';
import { ADMIN, bindCard, newPatron, newReader, ok, shanghai, uid } from '../support/cloud';

const NOW = shanghai('2031-05-06', '09:00:00');
const mask = (cardNo: string) => `${'*'.repeat(cardNo.length - 4)}${cardNo.slice(-4)}`;

const ENTRIES: Array<[string, string, string]> = [
  ['ledger', '积分明细', '/pages/ledger/ledger'],
  ['cards', '我的证件', '/pages/cards/cards'],
  ['transfer', '积分转移', '/pages/transfer/transfer'],
  ['change-phone', '修改手机号', '/pages/change-phone/change-phone'],
  ['messages', '我的消息', '/pages/messages/messages'],
  ['faq', '常见问题', '/pages/faq/faq'],
  ['feedback', '意见反馈', '/pages/feedback/feedback'],
  ['rules', '积分规则', '/pages/rules/rules'],
  ['members', '成员管理', '/pages/members/members'],
  ['redemptions', '我的兑换', '/pages/redemptions/redemptions'],
  ['activities', '我的活动', '/events/mine/mine'],
  ['books', '我的推荐/捐赠', '/books/mine/mine'],
];

test('shows the current card (masked) and balance; every entry opens its page', async () => {
  const { openid, cardNo } = await newPatron({ name: '李雷' });
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('mine');
  expect(page.text('#holder')).toBe('李*');
  expect(page.text('#card')).toContain(cardNo.slice(-4));
  expect(page.text('#card')).not.toContain(cardNo);
  expect(page.text('#card')).toMatch(/\d{3}\*{4}\d{4}/);
  expect(page.text('#balance')).toBe('50');

  for (const [key, title, url] of ENTRIES) {
    expect(page.text(`#e-${key}`)).toContain(title);
    await page.tap(`#e-${key}`);
    expect(wx.lastCall('navigateTo')).toEqual(expect.objectContaining({ url }));
  }
  expect(wx.calls('navigateTo')).toHaveLength(ENTRIES.length);
});

test('switches the current card with the action sheet', async () => {
  const { openid, cardNo } = await newPatron({ name: '韩梅梅' });
  const family = await newReader({ name: '韩雪' });
  await bindCard(openid, family);
  installWx({ openid, now: NOW });
  const page = await renderPage('mine');
  expect(page.text('#holder')).toBe('韩**');
  await page.tap('#switch');
  await page.waitFor(`${mask(cardNo)} 韩**（当前）`);
  await page.tapText(`${mask(family.cardNo)} 韩*`);
  expect(page.text('#holder')).toBe('韩*');
  expect(page.text('#card')).toContain(family.cardNo.slice(-4));
  const profile = await ok('account', openid, { action: 'profile' });
  expect(profile.cards.find((c: { current: boolean }) => c.current).cardNo).toBe(family.cardNo);
  expect(getApp<IAppOption>().globalData.currentCardNo).toBe(family.cardNo);
});

test('one card only: switching explains how to add another', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('mine');
  await page.tap('#switch');
  expect(wx.lastToast()).toContain('我的证件');
});

test('the unread message count shows beside 我的消息', async () => {
  const { openid } = await newPatron();
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name: `书签${uid('')}`, cost: 10, stock: 5 });
  const { redemption } = await ok('rewards', openid, { action: 'redeem', prizeId: prize.prizeId, requestId: uid('req-mine') });
  await ok('rewards', ADMIN, { action: 'fulfil', code: redemption.code });
  installWx({ openid, now: NOW });
  const page = await renderPage('mine');
  await page.waitFor('1 条未读');
  expect(page.text('#e-messages')).toContain('1 条未读');
  expect(page.text('#balance')).toBe('40');
});

test('without a card: a bind prompt, entries still there', async () => {
  const wx = installWx({ openid: uid('p'), now: NOW });
  const page = await renderPage('mine');
  expect(page.text()).toContain('尚未绑定读者证');
  expect(page.text()).toContain('常见问题');
  await page.tap('#bind');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/bind-card/bind-card' });
});

test('onShow and pull-down refresh the balance; a failed first load offers 重新加载', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('mine');
  expect(page.text()).toContain('网络异常，请稍后再试');
  await page.tapText('重新加载');
  expect(page.text('#balance')).toBe('50');
  await ok('points', openid, { action: 'checkin' }, { now: NOW });
  await page.show();
  expect(page.text('#balance')).toBe('52');
  await ok('points', openid, { action: 'checkin' }, { now: shanghai('2031-05-07') });
  await page.pullDown();
  expect(page.text('#balance')).toBe('54');
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
});

test('my own OPENID at the bottom: 复制 puts it on the clipboard, and an admin grants a role by it', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('mine');
  expect(page.text('#my-openid')).toBe(openid);
  await page.tap('#copy-openid');
  expect(wx.clipboard).toBe(openid);
  // 角色管理 takes the pasted OPENID (its field says to look here).
  await ok('admin', ADMIN, { action: 'grantRole', openid: wx.clipboard, role: 'staff' });
  expect((await ok('account', openid, { action: 'profile' })).roles).toEqual(['staff']);
});
