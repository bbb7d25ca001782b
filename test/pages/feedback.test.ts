// 意见反馈: free text plus optional contact, checked by the cloud's content check.
import { installWx, renderPage, type WxHarness } from './harness';
import { storedDocs, uid } from '../support/cloud';

let wx: WxHarness;
let openid: string;
beforeEach(() => {
  openid = uid('p');
  wx = installWx({ openid });
});

const mine = async () => (await storedDocs('feedback')).filter((f) => f.openid === openid);

test('a patron sends feedback with a contact; it is stored and the page thanks and goes back', async () => {
  const page = await renderPage('feedback');
  expect(page.text()).toContain('0/500');
  await page.input('#content', '希望周末能延长开放时间');
  await page.input('#contact', '微信同号');
  expect(page.text()).toContain('11/500');
  await page.tap('#submit');
  expect(wx.lastToast()).toBe('感谢您的反馈');
  expect(await mine()).toEqual([expect.objectContaining({ content: '希望周末能延长开放时间', contact: '微信同号', status: 'new' })]);
  expect(page.data()).toMatchObject({ content: '', contact: '', canSubmit: false });
  await page.waitFor(() => wx.calls('navigateBack').length === 1, 3000);
});

test('submit stays disabled until there are at least 5 characters', async () => {
  const page = await renderPage('feedback');
  await page.tap('#submit');
  await page.input('#content', '  太短了  ');
  await page.tap('#submit');
  expect(wx.calls('callFunction')).toHaveLength(0);
  await page.input('#content', '借书机坏了');
  await page.tap('#submit');
  expect(wx.lastToast()).toBe('感谢您的反馈');
  expect((await mine()).map((f) => f.content)).toEqual(['借书机坏了']);
  expect((await mine())[0].contact).toBe('');
});

test('content refused by the content check shows why and keeps the text', async () => {
  const page = await renderPage('feedback');
  await page.input('#content', '这里有违禁词内容哦');
  await page.tap('#submit');
  expect(wx.lastToast()).toBe('内容含有不当信息，请修改后再提交');
  expect(page.data().content).toBe('这里有违禁词内容哦');
  expect(wx.calls('navigateBack')).toHaveLength(0);
  expect(await mine()).toEqual([]);
});

test('a timeout after sending asks to retry; the retry stores the feedback once', async () => {
  const page = await renderPage('feedback');
  await page.input('#content', '阅览室空调太冷了');
  wx.failNextCall('after');
  await page.tap('#submit');
  expect(wx.calls('showModal')[0]).toMatchObject({ content: '网络异常，是否重试？' });
  expect(wx.lastToast()).toBe('感谢您的反馈');
  expect((await mine()).map((f) => f.content)).toEqual(['阅览室空调太冷了']);
});

test('declining the retry keeps the text for later', async () => {
  const page = await renderPage('feedback');
  await page.input('#content', '希望增加自习座位');
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  await page.tap('#submit');
  expect(wx.calls('showToast')).toHaveLength(0);
  expect(page.data()).toMatchObject({ content: '希望增加自习座位', canSubmit: true, submitting: false });
  expect(await mine()).toEqual([]);
});
