// 我的证件: list, current mark, set current, unbind with confirmation, empty and error states.
import { installWx, renderPage } from './harness';
import { bindCard, newPatron, newReader, ok, shanghai, uid } from '../support/cloud';

const NOW = shanghai('2031-05-06', '09:00:00');
const mask = (cardNo: string) => `${'*'.repeat(cardNo.length - 4)}${cardNo.slice(-4)}`;

test('lists cards masked with the current one marked; set current; unbind after confirming', async () => {
  const { openid, cardNo } = await newPatron({ name: '张伟' });
  const family = await newReader({ name: '张小伟' });
  await bindCard(openid, family);
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('cards');

  const own = page.text(`#card-${cardNo}`);
  expect(own).toContain(`读者证 ${mask(cardNo)}`);
  expect(page.has(`#current-${cardNo}`)).toBe(true);
  expect(own).toContain('张*');
  expect(own).toContain('50 积分');
  expect(own).toMatch(/\d{3}\*{4}\d{4}/);
  expect(page.text()).not.toContain(cardNo);
  expect(page.has(`#current-${family.cardNo}`)).toBe(false);
  expect(page.has(`#set-${cardNo}`)).toBe(false);

  await page.tap(`#set-${family.cardNo}`);
  expect(wx.lastToast()).toBe('已设为当前读者证');
  expect(page.has(`#current-${family.cardNo}`)).toBe(true);
  expect(page.has(`#current-${cardNo}`)).toBe(false);
  expect(page.has(`#set-${cardNo}`)).toBe(true);

  // Declined: nothing happens.
  wx.script('showModal', { confirm: false });
  await page.tap(`#unbind-${cardNo}`);
  expect(wx.lastCall('showModal').content).toContain(`确定解绑读者证 ${mask(cardNo)}`);
  expect(page.has(`#card-${cardNo}`)).toBe(true);

  await page.tap(`#unbind-${cardNo}`);
  expect(wx.lastToast()).toBe('已解绑');
  expect(page.has(`#card-${cardNo}`)).toBe(false);
  const profile = await ok('account', openid, { action: 'profile' });
  expect(profile.cards.map((c: { cardNo: string }) => c.cardNo)).toEqual([family.cardNo]);

  await page.tap(`#unbind-${family.cardNo}`);
  expect(page.text()).toContain('还没有绑定读者证');
  await page.tap('#bind-new');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/bind-card/bind-card' });
});

test('unbinding keeps the card\'s points; a card bound elsewhere appears on refresh', async () => {
  const { openid, cardNo, reader } = await newPatron();
  installWx({ openid, now: NOW });
  const page = await renderPage('cards');
  await page.tap(`#unbind-${cardNo}`);
  expect(page.text()).toContain('还没有绑定读者证');
  await bindCard(openid, reader, { now: shanghai('2031-05-06', '09:05:00') });
  await page.pullDown();
  expect(page.text(`#card-${cardNo}`)).toContain('50 积分');
  await page.show();
  expect(page.has(`#current-${cardNo}`)).toBe(true);
});

test('empty state with a bind button for a new user', async () => {
  const wx = installWx({ openid: uid('p'), now: NOW });
  const page = await renderPage('cards');
  expect(page.text()).toContain('还没有绑定读者证，绑定后即可累积积分');
  expect(page.text()).toContain('绑定新证件');
  await page.tap('#bind-new');
  expect(wx.calls('navigateTo')).toHaveLength(1);
});

test('a transport failure asks to retry; declined, the page offers 重新加载', async () => {
  const { openid, cardNo } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('cards');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  expect(page.text()).not.toContain('绑定新证件');
  await page.tapText('重新加载');
  expect(page.has(`#current-${cardNo}`)).toBe(true);
});
