// One cloud call per page load (issue: every callFunction is a round trip and an invocation the
// library pays for): patron pages with an action shaped for them, staff pages without a separate
// role check (their role-gated data action answers FORBIDDEN → 仅限…), returns and pull-downs.
import { installWx, renderPage, type WxHarness } from './harness';
import { ADMIN, bindCard, newPatron, newReader, ok, uid } from '../support/cloud';
import { makeStaff } from '../rewards/helpers';
import { startCloudProcess, type CloudProcess } from '../support/cloud-process';

const BEFORE = '2031-09-09T10:00:00+08:00';

/** function.action of every cloud call since `from`. */
const called = (wx: WxHarness, from = 0) => wx.calls<{ name: string; data?: { action?: string } }>('callFunction').slice(from).map((c) => `${c.name}.${c.data?.action}`);

async function newEvent(kind: 'reader' | 'volunteer') {
  const { event } = await ok('admin', ADMIN, {
    action: 'upsertEvent', kind, title: `活动${uid('e')}`, place: '报告厅', capacity: 10, points: 5,
    startAt: '2031-09-10T14:00:00+08:00', endAt: '2031-09-10T16:00:00+08:00', signupDeadline: '2031-09-10T12:00:00+08:00',
  }, { now: BEFORE });
  return event.eventId as string;
}

describe('patron pages load with one call', () => {
  test('首页: points.home; back on the tab and pull-down: one call each', async () => {
    const { openid } = await newPatron();
    const wx = installWx({ openid, now: BEFORE });
    const page = await renderPage('home');
    expect(wx.calls('showModal')).toEqual([]); // no retry prompt (a retry would be a second call)
    expect(called(wx)).toEqual(['points.home']);
    expect(page.text('#balance')).toBe('50');
    await page.show();
    expect(called(wx)).toEqual(['points.home', 'points.home']);
    await page.pullDown();
    expect(called(wx)).toEqual(['points.home', 'points.home', 'points.home']);
  });

  test('首页 of a staff member: the staff entry comes with the same call', async () => {
    const staff = await makeStaff();
    const wx = installWx({ openid: staff, now: BEFORE });
    const page = await renderPage('home');
    expect(called(wx)).toEqual(['points.home']);
    expect(page.text()).toContain('工作人员入口');
  });

  test('我的: account.center brings the cards and the unread count', async () => {
    const { openid } = await newPatron();
    const wx = installWx({ openid, now: BEFORE });
    const page = await renderPage('mine');
    expect(called(wx)).toEqual(['account.center']);
    expect(page.data().cards).toHaveLength(1);
    expect(typeof page.data().unread).toBe('number');
  });

  test('我的: switching the current card is one call (the page already has the cards)', async () => {
    const { openid } = await newPatron();
    const second = await newReader();
    await bindCard(openid, second);
    const wx = installWx({ openid, now: BEFORE });
    const page = await renderPage('mine');
    const other = second.cardNo;
    await page.tap('#switch');
    await page.tapText(`${'*'.repeat(other.length - 4)}${other.slice(-4)} `);
    expect(called(wx)).toEqual(['account.center', 'account.setCurrentCard']);
    expect(page.data().current.cardNo).toBe(other);
    expect((await ok('account', openid, { action: 'profile' })).cards.find((c: { current: boolean }) => c.current).cardNo).toBe(other);
  });

  test('我的证件: 设为当前 is one call (the page already has the cards)', async () => {
    const { openid, cardNo } = await newPatron();
    const second = await newReader();
    await bindCard(openid, second);
    const wx = installWx({ openid, now: BEFORE });
    const page = await renderPage('cards');
    await page.tap(`#set-${second.cardNo}`);
    expect(called(wx)).toEqual(['account.profile', 'account.setCurrentCard']);
    expect(page.has(`#current-${second.cardNo}`)).toBe(true);
    expect(page.has(`#current-${cardNo}`)).toBe(false);
    expect((await ok('account', openid, { action: 'profile' })).cards.find((c: { current: boolean }) => c.current).cardNo).toBe(second.cardNo);
  });

  test('我的证件: 解绑 is one call (the answer brings the cards after it; the server picks the current one)', async () => {
    const { openid, cardNo } = await newPatron();
    const second = await newReader();
    await bindCard(openid, second);
    const wx = installWx({ openid, now: BEFORE });
    const page = await renderPage('cards');
    expect(page.has(`#current-${cardNo}`)).toBe(true);
    wx.script('showModal', { confirm: true });
    await page.tap(`#unbind-${cardNo}`);
    expect(called(wx)).toEqual(['account.profile', 'account.unbindCard']);
    expect(page.has(`#unbind-${cardNo}`)).toBe(false);
    expect(page.has(`#current-${second.cardNo}`)).toBe(true);
    expect(page.data().cards).toEqual((await ok('account', openid, { action: 'profile' })).cards.map((c: { cardNo: string }) => expect.objectContaining(c)));
  });

  test('积分规则: inbox.rulesText brings both texts and the version', async () => {
    const wx = installWx({ openid: uid('p'), now: BEFORE });
    const page = await renderPage('rules');
    expect(called(wx)).toEqual(['inbox.rulesText']);
    expect(page.data().version).toBeGreaterThanOrEqual(1);
    expect(page.data().sections.length).toBeGreaterThan(0);
    expect(page.data().pickup.length).toBeGreaterThan(0);
  });

  test('活动详情: events.detailPage, for a reader and a volunteer event', async () => {
    const { openid } = await newPatron();
    const wx = installWx({ openid, now: BEFORE });
    const reader = await renderPage(`/events/detail/detail?eventId=${await newEvent('reader')}`);
    expect(called(wx)).toEqual(['events.detailPage']);
    expect(reader.data().cards).toHaveLength(1);
    expect(reader.data().maxMembers).toBeGreaterThanOrEqual(0);
    const volunteer = await renderPage(`/events/detail/detail?eventId=${await newEvent('volunteer')}`);
    expect(called(wx, 1)).toEqual(['events.detailPage']);
    expect(volunteer.data().notVolunteer).not.toBe('');
  });
});

describe('patron taps are one call', () => {
  test('活动详情 取消报名: the answer carries the event after the cancel (no re-read)', async () => {
    const eventId = await newEvent('reader');
    const { openid } = await newPatron();
    await ok('events', openid, { action: 'signup', eventId }, { now: BEFORE });
    const wx = installWx({ openid, now: BEFORE });
    const page = await renderPage(`/events/detail/detail?eventId=${eventId}`);
    expect(page.text('#seats')).toContain('1/10 已报名');
    wx.script('showModal', { confirm: true });
    await page.tap('#cancel');
    expect(called(wx)).toEqual(['events.detailPage', 'events.cancel']);
    expect(page.text('#my-status')).toBe('已取消');
    expect(page.text('#seats')).toContain('0/10 已报名');
    expect(page.text('#signup')).toBe('立即报名');
  });

  test('我的消息 全部已读: one call (every listed message is read; the count is the answer\'s)', async () => {
    const { openid } = await newPatron(); // 50 points: two prizes handed over → two unread messages
    for (const name of ['帆布袋', '书签']) {
      const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name: `${name}${uid('').slice(-4)}`, cost: 10, stock: 5 });
      const { redemption } = await ok('rewards', openid, { action: 'redeem', prizeId: prize.prizeId, requestId: uid('req') });
      await ok('rewards', ADMIN, { action: 'fulfil', code: redemption.code });
    }
    const wx = installWx({ openid, now: BEFORE });
    const page = await renderPage('messages');
    expect(page.text('#unread')).toBe('未读消息 2 条');
    await page.tap('#read-all');
    expect(called(wx)).toEqual(['inbox.messages', 'inbox.markRead']);
    expect(page.text('#unread')).toBe('没有未读消息');
    expect(page.root.querySelectorAll('.dot')).toHaveLength(0);
    expect((await ok('inbox', openid, { action: 'messages' })).unread).toBe(0);
  });

  test('活动详情 扫码签到: one call (the answer carries the sign-up; the page shows 已签到)', async () => {
    const eventId = await newEvent('reader');
    const { openid } = await newPatron();
    await ok('events', openid, { action: 'signup', eventId }, { now: BEFORE });
    const during = '2031-09-10T14:10:00+08:00';
    const { token } = await ok('events', ADMIN, { action: 'attendanceToken', eventId }, { now: during });
    const wx = installWx({ openid, now: during });
    const page = await renderPage(`/events/detail/detail?eventId=${eventId}`);
    expect(page.text('#my-status')).toBe('已报名');
    wx.script('scanCode', token);
    await page.tap('#scan');
    expect(called(wx)).toEqual(['events.detailPage', 'events.attend']);
    expect(page.text('#result')).toContain('签到成功，获得 5 积分');
    expect(page.text('#my-status')).toBe('已签到');
  });
});

const STAFF_PAGES: [string, string][] = [
  ['staff/index/index', 'admin.consoleSummary'],
  ['staff/volunteers/volunteers', 'events.volunteerQueue'],
  ['staff/recommendations/recommendations', 'books.recommendationQueue'],
  ['staff/feedback/feedback', 'inbox.feedbackList'],
  ['staff/roster/roster', 'events.listAll'],
  ['staff/service/service', 'events.listAll'],
  ['staff/event-qr/event-qr', 'events.listAll'],
];
const ADMIN_PAGES: [string, string][] = [
  ['staff/prizes/prizes', 'admin.listPrizes'],
  ['staff/events/events', 'events.listAll'],
  ['staff/rules/rules', 'admin.rulesEditor'],
  ['staff/content/content', 'admin.contentEditor'],
  ['staff/roles/roles', 'admin.listRoles'],
  ['staff/readers/readers', 'admin.readerStats'],
];

describe('staff pages: the data action is the role check', () => {
  test.each([...STAFF_PAGES, ...ADMIN_PAGES])('%s as admin: one call (%s), no 仅限', async (route, action) => {
    const wx = installWx({ openid: ADMIN, now: BEFORE });
    const page = await renderPage(route);
    expect(called(wx)).toEqual([action]);
    expect(page.text()).not.toContain('仅限');
    expect(page.has('#denied')).toBe(false);
  });

  test.each([...STAFF_PAGES, ...ADMIN_PAGES])('%s as a patron: one call (%s) answers FORBIDDEN → 仅限…, no toast', async (route, action) => {
    const wx = installWx({ openid: uid('p'), now: BEFORE });
    const page = await renderPage(route);
    expect(called(wx)).toEqual([action]);
    expect(page.text()).toContain(ADMIN_PAGES.some(([r]) => r === route) ? '仅限管理员使用' : '仅限工作人员使用');
    expect(wx.calls('showToast')).toHaveLength(0);
  });

  test.each(ADMIN_PAGES)('%s as staff (not admin): one call, 仅限管理员使用', async (route, action) => {
    const wx = installWx({ openid: await makeStaff(), now: BEFORE });
    const page = await renderPage(route);
    expect(called(wx)).toEqual([action]);
    expect(page.text()).toContain('仅限管理员使用');
  });

  test.each([
    ['staff/roster/roster', 'events.roster'],
    ['staff/service/service', 'events.roster'],
    ['staff/event-qr/event-qr', 'events.attendanceToken'],
  ])('%s?eventId=: only that event (%s); the list is read on 选择其他活动', async (route, action) => {
    const eventId = await newEvent('reader');
    const wx = installWx({ openid: ADMIN, now: BEFORE });
    const page = await renderPage(`${route}?eventId=${eventId}`);
    expect(called(wx)).toEqual([action]);
    expect(page.has('#denied')).toBe(false);
    await page.tap('#back');
    expect(called(wx, 1)).toEqual(['events.listAll']);
    await page.waitFor(() => page.data().listed === true);
  });

  test('an opened event as a patron: the one call answers FORBIDDEN → 仅限工作人员使用', async () => {
    const eventId = await newEvent('reader');
    const wx = installWx({ openid: uid('p'), now: BEFORE });
    const page = await renderPage(`staff/roster/roster?eventId=${eventId}`);
    expect(called(wx)).toEqual(['events.roster']);
    expect(page.text()).toContain('仅限工作人员使用');
  });

  test('荐购审核: a decision is one call (the book leaves the list without a re-read)', async () => {
    const isbn = '9787508647357'; // a demo catalogue book, not held, no other test recommends it
    const { openid } = await newPatron();
    await ok('books', openid, { action: 'recommend', isbn, reason: '想读', requestId: uid('req') });
    const wx = installWx({ openid: await makeStaff(), now: BEFORE });
    const page = await renderPage('staff/recommendations/recommendations');
    expect(page.has(`#q-${isbn}`)).toBe(true);
    await page.tap(`#next-${isbn}`);
    expect(called(wx)).toEqual(['books.recommendationQueue', 'books.reviewRecommendation']);
    expect(page.has(`#q-${isbn}`)).toBe(false);
  });

  test('报名名单 手动签到: one call (the answer is the line; 已签到 counts it)', async () => {
    const eventId = await newEvent('reader');
    const { openid } = await newPatron();
    await ok('events', openid, { action: 'signup', eventId }, { now: BEFORE });
    const wx = installWx({ openid: await makeStaff(), now: '2031-09-10T14:30:00+08:00' });
    const page = await renderPage(`staff/roster/roster?eventId=${eventId}`);
    const signupId: string = page.data().rows[0].signupId;
    expect(page.text('#summary')).toContain('已签到 0 人');
    wx.script('showModal', { confirm: true });
    await page.tap(`#checkin-${signupId}`);
    expect(called(wx)).toEqual(['events.roster', 'events.manualAttend']);
    expect(page.text(`#r-${signupId}`)).toContain('已签到');
    expect(page.has(`#checkin-${signupId}`)).toBe(false);
    expect(page.text('#summary')).toContain('已签到 1 人');
  });

  test('确认服务: one call (the answer is the line)', async () => {
    const eventId = await newEvent('volunteer');
    const { openid } = await newPatron();
    await ok('events', openid, { action: 'registerVolunteer', name: '钱一次', phone: '13611113333' });
    const { volunteer } = await ok('events', openid, { action: 'volunteerStatus' });
    await ok('events', ADMIN, { action: 'reviewVolunteer', volunteerId: volunteer.volunteerId, approve: true });
    await ok('events', openid, { action: 'signup', eventId }, { now: BEFORE });
    const wx = installWx({ openid: await makeStaff(), now: '2031-09-10T17:00:00+08:00' });
    const page = await renderPage(`staff/service/service?eventId=${eventId}`);
    const signupId: string = page.data().rows[0].signupId;
    wx.script('showModal', { confirm: true });
    await page.tap(`#confirm-${signupId}`);
    expect(called(wx)).toEqual(['events.roster', 'events.confirmService']);
    expect(page.text(`#r-${signupId}`)).toContain('服务 2 小时 · 已发放 5 积分');
    expect(page.has(`#confirm-${signupId}`)).toBe(false);
  });

  test('奖品管理 save: one call (the answer brings the list in the server\'s order)', async () => {
    const wx = installWx({ openid: ADMIN, now: BEFORE });
    const page = await renderPage('staff/prizes/prizes');
    await page.tap('#create');
    const name = `一次奖品${uid('n')}`;
    await page.input('#f-name', name);
    await page.input('#f-cost', '36');
    await page.input('#f-stock', '7');
    await page.tap('#save');
    expect(called(wx)).toEqual(['admin.listPrizes', 'admin.upsertPrize']);
    expect(page.has('#form')).toBe(false);
    expect(page.data().prizes.find((p: { name: string }) => p.name === name)).toMatchObject({ cost: 36, stock: 7, active: true });
  });

  test('活动管理 save: one call (the answer brings the list)', async () => {
    const eventId = await newEvent('reader');
    const wx = installWx({ openid: ADMIN, now: BEFORE });
    const page = await renderPage('staff/events/events');
    await page.tap(`#e-${eventId}`);
    const title = `改名活动${uid('t')}`;
    await page.input('#f-title', title);
    await page.tap('#save');
    expect(called(wx)).toEqual(['events.listAll', 'admin.upsertEvent']);
    expect(page.has('#form')).toBe(false);
    expect(page.text(`#e-${eventId}`)).toContain(title);
  });

  test('角色管理 grant and revoke: one call each (the answer brings the list as listRoles shows it; no OPENID)', async () => {
    const someone = uid('clerk');
    const tail = `***${someone.slice(-6)}`;
    const wx = installWx({ openid: ADMIN, now: BEFORE });
    const page = await renderPage('staff/roles/roles');
    await page.input('#openid', someone);
    await page.tap('#grant');
    expect(called(wx)).toEqual(['admin.listRoles', 'admin.grantRole']);
    const index = page.data().holders.findIndex((h: { openidTail: string }) => h.openidTail === tail);
    expect(page.data().holders[index].roles).toEqual(['staff']);
    // The line is listRoles' own (other tests may grant roles meanwhile: compare this holder's line).
    const listed = (await ok('admin', ADMIN, { action: 'listRoles' })).roles;
    expect(page.data().holders[index]).toEqual(listed.find((h: { openidTail: string }) => h.openidTail === tail));
    expect(page.data().holders[0]).toEqual(listed[0]);
    expect(JSON.stringify(page.data().holders)).not.toContain(someone);
    wx.script('showModal', { confirm: true });
    await page.tap(`#revoke-${index}-staff`);
    expect(called(wx)).toEqual(['admin.listRoles', 'admin.grantRole', 'admin.revokeRole']);
    expect(page.data().holders.some((h: { openidTail: string }) => h.openidTail === tail)).toBe(false);
    expect(page.data().holders[0]).toEqual((await ok('admin', ADMIN, { action: 'listRoles' })).roles[0]);
  });

  test('工作台: back on the page and pull-down read the counts once each; the admin entries come from the same answer', async () => {
    const wx = installWx({ openid: ADMIN, now: BEFORE });
    const page = await renderPage('staff/index/index');
    expect(page.has('#entry-prizes')).toBe(true);
    await page.show();
    await page.pullDown();
    expect(called(wx)).toEqual(['admin.consoleSummary', 'admin.consoleSummary', 'admin.consoleSummary']);
    installWx({ openid: await makeStaff(), now: BEFORE });
    const staffPage = await renderPage('staff/index/index');
    expect(staffPage.has('#entry-scan')).toBe(true);
    expect(staffPage.has('#entry-prizes')).toBe(false);
  });
});

describe('a retried tap (same requestId) answers what the page needs, as the first answer', () => {
  test('account.unbindCard, admin.grantRole/revokeRole, inbox.markRead', async () => {
    const { openid, cardNo } = await newPatron();
    const second = await newReader();
    await bindCard(openid, second);
    const unbind = { action: 'unbindCard', cardNo, requestId: uid('req') };
    const first = await ok('account', openid, unbind);
    expect(first.cards.map((c: { cardNo: string; current: boolean }) => [c.cardNo, c.current])).toEqual([[second.cardNo, true]]);
    expect(await ok('account', openid, unbind)).toEqual(first);

    const someone = uid('clerk');
    for (const input of [{ action: 'grantRole', openid: someone, role: 'staff' }, { action: 'revokeRole', openid: someone, role: 'staff' }]) {
      const once = { ...input, requestId: uid('req') };
      const answer = await ok('admin', ADMIN, once);
      expect(answer.holders.length).toBeGreaterThan(0);
      expect(await ok('admin', ADMIN, once)).toEqual(answer);
    }

    const read = { action: 'markRead', ids: ['none-of-mine'], requestId: uid('req') };
    const marked = await ok('inbox', openid, read);
    expect(marked).toEqual({ updated: 0, unread: 0 });
    expect(await ok('inbox', openid, read)).toEqual(marked);
  });
});

describe('积分规则 (admin) 保存 on a local cloud of its own (the change must not reach other tests)', () => {
  let cloud: CloudProcess;
  const admin = 'admin-onecall-rules';
  beforeAll(async () => {
    cloud = await startCloudProcess({ adminOpenids: [admin], workers: 1, env: { YUE_RULES_CACHE_MS: '0' } });
  });
  afterAll(() => cloud.close());

  test('one call: the answer brings the rules in force and the history (no re-read)', async () => {
    const wx = installWx({ openid: admin, baseUrl: cloud.url });
    const editor = await renderPage('staff/rules/rules');
    expect(editor.text('#version')).toContain('当前为第 1 版');
    await editor.input('#rule-checkinPoints', '4');
    await editor.tap('#save');
    expect(called(wx)).toEqual(['admin.rulesEditor', 'admin.setRules']);
    expect(wx.lastToast()).toBe('已生效：第 2 版');
    expect(editor.text('#version')).toContain('当前为第 2 版');
    expect(editor.text('#history')).toContain('每日签到（积分）：2 → 4');
    expect(editor.data().fields.find((f: { key: string }) => f.key === 'checkinPoints').value).toBe('4');
  });
});
