// 修改手机号: pick the card, old phone, new phone, SMS code to the new phone, submit.
import { randomInt } from 'crypto';
import { installWx, renderPage, type WxHarness } from './harness';
import { bindCard, latestSmsCode, newPatron, newReader, ok, request, uid } from '../support/cloud';

jest.setTimeout(60_000);

const freshPhone = () => `137${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;
const smsTo = async (phone: string) => (await request('GET', `/dev/sms?phone=${phone}`)).json.messages as Array<{ purpose: string }>;

let wx: WxHarness;

test('a patron changes the phone of the current card with a code sent to the new phone', async () => {
  const patron = await newPatron();
  wx = installWx({ openid: patron.openid });
  const page = await renderPage('change-phone');
  expect(page.text()).toContain(patron.cardNo);
  expect(page.text()).toContain(masked(patron.reader.phone));

  const newPhone = freshPhone();
  await page.input('#old-phone', patron.reader.phone);
  await page.input('#new-phone', newPhone);
  await page.tap('#send-code');
  expect(wx.lastToast()).toBe('验证码已发送');
  expect((await smsTo(newPhone))[0]).toMatchObject({ purpose: 'changePhone' });
  expect(page.text()).toMatch(/\d+秒后重新发送/);

  // Counting down: a second tap sends nothing.
  await page.tap('#send-code');
  expect(await smsTo(newPhone)).toHaveLength(1);

  await page.input('#code', await latestSmsCode(newPhone));
  await page.tap('#submit');
  expect(wx.lastToast()).toBe(`手机号已修改为 ${masked(newPhone)}`);
  await page.waitFor(() => wx.calls('navigateBack').length === 1, 3000);

  const { cards } = await ok('account', patron.openid, { action: 'profile' });
  expect(cards[0]).toMatchObject({ cardNo: patron.cardNo, phone: masked(newPhone) });
});

test('a wrong old phone or a wrong code is refused with its message; nothing changes', async () => {
  const patron = await newPatron();
  wx = installWx({ openid: patron.openid });
  const page = await renderPage('change-phone');
  const newPhone = freshPhone();
  await page.input('#old-phone', freshPhone());
  await page.input('#new-phone', newPhone);
  await page.tap('#send-code');
  const code = await latestSmsCode(newPhone);
  await page.input('#code', code);
  await page.tap('#submit');
  expect(wx.lastToast()).toBe('读者证号或手机号不正确');

  await page.input('#old-phone', patron.reader.phone);
  await page.input('#code', code === '000000' ? '111111' : '000000');
  await page.tap('#submit');
  expect(wx.lastToast()).toBe('验证码错误');
  expect(wx.calls('navigateBack')).toHaveLength(0);
  const { cards } = await ok('account', patron.openid, { action: 'profile' });
  expect(cards[0].phone).toBe(masked(patron.reader.phone));
});

test('light checks on the phone before anything is sent', async () => {
  const patron = await newPatron();
  wx = installWx({ openid: patron.openid });
  const page = await renderPage('change-phone');
  await page.tap('#send-code');
  expect(wx.lastToast()).toBe('请输入正确的新手机号');
  await page.input('#old-phone', patron.reader.phone);
  await page.input('#new-phone', patron.reader.phone);
  await page.tap('#send-code');
  expect(wx.lastToast()).toBe('新手机号不能与原手机号相同');
  await page.input('#new-phone', freshPhone());
  await page.input('#code', '12');
  await page.tap('#submit');
  expect(wx.lastToast()).toBe('请输入6位验证码');
  expect(wx.calls('callFunction').map((c) => c.data.action)).toEqual(['profile']);
});

test('the card comes from ?cardNo= and can be switched in the sheet', async () => {
  const patron = await newPatron();
  const second = await newReader();
  await bindCard(patron.openid, second);
  wx = installWx({ openid: patron.openid });

  const page = await renderPage(`change-phone?cardNo=${second.cardNo}`);
  expect(page.data().cardNo).toBe(second.cardNo);
  expect(page.text()).toContain(masked(second.phone));

  await page.tap('#card');
  await page.tapText(patron.cardNo);
  expect(page.data().cardNo).toBe(patron.cardNo);

  // The change applies to the chosen card only.
  const newPhone = freshPhone();
  await page.input('#old-phone', patron.reader.phone);
  await page.input('#new-phone', newPhone);
  await page.tap('#send-code');
  await page.input('#code', await latestSmsCode(newPhone));
  await page.tap('#submit');
  const { cards } = await ok('account', patron.openid, { action: 'profile' });
  const phones = Object.fromEntries(cards.map((c: { cardNo: string; phone: string }) => [c.cardNo, c.phone]));
  expect(phones).toEqual({ [patron.cardNo]: masked(newPhone), [second.cardNo]: masked(second.phone) });
});

test('without a bound card the page says so and points to binding', async () => {
  wx = installWx({ openid: uid('p') });
  const page = await renderPage('change-phone');
  expect(page.text()).toContain('您还没有绑定读者证');
  await page.tap('#go-bind');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/bind-card/bind-card' });
});

test('a failed load offers to retry; declining shows the error with a reload button', async () => {
  const patron = await newPatron();
  wx = installWx({ openid: patron.openid });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('change-phone');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  await page.tap('#state >>> #state-retry');
  expect(page.text()).toContain(patron.cardNo);
  expect(page.text()).not.toContain('网络异常');
});
