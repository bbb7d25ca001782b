// Patron events pages: list tabs and marks, detail reasons and sign-up choices, 我的活动,
// 志愿者注册; loading, empty and error states.
import { installWx, renderPage } from './harness';
import { ADMIN, bindCard, call, newPatron, newReader, ok, uid } from '../support/cloud';
import { formatDate } from '../../miniprogram/utils/time';

const START = '2031-07-10T14:00:00+08:00';
const END = '2031-07-10T16:00:00+08:00';
const DEADLINE = '2031-07-10T12:00:00+08:00';
const BEFORE = '2031-07-09T10:00:00+08:00';

async function newEvent(over: Record<string, unknown> = {}, now = BEFORE) {
  const { event } = await ok('admin', ADMIN, {
    action: 'upsertEvent', kind: 'reader', title: `读书会${uid('e')}`, place: '一楼大厅',
    startAt: START, endAt: END, signupDeadline: DEADLINE, capacity: 10, points: 8, ...over,
  }, { now });
  return event as { eventId: string; title: string; kind: string };
}

describe('活动列表', () => {
  test('tabs by kind; the volunteer tab links to registration; 已报名 marks my events', async () => {
    const reader = await newEvent();
    const volunteer = await newEvent({ kind: 'volunteer', title: `志愿服务${uid('v')}` });
    const patron = await newPatron();
    await ok('events', patron.openid, { action: 'signup', eventId: reader.eventId }, { now: BEFORE });
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage('events/list/list');
    expect(page.text(`#ev-${reader.eventId}`)).toContain('已报名');
    expect(page.text(`#ev-${reader.eventId}`)).toContain('8 积分 · 剩余 9/10 席');
    expect(page.text(`#ev-${reader.eventId}`)).toContain('7月10日 14:00–16:00 · 一楼大厅');
    expect(page.has(`#ev-${volunteer.eventId}`)).toBe(false);
    expect(page.has('#volunteer')).toBe(false);

    await page.tapText('志愿者活动');
    expect(page.has(`#ev-${reader.eventId}`)).toBe(false);
    expect(page.text(`#ev-${volunteer.eventId}`)).toContain(volunteer.title);
    expect(page.text(`#ev-${volunteer.eventId}`)).not.toContain('已报名');
    expect(wx.lastCall('setNavigationBarTitle')).toEqual({ title: '志愿者活动' });
    await page.tap('#volunteer');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/events/volunteer/volunteer' });
  });

  test('upcoming first: a sooner event is listed before a later one', async () => {
    const later = await newEvent({ startAt: '2031-07-20T14:00:00+08:00', endAt: '2031-07-20T16:00:00+08:00', signupDeadline: '2031-07-20T12:00:00+08:00' });
    const sooner = await newEvent();
    installWx({ openid: uid('p'), now: BEFORE });
    const page = await renderPage('events/list/list');
    const ids = page.data().rows.map((r: { eventId: string }) => r.eventId);
    expect(ids.indexOf(sooner.eventId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(sooner.eventId)).toBeLessThan(ids.indexOf(later.eventId));
  });

  test('a transport failure: error state, then 重新加载; pull-down refresh ends', async () => {
    const wx = installWx({ openid: uid('p'), now: BEFORE });
    wx.failNextCall('before');
    wx.script('showModal', { confirm: false });
    const page = await renderPage('events/list/list');
    expect(page.text()).toContain('网络异常，请稍后再试');
    await page.tapText('重新加载');
    expect(page.text()).not.toContain('网络异常');
    await page.pullDown();
    expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
  });

  test('no events of a kind: the empty state', async () => {
    // Far in the past: every event of the other tests has long ended and dropped off the list.
    installWx({ openid: uid('p'), now: '2041-01-01T10:00:00+08:00' });
    const page = await renderPage('events/list/list?kind=volunteer');
    expect(page.text()).toContain('暂无志愿者活动');
  });
});

describe('活动详情', () => {
  test('closed and cancelled events say why, with no sign-up button', async () => {
    const closed = await newEvent();
    const cancelled = await newEvent();
    await ok('admin', ADMIN, { action: 'upsertEvent', ...pick(cancelled), status: 'cancelled' }, { now: BEFORE });
    const patron = await newPatron();
    installWx({ openid: patron.openid, now: '2031-07-10T12:30:00+08:00' });
    const page = await renderPage(`events/detail/detail?eventId=${closed.eventId}`);
    expect(page.text('#refusal')).toBe('报名已截止');
    expect(page.text('#phase')).toBe('报名已截止');
    expect(page.has('#signup')).toBe(false);
    const gone = await renderPage(`events/detail/detail?eventId=${cancelled.eventId}`);
    expect(gone.text('#refusal')).toBe('活动已取消');
    expect(gone.has('#signup')).toBe(false);
  });

  test('family members: at most the rule’s number can be ticked; each takes a seat', async () => {
    const event = await newEvent();
    const patron = await newPatron();
    const { rules } = await ok('points', patron.openid, { action: 'rules' });
    const max: number = rules.maxMembersPerSignup;
    const members = [];
    for (let i = 0; i <= max; i++) members.push((await ok('account', patron.openid, { action: 'addMember', name: `成员${i}`, relation: '子女' })).member);
    installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
    expect(page.text('#form')).toContain(`最多 ${max} 人`);
    for (const m of members) await page.tap(`#m-${m.memberId}`);
    expect(page.data().picked).toHaveLength(max);
    await page.tap('#signup');
    expect(page.text('#mine')).toContain(`${max + 1} 个座位`);
    expect(page.text('#seats')).toContain(`${max + 1}/10 已报名`);
  });

  test('the card picker: another bound card signs up; the current card stays free', async () => {
    const event = await newEvent();
    const patron = await newPatron();
    const family = await newReader({ name: '韩雪' });
    await bindCard(patron.openid, family);
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
    expect(page.text('#card')).toContain(patron.cardNo.slice(-4)); // current card by default
    wx.script('showActionSheet', 1);
    await page.tap('#card');
    expect(page.text('#card')).toContain(family.cardNo.slice(-4));
    await page.tap('#signup');
    expect(page.text('#my-status')).toBe('已报名');
    const { event: after } = await ok('events', patron.openid, { action: 'detail', eventId: event.eventId }, { now: BEFORE });
    expect(after.mySignups.map((s: { cardNo: string }) => s.cardNo)).toEqual([family.cardNo]);
  });

  test('declining the confirmation or the reminder: nothing / a sign-up without reminder', async () => {
    const event = await newEvent();
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
    wx.script('showModal', { confirm: false });
    await page.tap('#signup');
    expect(wx.calls('callFunction').filter((c) => c.data.action === 'signup')).toHaveLength(0);
    wx.script('requestSubscribeMessage', 'reject');
    await page.tap('#signup');
    expect(page.text('#my-status')).toBe('已报名');
    const signup = wx.calls('callFunction').find((c) => c.data.action === 'signup');
    expect(signup.data.remind).toBe(false);
  });

  test('a double tap on 立即报名 signs up once (the button is busy while the first is on its way)', async () => {
    const event = await newEvent();
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
    await page.tap('#signup', { settle: false });
    expect(page.enabled('#signup')).toBe(false);
    await page.tap('#signup', { settle: false });
    await page.settle();
    expect(wx.calls('showModal')).toHaveLength(1);
    expect(wx.calls('callFunction').filter((c) => c.data.action === 'signup')).toHaveLength(1);
    expect(page.text('#my-status')).toBe('已报名');
    expect(page.text('#seats')).toContain('1/10 已报名');
  });

  test('the last seat goes meanwhile: EVENT_FULL offers the waitlist with its place', async () => {
    const event = await newEvent({ capacity: 1 });
    const [patron, quicker] = [await newPatron(), await newPatron()];
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
    expect(page.text('#signup')).toBe('立即报名');
    await ok('events', quicker.openid, { action: 'signup', eventId: event.eventId }, { now: BEFORE });
    wx.script('showModal', { confirm: true }, { confirm: true });
    await page.tap('#signup');
    expect(wx.lastCall('showModal').content).toContain('您将排在第 1 位');
    expect(page.text('#my-status')).toBe('候补第 1 位');
  });

  test('the patron cancels a waitlist place (放弃候补); an unknown event shows the error state', async () => {
    const event = await newEvent({ capacity: 1 });
    await ok('events', (await newPatron()).openid, { action: 'signup', eventId: event.eventId }, { now: BEFORE });
    const patron = await newPatron();
    await ok('events', patron.openid, { action: 'signup', eventId: event.eventId, waitlist: true }, { now: BEFORE });
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
    expect(page.text('#my-status')).toBe('候补第 1 位');
    expect(page.text('#cancel')).toBe('放弃候补');
    await page.tap('#cancel');
    expect(page.text('#my-status')).toBe('已取消');
    expect(page.text('#signup')).toBe('加入候补'); // may join again
    expect(wx.lastToast()).toBe('已取消报名');

    const missing = await renderPage('events/detail/detail?eventId=no-such-event');
    expect(missing.text()).toContain('活动不存在或已下线');
  });

  test('取消报名 is offered until the start (also after the sign-up deadline), not once the event has started', async () => {
    const event = await newEvent();
    const patron = await newPatron();
    await ok('events', patron.openid, { action: 'signup', eventId: event.eventId }, { now: BEFORE });
    const shown = async (now: string) => {
      installWx({ openid: patron.openid, now });
      const page = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
      expect(page.text('#my-status')).toBe('已报名');
      return page.has('#cancel') ? page.text('#cancel') : null;
    };
    expect(await shown(BEFORE)).toBe('取消报名');
    expect(await shown('2031-07-10T13:59:00+08:00')).toBe('取消报名'); // past the deadline, before the start
    expect(await shown('2031-07-10T14:01:00+08:00')).toBeNull(); // started
  });

  test('shows the loading state until the event arrives', async () => {
    const event = await newEvent();
    installWx({ openid: (await newPatron()).openid, now: BEFORE });
    const page = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
    page.instance.setData({ loaded: false });
    const pending = page.instance.load();
    expect(page.text()).toContain('加载中');
    expect(page.text()).not.toContain('立即报名');
    await pending;
    expect(page.text()).not.toContain('加载中');
    expect(page.text('#signup')).toBe('立即报名');
  });

  test('without a bound card: a bind prompt instead of the form', async () => {
    const event = await newEvent();
    const wx = installWx({ openid: uid('p'), now: BEFORE });
    const page = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
    expect(page.has('#signup')).toBe(false);
    await page.tap('#bind');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/pages/bind-card/bind-card' });
  });
});

describe('我的活动', () => {
  test('no sign-ups: the empty state links to the events', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage('events/mine/mine');
    expect(page.text('#empty')).toContain('还没有报名过活动');
    expect(page.text('#service-hours')).toBe('0');
    await page.tap('#go-events');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/events/list/list' });
  });

  test('each sign-up with status, seats, members; cancelled ones too', async () => {
    const [one, two] = [await newEvent(), await newEvent({ capacity: 1 })];
    const patron = await newPatron();
    const { member } = await ok('account', patron.openid, { action: 'addMember', name: '李小花', relation: '子女' });
    await ok('events', patron.openid, { action: 'signup', eventId: one.eventId, memberIds: [member.memberId] }, { now: BEFORE });
    await ok('events', (await newPatron()).openid, { action: 'signup', eventId: two.eventId }, { now: BEFORE });
    await ok('events', patron.openid, { action: 'signup', eventId: two.eventId, waitlist: true }, { now: BEFORE });
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage('events/mine/mine');
    const rows = page.data().rows as Array<{ eventId: string; signupId: string }>;
    const first = page.text(`#s-${rows.find((r) => r.eventId === one.eventId)!.signupId}`);
    expect(first).toContain('已报名');
    expect(first).toContain('2 个座位');
    expect(first).toContain('李小花（子女）');
    expect(page.text(`#s-${rows.find((r) => r.eventId === two.eventId)!.signupId}`)).toContain('候补第 1 位');

    await page.tap(`#s-${rows.find((r) => r.eventId === one.eventId)!.signupId}`);
    expect(wx.lastCall('navigateTo')).toEqual({ url: `/events/detail/detail?eventId=${one.eventId}` });

    await ok('events', patron.openid, { action: 'cancel', eventId: one.eventId }, { now: BEFORE });
    await page.pullDown();
    expect(page.text(`#s-${rows.find((r) => r.eventId === one.eventId)!.signupId}`)).toContain('已取消');
  });

  test('a transport failure: error state with retry', async () => {
    const wx = installWx({ openid: uid('p'), now: BEFORE });
    wx.failNextCall('before');
    wx.script('showModal', { confirm: false });
    const page = await renderPage('events/mine/mine');
    expect(page.text()).toContain('网络异常，请稍后再试');
    await page.tapText('重新加载');
    expect(page.text('#empty')).toContain('还没有报名过活动');
  });
});

describe('no-shows', () => {
  test('3 no-shows: 我的活动 shows 缺席; the list and the detail say until when sign-ups are blocked', async () => {
    // Years away from the other tests' events: the timer touches every event ended in the last 30 days.
    const patron = await newPatron();
    const days = ['2033-03-01', '2033-03-02', '2033-03-03'];
    const missed = [];
    for (const day of days) {
      const e = await newEvent({ startAt: `${day}T14:00:00+08:00`, endAt: `${day}T16:00:00+08:00`, signupDeadline: `${day}T12:00:00+08:00` }, '2033-02-27T10:00:00+08:00');
      await ok('events', patron.openid, { action: 'signup', eventId: e.eventId }, { now: '2033-02-27T10:00:00+08:00' });
      missed.push(e);
    }
    const later = await newEvent({ startAt: '2033-03-20T14:00:00+08:00', endAt: '2033-03-20T16:00:00+08:00', signupDeadline: '2033-03-20T12:00:00+08:00' }, '2033-02-27T10:00:00+08:00');
    const AFTER = '2033-03-04T03:00:00+08:00';
    const timer = await call('maintenance', '', { Type: 'Timer', TriggerName: 'daily-0300' }, { now: AFTER });
    expect(timer.ok).toBe(true);

    installWx({ openid: patron.openid, now: AFTER });
    const mine = await renderPage('events/mine/mine');
    for (const e of missed) {
      const row = mine.data().rows.find((r: { eventId: string }) => r.eventId === e.eventId);
      expect(mine.text(`#s-${row.signupId}`)).toContain('缺席');
    }
    const { signupBlockedUntil } = await ok('events', patron.openid, { action: 'list' }, { now: AFTER });
    expect(signupBlockedUntil).toBeTruthy();
    const until = formatDate(signupBlockedUntil);
    const list = await renderPage('events/list/list');
    expect(list.text('#blocked')).toBe(`因多次报名后缺席，${until} 前暂不能报名新的活动`);
    const detail = await renderPage(`events/detail/detail?eventId=${later.eventId}`);
    expect(detail.text('#blocked')).toBe(`因多次报名后缺席，${until} 前暂不能报名新的活动`);
    expect(detail.has('#signup')).toBe(false);
    const direct = await call('events', patron.openid, { action: 'signup', eventId: later.eventId }, { now: AFTER });
    expect(direct.error?.code).toBe('SIGNUP_BLOCKED');
  });
});

describe('志愿者注册', () => {
  test('the form checks its fields before sending; a rejection shows the reason', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage('events/volunteer/volunteer');
    expect(page.has('#status-box')).toBe(false);
    await page.tap('#submit');
    expect(page.text('#f-name')).toContain('请输入姓名');
    expect(page.text('#f-phone')).toContain('请输入11位手机号');
    expect(wx.calls('callFunction').filter((c) => c.data.action === 'registerVolunteer')).toHaveLength(0);

    await page.input('#f-name', '孙悟');
    await page.input('#f-phone', '13712345678');
    await page.tap('#submit');
    expect(page.text('#status')).toBe('审核中');
    expect(page.has('#form')).toBe(false);

    const { volunteer } = await ok('events', patron.openid, { action: 'volunteerStatus' });
    await ok('events', ADMIN, { action: 'reviewVolunteer', volunteerId: volunteer.volunteerId, approve: false, reason: '暂不需要更多志愿者' });
    await page.pullDown();
    expect(page.text('#status')).toBe('未通过');
    expect(page.text('#reason')).toBe('未通过原因：暂不需要更多志愿者');

    // A rejected registration may be submitted again.
    expect(page.text('#submit')).toBe('重新提交');
    await page.input('#f-name', '孙悟');
    await page.input('#f-phone', '13712345678');
    await page.input('#f-skills', '摄影');
    await page.tap('#submit');
    expect(page.text('#status')).toBe('审核中');
    expect(page.has('#form')).toBe(false);
  });

  test('control characters in a field are refused by the function', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: BEFORE });
    const page = await renderPage('events/volunteer/volunteer');
    await page.input('#f-name', '孙\u0000悟');
    await page.input('#f-phone', '13712345678');
    await page.tap('#submit');
    expect(wx.lastToast()).toBe('输入有误，请检查后重试');
    expect(page.text('#f-name')).toContain('姓名含有不支持的字符');
    expect(page.has('#form')).toBe(true);
    expect((await ok('events', patron.openid, { action: 'volunteerStatus' })).status).toBe('none');
  });
});

/** The fields upsertEvent needs to change an existing event. */
function pick(e: any) {
  const { eventId, kind, title, description, place, startAt, endAt, signupDeadline, capacity, points } = e;
  return { eventId, kind, title, description, place, startAt, endAt, signupDeadline, capacity, points };
}
