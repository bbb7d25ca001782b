// 积分规则: the text generated from the rules in force, the version, and pickup time and place.
import { installWx, renderPage, type WxHarness } from './harness';
import { ok, uid } from '../support/cloud';

let wx: WxHarness;
beforeEach(() => {
  wx = installWx({ openid: uid('p') });
});

test('the page explains the rules in force, names their version and where to collect prizes', async () => {
  const { rules } = await ok('points', uid(), { action: 'rules' });
  const page = await renderPage('rules');
  const text = page.text();
  expect(text).toContain(`每张读者证首次绑定奖励 ${rules.firstBindBonus} 积分`);
  expect(text).toContain(`每天签到一次得 ${rules.checkinPoints} 积分`);
  expect(text).toContain('逾期作废，积分不退');
  // Another test file may bump the version meanwhile: never older than what we read.
  expect(page.data().version).toBeGreaterThanOrEqual(rules.version);
  expect(page.text('#version')).toContain(`当前执行第 ${page.data().version} 版积分规则`);

  const pickup = page.text('#pickup');
  expect(pickup).toContain('领取时间');
  expect(pickup).toContain('周六、周日 08:30-11:30、13:30-17:00');
  expect(pickup).toContain('领取地点');
  expect(pickup).toContain(rules.pickupPlace);
});

test('pull-down reloads', async () => {
  const page = await renderPage('rules');
  await page.pullDown();
  expect(wx.calls('callFunction')).toHaveLength(2); // one call (inbox.rulesText) for the load, one for the pull-down
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
  expect(page.text()).toContain('签到打卡');
});

test('a failed load offers to retry; declining shows the error, and reloading recovers', async () => {
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('rules');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  expect(page.text()).not.toContain('签到打卡');
  await page.tap('#state >>> #state-retry');
  expect(page.text()).toContain('签到打卡');
  expect(page.text()).not.toContain('网络异常');
});
