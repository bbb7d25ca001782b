// 绑定证件: SMS code with countdown, light validation, welcome bonus, server errors as toasts.
import { installWx, renderPage, type PageDriver } from './harness';
import { bindCard, call, latestSmsCode, newReader, ok, shanghai, uid } from '../support/cloud';

const NOW = shanghai('2031-05-06', '09:00:00');

async function fill(page: PageDriver, cardNo: string, phone: string): Promise<void> {
  await page.input('#card-no', cardNo);
  await page.input('#phone', phone);
}

const sends = (wx: ReturnType<typeof installWx>) =>
  wx.calls('callFunction').filter((c: { data: { action: string } }) => c.data.action === 'sendSmsCode');

test('bind with the SMS code: countdown, welcome with the first-binding bonus, back home', async () => {
  const reader = await newReader();
  const openid = uid('p');
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('bind-card');
  expect(page.text()).toContain('发送验证码');
  await fill(page, reader.cardNo, reader.phone);

  await page.tap('#send-code');
  expect(wx.lastToast()).toBe('验证码已发送');
  expect(page.text('#send-code')).toBe('60 秒后重发');
  await page.tap('#send-code'); // disabled during the countdown
  expect(sends(wx)).toHaveLength(1);
  await page.waitFor('59 秒后重发', 3000);

  await page.input('#code', await latestSmsCode(reader.phone));
  await page.tap('#bind');
  expect(wx.lastCall('showModal')).toMatchObject({ title: '绑定成功', content: expect.stringContaining('首次绑定奖励 50 积分') });
  expect(wx.lastCall('switchTab')).toMatchObject({ url: '/pages/home/home' });
  expect(getApp<IAppOption>().globalData.currentCardNo).toBe(reader.cardNo);

  const profile = await ok('account', openid, { action: 'profile' });
  expect(profile.cards).toEqual([expect.objectContaining({ cardNo: reader.cardNo, current: true, points: 50 })]);
});

test('rebinding a card after unbinding grants no second bonus; from another page it goes back', async () => {
  const reader = await newReader();
  const openid = uid('p');
  await bindCard(openid, reader, { now: shanghai('2031-05-05') });
  await ok('account', openid, { action: 'unbindCard', cardNo: reader.cardNo });
  const wx = installWx({ openid, now: NOW });
  await renderPage('home'); // the page the patron came from
  const page = await renderPage('bind-card');
  await fill(page, reader.cardNo, reader.phone);
  await page.tap('#send-code');
  await page.input('#code', await latestSmsCode(reader.phone));
  await page.tap('#bind');
  expect(wx.lastCall('showModal').content).not.toContain('首次绑定奖励');
  expect(wx.lastCall('showModal').content).toContain('读者证已绑定');
  expect(wx.calls('navigateBack')).toHaveLength(1);
});

test('light validation before any call', async () => {
  const reader = await newReader();
  const wx = installWx({ openid: uid('p'), now: NOW });
  const page = await renderPage('bind-card');
  await page.input('#phone', '1234');
  await page.tap('#send-code');
  expect(wx.lastToast()).toBe('请输入正确的11位手机号');
  await page.tap('#bind');
  expect(wx.lastToast()).toBe('请输入读者证条码号（4-32位字母或数字）');
  await fill(page, reader.cardNo, reader.phone);
  await page.input('#code', '12a');
  await page.tap('#bind');
  expect(wx.lastToast()).toBe('请输入6位验证码');
  // Only the page's question of what to ask for (bindOptions) went out.
  expect(wx.calls('callFunction').filter((c: { data: { action: string } }) => c.data.action !== 'bindOptions')).toHaveLength(0);
});

test('server refusals show as toasts: wrong code, phone mismatch, resend too soon', async () => {
  const reader = await newReader();
  const other = await newReader();
  const openid = uid('p');
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('bind-card');

  // The code went out a moment ago (another device): the gap refuses a resend, no countdown.
  await ok('account', openid, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: NOW });
  await fill(page, reader.cardNo, reader.phone);
  await page.tap('#send-code');
  expect(wx.lastToast()).toBe('验证码发送过于频繁，请稍后再试');
  expect(page.text('#send-code')).toBe('发送验证码');

  const code = await latestSmsCode(reader.phone);
  await page.input('#code', code === '000000' ? '111111' : '000000');
  await page.tap('#bind');
  expect(wx.lastToast()).toBe('验证码错误');

  // A code for the other reader's phone, with this reader's card.
  await page.input('#phone', other.phone);
  await page.tap('#send-code');
  await page.input('#code', await latestSmsCode(other.phone));
  await page.tap('#bind');
  expect(wx.lastToast()).toBe('读者证号或手机号不正确');
  expect(page.text('#mismatch-tip')).toContain('注册电子读者证');
  expect(wx.calls('showModal')).toHaveLength(0);
  expect((await call('account', openid, { action: 'profile' })).data.cards).toEqual([]);
});

test('a card bound by someone else is refused', async () => {
  const reader = await newReader();
  await bindCard(uid('p'), reader, { now: shanghai('2031-05-05') });
  const wx = installWx({ openid: uid('p'), now: NOW });
  const page = await renderPage('bind-card');
  await fill(page, reader.cardNo, reader.phone);
  await page.tap('#send-code');
  await page.input('#code', await latestSmsCode(reader.phone));
  await page.tap('#bind');
  expect(wx.lastToast()).toBe('该读者证已被其他微信绑定');
});

test('an unknown card number answers as a wrong phone, and the page points to e-card registration', async () => {
  const reader = await newReader();
  const openid = uid('p');
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('bind-card');
  expect(page.has('#mismatch-tip')).toBe(false);
  await fill(page, 'NOSUCH7777', reader.phone);
  await page.tap('#send-code');
  await page.input('#code', await latestSmsCode(reader.phone));
  await page.tap('#bind');
  expect(wx.lastToast()).toBe('读者证号或手机号不正确');
  expect(page.text('#mismatch-tip')).toContain('还没有读者证？可先注册电子读者证');
  await page.tap('#register');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/faq/faq?key=register' });
  // The right card then binds, and the hint goes away.
  await page.input('#card-no', reader.cardNo);
  await page.tap('#bind');
  expect(wx.lastCall('showModal')).toMatchObject({ title: '绑定成功' });
  expect(page.has('#mismatch-tip')).toBe(false);
});

test('non-members are pointed to registration', async () => {
  const wx = installWx({ openid: uid('p'), now: NOW });
  const page = await renderPage('bind-card');
  expect(page.text()).toContain('前往注册成为读者');
  await page.tap('#register');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/faq/faq?key=register' });
});
