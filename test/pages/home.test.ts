// 首页: summary of the current card, module grid, bind prompt, staff entry, error state.
import { installWx, renderPage } from './harness';
import { ADMIN, newPatron, ok, shanghai, uid } from '../support/cloud';

const NOW = shanghai('2031-05-06', '09:00:00');

test('a patron sees the card, balance and check-in state; pull-down refreshes', async () => {
  const { openid, cardNo } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('home');
  expect(page.text('#balance')).toBe('50');
  expect(page.text()).toContain(`当前读者证 ${'*'.repeat(cardNo.length - 4)}${cardNo.slice(-4)}`);
  expect(page.text()).toContain('今日未签到');
  expect(page.text()).not.toContain('去绑定证件');
  expect(page.text()).not.toContain('工作人员入口');

  await ok('points', openid, { action: 'checkin' }, { now: NOW });
  await page.pullDown();
  expect(page.text('#balance')).toBe('52');
  expect(page.text()).toContain('今日已签到 · 已连续签到 1 天');
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
});

test('a user without a card is asked to bind one', async () => {
  const wx = installWx({ openid: uid('p'), now: NOW });
  const page = await renderPage('home');
  expect(page.text()).toContain('去绑定证件');
  expect(page.has('#balance')).toBe(false);
  await page.tap('#bind');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/bind-card/bind-card' });
  // Check-in needs a card too.
  await page.tap('#m-checkin');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/bind-card/bind-card' });
});

test('the module grid: every module opens its page', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('home');
  for (const text of ['积分兑换', '签到打卡', '志愿者活动', '读者活动', '图书推荐', '图书捐赠']) expect(page.text()).toContain(text);
  await page.tap('#m-rewards');
  expect(wx.lastCall('switchTab')).toMatchObject({ url: '/pages/rewards/rewards' });
  await page.tap('#m-checkin');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/checkin/checkin' });
  await page.tap('#m-events');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/events/list/list?kind=reader' });
  await page.tap('#m-volunteer');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/events/list/list?kind=volunteer' });
  await page.tap('#m-recommend');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/books/recommend/recommend' });
  await page.tap('#m-donate');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/books/donate/donate' });
  expect(wx.calls('showToast')).toHaveLength(0);
});

test('staff see the staff entry', async () => {
  const { openid } = await newPatron();
  await ok('admin', ADMIN, { action: 'grantRole', openid, role: 'staff' });
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('home');
  await page.waitFor('工作人员入口');
  await page.tap('#staff');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/staff/index/index' });
  expect(getApp<IAppOption>().globalData.isStaff).toBe(true);
});

test('a transport failure asks to retry; declined, the page offers 重新加载', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('home');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  expect(page.has('#balance')).toBe(false);
  await page.tapText('重新加载');
  expect(page.text('#balance')).toBe('50');
});
