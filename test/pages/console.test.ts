// The staff and admin console: feedback replies, the rules editor, roles — through the real functions.
import { installWx, renderPage } from './harness';
import { ADMIN, call, ok, uid } from '../support/cloud';
import { startCloudProcess, type CloudProcess } from '../support/cloud-process';
import { httpJson } from '../../server/util/http-json';
import { withCheckChar } from '../../server/util/idcard';

async function newStaff(): Promise<string> {
  const openid = uid('staff');
  await ok('admin', ADMIN, { action: 'grantRole', openid, role: 'staff' });
  return openid;
}

test('a patron sends feedback → staff see it unread → reply → the patron reads the reply in 我的消息', async () => {
  const patron = uid('p');
  installWx({ openid: patron });
  const form = await renderPage('feedback');
  await form.input('#content', '自习室的插座太少了，希望增加');
  await form.input('#contact', '13912340000');
  await form.tap('#submit');

  const staff = await newStaff();
  const wx = installWx({ openid: staff });
  const home = await renderPage('staff/index/index');
  expect(home.text('#entry-feedback')).toMatch(/未读 \d+/);
  await home.tap('#entry-feedback');
  expect(wx.lastCall('navigateTo')).toEqual({ url: '/staff/feedback/feedback' });

  const inbox = await renderPage('staff/feedback/feedback');
  const item = inbox.data().items.find((i: any) => i.content === '自习室的插座太少了，希望增加');
  expect(item).toMatchObject({ read: false, contact: '139****0000' });
  expect(inbox.text(`#fb-${item.feedbackId}`)).toContain('未读');
  await inbox.tap(`#fb-${item.feedbackId}`);
  expect(inbox.text('#detail-contact')).toContain('13912340000');
  await inbox.input('#reply', '下周起每排桌子增加两个插座，感谢建议');
  await inbox.tap('#send');
  expect(wx.lastToast()).toBe('已回复读者');
  expect(inbox.text('#detail-status')).toContain('已回复');
  await inbox.tap('#close');
  expect(inbox.text('#detail-status')).toContain('已处理');

  installWx({ openid: patron });
  const messages = await renderPage('messages');
  expect(messages.text()).toContain('意见反馈有回复了');
  expect(messages.text()).toContain('下周起每排桌子增加两个插座');
});

test('an admin grants staff to an OPENID → its staff home opens → revoked → 仅限工作人员使用', async () => {
  const someone = uid('clerk');
  const wx = installWx({ openid: ADMIN });
  const roles = await renderPage('staff/roles/roles');
  await roles.input('#openid', someone);
  await roles.input('#note', '流通部 周老师');
  await roles.tap('#grant');
  expect(wx.lastToast()).toBe('已设为工作人员');
  const index = roles.data().holders.findIndex((h: any) => h.openid === someone);
  expect(roles.text(`#holder-${index}`)).toContain('流通部 周老师');

  installWx({ openid: someone });
  expect((await renderPage('staff/index/index')).has('#entry-scan')).toBe(true);

  const wx2 = installWx({ openid: ADMIN });
  const again = await renderPage('staff/roles/roles');
  wx2.script('showModal', { confirm: true });
  await again.tap(`#revoke-${again.data().holders.findIndex((h: any) => h.openid === someone)}-staff`);
  expect(wx2.lastToast()).toBe('已撤销');
  expect(again.data().holders.some((h: any) => h.openid === someone)).toBe(false);

  installWx({ openid: someone });
  expect((await renderPage('staff/index/index')).text()).toBe('仅限工作人员使用');
});

describe('积分规则 on a local cloud of its own (the change must not reach other tests)', () => {
  let cloud: CloudProcess;
  const admin = 'admin-rules-walk';
  const post = async (fn: string, openid: string, body: object) => (await httpJson('POST', `${cloud.url}/fn/${fn}`, body, { 'X-WX-OPENID': openid })).json;

  beforeAll(async () => {
    cloud = await startCloudProcess({ adminOpenids: [admin], workers: 2, env: { YUE_RULES_CACHE_MS: '0' } });
  });
  afterAll(() => cloud.close());

  test('an admin changes check-in points from 2 to 3 → the next check-in earns 3 and names the new version', async () => {
    const wx = installWx({ openid: admin, baseUrl: cloud.url });
    const editor = await renderPage('staff/rules/rules');
    expect(editor.text('#version')).toContain('当前为第 1 版');
    await editor.input('#rule-checkinPoints', '3');
    await editor.tap('#save');
    expect(wx.lastToast()).toBe('已生效：第 2 版');
    expect(editor.text('#history')).toContain('每日签到（积分）：2 → 3');

    const reader = { cardNo: 'RW000001', name: '规则读者', idNumber: withCheckChar('11010119900101123'), phone: '13700000001' };
    expect((await post('admin', admin, { action: 'importReaders', readers: [reader] })).ok).toBe(true);
    const patron = uid('p');
    await post('account', patron, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' });
    const { messages } = (await httpJson('GET', `${cloud.url}/dev/sms?phone=${reader.phone}`)).json;
    expect((await post('account', patron, { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code: messages[0].code })).ok).toBe(true);

    const pwx = installWx({ openid: patron, baseUrl: cloud.url });
    const checkin = await renderPage('checkin');
    await checkin.tap('#checkin');
    expect(pwx.lastToast()).toBe('+3 积分');
    const ledger = await post('points', patron, { action: 'ledger' });
    expect(ledger.data.entries.find((e: any) => e.reason === 'checkin')).toMatchObject({ delta: 3, rulesVersion: 2 });

    const rulesPage = await renderPage('rules');
    expect(rulesPage.text()).toContain('每天签到一次得 3 积分');
  });

  test('an admin adds, reorders and removes FAQ sections → the patron FAQ shows the change; blocked words are refused', async () => {
    const wx = installWx({ openid: admin, baseUrl: cloud.url });
    const editor = await renderPage('staff/content/content');
    const before = editor.data().sections.length;
    await editor.tap('#add');
    await editor.input(`#s-${before}-title`, '可以带饮料进馆吗？');
    await editor.input(`#s-${before}-body`, '可以携带有盖饮品，阅览区请勿饮食。');
    await editor.tap(`#s-${before}-up`);
    await editor.tap('#s-0-remove');
    await editor.tap('#save');
    expect(wx.lastToast()).toBe('已保存，读者即可看到');

    installWx({ openid: uid('p'), baseUrl: cloud.url });
    const faq = await renderPage('faq');
    expect(faq.text()).toContain('可以带饮料进馆吗？');
    expect(faq.data().sections).toHaveLength(before);
    expect(faq.data().sections[before - 2].title).toBe('可以带饮料进馆吗？');

    const wx2 = installWx({ openid: admin, baseUrl: cloud.url });
    const again = await renderPage('staff/content/content');
    await again.input('#s-0-body', '这里有赌博广告');
    await again.tap('#save');
    expect(wx2.lastToast()).toBe('内容含有不当信息，请修改后再提交');
    expect(JSON.stringify(await post('inbox', 'x', { action: 'content', key: 'faq' }))).not.toContain('赌博');
  });

  test('a patron cannot open the editor; bad numbers are refused before saving', async () => {
    expect((await post('admin', 'not-admin', { action: 'rulesHistory' })).error.code).toBe('FORBIDDEN');
    const wx = installWx({ openid: admin, baseUrl: cloud.url });
    const editor = await renderPage('staff/rules/rules');
    await editor.input('#rule-streakEvery', '-1');
    await editor.tap('#save');
    expect(wx.lastToast()).toContain('须为不小于 0 的整数');
    expect(wx.calls('callFunction').filter((c: any) => c.data?.action === 'setRules')).toHaveLength(0);
  });
});

test('读者名录: counts and a masked search by card number', async () => {
  installWx({ openid: ADMIN });
  const page = await renderPage('staff/readers/readers');
  expect(page.text('#total')).toMatch(/\d+/);
  await page.input('#card-no', '2023000101');
  await page.tap('#search');
  expect(page.text('#found')).toMatch(/[\u4e00-\u9fa5]\*/);
  expect(page.text('#found')).toContain('138****0001');
  await page.input('#card-no', 'NOSUCH99');
  await page.tap('#search');
  expect(page.has('#not-found')).toBe(true);
  expect((await call('admin', uid(), { action: 'readerStats' })).error?.code).toBe('FORBIDDEN');
});
