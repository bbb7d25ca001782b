// The staff and admin console: feedback replies, the rules editor, roles — through the real functions.
import { installWx, renderPage, type PageDriver } from './harness';
import { ADMIN, call, ok, storedDocs, uid } from '../support/cloud';
import { startCloudProcess, type CloudProcess } from '../support/cloud-process';
import { makeStaff } from '../rewards/helpers';
import { httpJson } from '../../server/util/http-json';
import { withCheckChar } from '../../server/util/idcard';

const ADMIN_PAGES = ['staff/rules/rules', 'staff/content/content', 'staff/roles/roles', 'staff/readers/readers'];
/** The audit log's reveals of one feedback's contact. */
const contactReveals = async (feedbackId: string) => (await storedDocs('audit_log')).filter((d: any) => d.ref === feedbackId);
const actions = (calls: Array<{ data?: { action?: string } }>) => calls.map((c) => c.data?.action);

/** The number a van-cell or entry shows after its title (e.g. 全部读者 1234 → 1234). */
const figure = (page: PageDriver, selector: string, pattern = /(\d+)\s*$/) => Number(page.text(selector).match(pattern)?.[1]);

/** While other test files write too, the page's figure lies between the answers read around it. */
function expectBetween(shown: number, before: number, after: number): void {
  expect(shown).toBeGreaterThanOrEqual(Math.min(before, after));
  expect(shown).toBeLessThanOrEqual(Math.max(before, after));
}

test('a patron sends feedback → staff see it unread → reply → the patron reads the reply in 我的消息', async () => {
  const patron = uid('p');
  installWx({ openid: patron });
  const form = await renderPage('feedback');
  await form.input('#content', '自习室的插座太少了，希望增加');
  await form.input('#contact', '13912340000');
  await form.tap('#submit');

  const staff = await makeStaff();
  const wx = installWx({ openid: staff });
  const unread = async () => (await ok('admin', staff, { action: 'consoleSummary' })).feedbackUnread as number;
  const before = await unread();
  expect(before).toBeGreaterThanOrEqual(1); // the feedback just sent is unread
  const home = await renderPage('staff/index/index');
  expectBetween(figure(home, '#entry-feedback', /未读 (\d+)/), before, await unread());
  await home.tap('#entry-feedback');
  expect(wx.lastCall('navigateTo')).toEqual({ url: '/staff/feedback/feedback' });

  const inbox = await renderPage('staff/feedback/feedback');
  const item = inbox.data().items.find((i: any) => i.content === '自习室的插座太少了，希望增加');
  expect(item).toMatchObject({ read: false, contact: '139****0000' });
  expect(inbox.text(`#fb-${item.feedbackId}`)).toContain('未读');
  await inbox.tap(`#fb-${item.feedbackId}`);
  // Masked on opening; 显示完整 shows it in full and logs who looked, and when.
  expect(inbox.text('#detail-contact')).toContain('139****0000');
  expect(inbox.text('#detail-contact')).not.toContain('13912340000');
  expect(await contactReveals(item.feedbackId)).toEqual([]);
  await inbox.tap('#reveal-contact');
  expect(inbox.text('#detail-contact')).toContain('13912340000');
  expect(inbox.has('#reveal-contact')).toBe(false);
  expect(await contactReveals(item.feedbackId)).toEqual([expect.objectContaining({ kind: 'feedback_contact', by: staff, at: expect.anything() })]);
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
  const tail = `***${someone.slice(-6)}`;
  const index = roles.data().holders.findIndex((h: any) => h.openidTail === tail);
  expect(roles.text(`#holder-${index}`)).toContain('流通部 周老师');
  // No full OPENID reaches the page: not in its data, not on the screen.
  expect(JSON.stringify(roles.data().holders)).not.toContain(someone);
  expect(roles.text()).not.toContain(someone);

  installWx({ openid: someone });
  expect((await renderPage('staff/index/index')).has('#entry-scan')).toBe(true);

  const wx2 = installWx({ openid: ADMIN });
  const again = await renderPage('staff/roles/roles');
  wx2.script('showModal', { confirm: true });
  await again.tap(`#revoke-${again.data().holders.findIndex((h: any) => h.openidTail === tail)}-staff`);
  expect(wx2.lastToast()).toBe('已撤销');
  expect(again.data().holders.some((h: any) => h.openidTail === tail)).toBe(false);

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
  const stats = async () => (await ok('admin', ADMIN, { action: 'readerStats' })) as { total: number; bound: number };
  const before = await stats();
  const page = await renderPage('staff/readers/readers');
  const after = await stats();
  expect(before.total).toBeGreaterThan(0);
  expectBetween(figure(page, '#total'), before.total, after.total);
  expectBetween(figure(page, '#bound'), before.bound, after.bound);
  await page.input('#card-no', '2023000101');
  await page.tap('#search');
  expect(page.text('#found')).toMatch(/[\u4e00-\u9fa5]\*/);
  expect(page.text('#found')).toContain('138****0001');
  await page.input('#card-no', 'NOSUCH99');
  await page.tap('#search');
  expect(page.has('#not-found')).toBe(true);
  expect((await call('admin', uid(), { action: 'readerStats' })).error?.code).toBe('FORBIDDEN');
});

describe('who may open the console pages', () => {
  test('a patron sees 仅限…使用 on every console page: one call each, its own role-gated action (FORBIDDEN); pull-down asks it again', async () => {
    const wx = installWx({ openid: uid('p') });
    for (const p of ADMIN_PAGES) expect((await renderPage(p)).text()).toBe('仅限管理员使用');
    const inbox = await renderPage('staff/feedback/feedback');
    expect(inbox.text()).toBe('仅限工作人员使用');
    expect(actions(wx.calls('callFunction'))).toEqual(['rulesEditor', 'contentEditor', 'listRoles', 'readerStats', 'feedbackList']);
    expect(wx.calls('showToast')).toHaveLength(0);
    await inbox.pullDown();
    expect(actions(wx.calls('callFunction')).at(-1)).toBe('feedbackList');
    expect(inbox.text()).toBe('仅限工作人员使用');
  });

  test('staff open 意见反馈 but not the admin pages (常见问题编辑 shows no editor)', async () => {
    installWx({ openid: await makeStaff() });
    for (const p of ADMIN_PAGES) {
      const page = await renderPage(p);
      expect(page.text()).toBe('仅限管理员使用');
      expect(page.has('#save')).toBe(false);
    }
    const inbox = await renderPage('staff/feedback/feedback');
    expect(inbox.text('#unread')).toMatch(/未读 \d+ 条/);
  });
});

describe('意见反馈: more rows at the bottom', () => {
  beforeAll(async () => {
    // More than one page (20) of unread feedback, one writer each (a daily cap per writer).
    await Promise.all(Array.from({ length: 21 }, (_, i) => ok('inbox', uid('fbw'), { action: 'feedback', content: `第${i + 1}条意见：阅览室灯光偏暗` })));
  });

  const moreCalls = (calls: Array<{ data?: { action?: string; cursor?: string } }>) =>
    calls.filter((c) => c.data?.action === 'feedbackList' && c.data.cursor).length;

  test('reaching the bottom twice while the next page loads asks once; no row twice', async () => {
    const wx = installWx({ openid: await makeStaff() });
    const page = await renderPage('staff/feedback/feedback');
    expect(page.data().cursor).toBeTruthy();
    page.instance.onReachBottom();
    page.instance.onReachBottom();
    await page.settle();
    expect(moreCalls(wx.calls('callFunction'))).toBe(1);
    const ids: string[] = page.data().items.map((i: { feedbackId: string }) => i.feedbackId);
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a next page that arrives after another tab was picked is dropped', async () => {
    const wx = installWx({ openid: await makeStaff() });
    const page = await renderPage('staff/feedback/feedback');
    // Hold the answer of the next-page call until the other tab is shown.
    const g = globalThis as unknown as { wx: { cloud: { callFunction: (o: { data?: { cursor?: string } }) => Promise<unknown> } } };
    const send = g.wx.cloud.callFunction;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    g.wx.cloud.callFunction = (o) => (o.data?.cursor ? send(o).then(async (r) => { await gate; return r; }) : send(o));
    page.instance.onReachBottom();
    await page.tapText('已回复');
    release();
    await page.settle();
    expect(moreCalls(wx.calls('callFunction'))).toBe(1);
    expect(page.data().status).toBe('replied');
    expect(page.data().items.filter((i: { status: string }) => i.status !== 'replied')).toEqual([]);
  });

  test('a failed next page offers 加载失败，点击重试', async () => {
    const wx = installWx({ openid: await makeStaff() });
    const page = await renderPage('staff/feedback/feedback');
    const first = page.data().items.length;
    wx.script('showModal', { confirm: false }); // decline the network retry prompt
    wx.failNextCall('before');
    await page.reachBottom();
    expect(page.text('#more-retry')).toBe('加载失败，点击重试');
    expect(page.data().items).toHaveLength(first);
    await page.tap('#more-retry');
    expect(page.has('#more-retry')).toBe(false);
    expect(page.data().items.length).toBeGreaterThan(first);
  });
});

describe('积分规则 editor on the shared cloud (reads only)', () => {
  test('back on the page: unsaved edits stay, only the history is read again; its failure stays in its section', async () => {
    const wx = installWx({ openid: ADMIN });
    const editor = await renderPage('staff/rules/rules');
    await editor.input('#rule-checkinPoints', '9');
    await editor.input('#pickup-place', '二楼服务台（测试）');
    const seen = wx.calls('callFunction').length;
    wx.failNextCall('before');
    await editor.show();
    expect(actions(wx.calls('callFunction').slice(seen))).toEqual(['rulesHistory']);
    expect(editor.data().fields.find((f: { key: string }) => f.key === 'checkinPoints').value).toBe('9');
    expect(editor.data().pickupPlace).toBe('二楼服务台（测试）');
    expect(editor.data().error).toBe('');
    expect(editor.has('#save')).toBe(true);
    expect(editor.text('#history')).toContain('点击重试');
    await editor.tap('#history-retry');
    expect(editor.has('#history-error')).toBe(false);
  });

  test('the rules and their history come in one call (admin.rulesEditor)', async () => {
    const wx = installWx({ openid: ADMIN });
    const editor = await renderPage('staff/rules/rules');
    expect(actions(wx.calls('callFunction'))).toEqual(['rulesEditor']);
    expect(editor.data().fields.length).toBeGreaterThan(0);
    expect(editor.data().historyError).toBe('');
    expect(Array.isArray(editor.data().history)).toBe(true);
  });
});
