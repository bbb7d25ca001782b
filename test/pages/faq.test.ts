// 常见问题 and the other text pages it shows (?key=register, ?key=returnGuide).
import { installWx, renderPage, type WxHarness } from './harness';
import { uid } from '../support/cloud';

let wx: WxHarness;
beforeEach(() => {
  wx = installWx({ openid: uid('p') });
});

test('the FAQ lists its questions folded; tapping a question opens its answer', async () => {
  const page = await renderPage('faq');
  expect(wx.lastCall('setNavigationBarTitle')).toEqual({ title: '常见问题' });
  expect(page.text()).toContain('如何绑定读者证？');
  expect(page.text()).toContain('读者证丢失补办后，积分怎么办？');
  // Returning books: face recognition, reader card, service desk; at most 5 per return.
  expect(page.text()).toContain('人脸认证');
  expect(page.text()).toContain('读者证认证');
  expect(page.text()).toContain('服务台人工还书');
  expect(page.text()).toContain('不超过5本');
  expect(page.data().active).toEqual([]);

  await page.tap('#section-0');
  expect(page.data().active).toEqual(['0']);
  await page.tap('#section-0');
  expect(page.data().active).toEqual([]);
});

test('?key=register shows how to become a reader, opened, with its own title', async () => {
  const page = await renderPage('faq?key=register');
  expect(wx.lastCall('setNavigationBarTitle')).toEqual({ title: '注册成为读者' });
  expect(page.text()).toContain('办理电子读者证');
  expect(page.data().active).toEqual(['0', '1']);
  expect(wx.lastCall('callFunction').data).toMatchObject({ action: 'content', key: 'register' });
});

test('?key=returnGuide shows the three ways to return books', async () => {
  const page = await renderPage('faq?key=returnGuide');
  expect(wx.lastCall('setNavigationBarTitle')).toEqual({ title: '还书指南' });
  expect(page.text()).toContain('方式一');
  expect(page.text()).toContain('方式三：服务台人工还书（需要读者证和身份证）');
});

test('an unknown key falls back to the FAQ; the feedback link opens 意见反馈', async () => {
  const page = await renderPage('faq?key=nope');
  expect(wx.lastCall('callFunction').data).toMatchObject({ key: 'faq' });
  await page.tap('#go-feedback');
  expect(wx.lastCall('navigateTo')).toEqual(expect.objectContaining({ url: '/pages/feedback/feedback' }));
});

test('pull-down reloads the text', async () => {
  const page = await renderPage('faq');
  await page.pullDown();
  expect(wx.calls('callFunction')).toHaveLength(2);
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
  expect(page.text()).toContain('如何绑定读者证？');
});

test('a failed load offers to retry; declining shows the error, and reloading recovers', async () => {
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('faq');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  expect(wx.calls('setNavigationBarTitle')).toHaveLength(0);
  await page.tap('#state >>> #state-retry');
  expect(page.text()).toContain('如何绑定读者证？');
});
