// The walks of issue 9 through the real functions: an admin creates an event on 活动管理, three
// patrons sign up (one with a family member, the last on the waitlist), the first cancels, the
// waitlisted one is promoted and messaged, scans the staff screen's QR and earns the points once;
// and a volunteer registers, is approved, serves and sees points and hours.
import { installWx, renderPage } from './harness';
import { decodeQr } from './qr';
import { ADMIN, call, newPatron, ok, uid } from '../support/cloud';
import { makeStaff } from '../rewards/helpers';

const START = '2031-06-10T14:00:00+08:00';
const END = '2031-06-10T16:00:00+08:00';
const DEADLINE = '2031-06-10T12:00:00+08:00';
const BEFORE = '2031-06-09T10:00:00+08:00'; // sign-up time
const DURING = '2031-06-10T14:10:00+08:00'; // inside the check-in window

const balanceOf = async (openid: string, now: string) => (await ok('points', openid, { action: 'summary' }, { now })).balance as number;

test('create → sign up with a member → last seat → waitlist → cancel promotes → QR scan awards once → 已签到', async () => {
  const title = `亲子读书会${uid('e')}`;
  const [first, second, third] = [await newPatron(), await newPatron(), await newPatron()];
  const staff = await makeStaff();
  const { member } = await ok('account', first.openid, { action: 'addMember', name: '王小明', relation: '子女' });

  // The admin creates the event on 活动管理: 3 seats, 15 points.
  const wx = installWx({ openid: ADMIN, now: BEFORE });
  const admin = await renderPage('staff/events/events');
  await admin.tap('#create');
  await admin.input('#f-title', title);
  await admin.input('#f-place', '三楼报告厅');
  await admin.input('#f-capacity', '3');
  await admin.input('#f-points', '15');
  await admin.input('#f-description', '和孩子一起读绘本');
  for (const [field, at] of [['startAt', START], ['endAt', END], ['signupDeadline', DEADLINE]]) {
    await admin.tap(`#f-${field}`);
    await admin.trigger('#picker', 'confirm', Date.parse(at));
  }
  expect(admin.text('#f-startAt')).toContain('2031-06-10 14:00');
  await admin.tap('#save');
  expect(wx.lastToast()).toBe('活动已发布');
  const created = admin.data().rows.find((r: { title: string }) => r.title === title);
  expect(created).toBeTruthy();
  const eventId: string = created.eventId;
  expect(admin.text(`#e-${eventId}`)).toContain('剩余 3/3 席');

  // The first patron signs up with the member: 2 seats, reminder allowed.
  wx.setOpenid(first.openid);
  const list = await renderPage('events/list/list?kind=reader');
  expect(list.text(`#ev-${eventId}`)).toContain(title);
  expect(list.text(`#ev-${eventId}`)).toContain('剩余 3/3 席');
  await list.tap(`#ev-${eventId}`);
  expect(wx.lastCall('navigateTo')).toEqual({ url: `/events/detail/detail?eventId=${eventId}` });
  const a = await renderPage(`events/detail/detail?eventId=${eventId}`);
  expect(a.text('#time')).toContain('2031-06-10 14:00 至 2031-06-10 16:00');
  expect(a.text('#place')).toContain('三楼报告厅');
  expect(a.text('#points')).toContain('15 积分');
  await a.tap(`#m-${member.memberId}`);
  expect(a.text('#form')).toContain('报名需要 2 个座位');
  await a.tap('#signup');
  expect(wx.lastCall('showModal').content).toContain('王小明');
  expect(wx.lastCall('requestSubscribeMessage').tmplIds).toHaveLength(1);
  expect(a.text('#my-status')).toBe('已报名');
  expect(a.text('#mine')).toContain('2 个座位');
  expect(a.text('#mine')).toContain('王小明（子女）');
  expect(a.text('#seats')).toContain('2/3 已报名');
  await list.pullDown();
  expect(list.text(`#ev-${eventId}`)).toContain('已报名');
  expect(list.text(`#ev-${eventId}`)).toContain('剩余 1/3 席');

  // The second patron takes the last seat.
  wx.setOpenid(second.openid);
  const b = await renderPage(`events/detail/detail?eventId=${eventId}`);
  await b.tap('#signup');
  expect(b.text('#my-status')).toBe('已报名');
  expect(b.text('#seats')).toContain('3/3 已报名');

  // The third finds it full (已满 · 可候补) and joins the waitlist at place 1.
  wx.setOpenid(third.openid);
  const fullList = await renderPage('events/list/list');
  expect(fullList.text(`#ev-${eventId}`)).toContain('已满');
  expect(fullList.text(`#ev-${eventId}`)).toContain('可候补');
  const c = await renderPage(`events/detail/detail?eventId=${eventId}`);
  expect(c.text('#signup')).toBe('加入候补');
  await c.tap('#signup');
  expect(wx.lastCall('showModal').content).toContain('排在第 1 位');
  expect(c.text('#my-status')).toBe('候补第 1 位');
  expect(wx.lastToast()).toBe('已加入候补，第 1 位');

  // The first cancels: the third is promoted in the same step and messaged.
  wx.setOpenid(first.openid);
  await a.pullDown();
  await a.tap('#cancel');
  expect(wx.lastToast()).toBe('已取消报名');
  expect(a.text('#my-status')).toBe('已取消');
  wx.setOpenid(third.openid);
  await c.pullDown();
  expect(c.text('#my-status')).toBe('已报名');
  const inbox = await renderPage('messages');
  expect(inbox.text()).toContain(title);

  // At the event: the staff screen shows the QR; the test reads the token from the image.
  wx.setNow(DURING);
  wx.setOpenid(staff);
  const screen = await renderPage(`staff/event-qr/event-qr?eventId=${eventId}`);
  expect(screen.text('#event-title')).toBe(title);
  expect(screen.text('#countdown')).toMatch(/^\d+ 秒后自动刷新$/);
  const token = await decodeQr(screen.data().qr);
  expect(token).toBe(screen.data().token);

  // The promoted patron scans it: the event's points, once.
  wx.setOpenid(third.openid);
  const before = await balanceOf(third.openid, DURING);
  const scan = await renderPage(`events/detail/detail?eventId=${eventId}`);
  expect(scan.text('#my-status')).toBe('已报名');
  expect(scan.has('#cancel')).toBe(false); // the event has started: no more cancelling
  wx.script('scanCode', token);
  await scan.tap('#scan');
  expect(scan.text('#result')).toBe(`签到成功，获得 15 积分，当前积分 ${before + 15}`);
  expect(await balanceOf(third.openid, DURING)).toBe(before + 15);
  expect(scan.text('#my-status')).toBe('已签到');

  const mine = await renderPage('events/mine/mine');
  const row = mine.data().rows.find((r: { eventId: string }) => r.eventId === eventId);
  expect(mine.text(`#s-${row.signupId}`)).toContain('已签到');
  expect(mine.text(`#s-${row.signupId}`)).toContain('+15 积分');

  // A second scan: 已签到过, nothing more.
  wx.script('scanCode', token);
  await scan.tap('#scan');
  expect(scan.text('#result')).toBe('已签到过，无需重复签到');
  expect(await balanceOf(third.openid, DURING)).toBe(before + 15);
});

test('volunteer: register → staff approves → sign up → staff confirms 3 hours → points and hours shown', async () => {
  const volunteer = await newPatron();
  const staff = await makeStaff();
  const title = `书架整理${uid('v')}`;
  const { event } = await ok('admin', ADMIN, {
    action: 'upsertEvent', kind: 'volunteer', title, place: '二楼借阅区',
    startAt: START, endAt: END, signupDeadline: DEADLINE, capacity: 5, points: 20,
  }, { now: BEFORE });

  // Register.
  const wx = installWx({ openid: volunteer.openid, now: BEFORE });
  const reg = await renderPage('events/volunteer/volunteer');
  await reg.input('#f-name', '赵志愿');
  await reg.input('#f-phone', '13912345678');
  await reg.input('#f-skills', '整理图书、讲故事');
  await reg.tap('#submit');
  expect(reg.text('#status')).toBe('审核中');

  // Not yet approved: no sign-up button, the reason and the link to registration; the
  // function refuses too.
  const early = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
  expect(early.has('#signup')).toBe(false);
  expect(early.text('#not-volunteer')).toContain('您的志愿者注册正在审核中');
  expect((await call('events', volunteer.openid, { action: 'signup', eventId: event.eventId }, { now: BEFORE })).error?.code).toBe('NOT_VOLUNTEER');
  await early.tap('#go-volunteer');
  expect(wx.lastCall('navigateTo')).toEqual({ url: '/events/volunteer/volunteer' });

  // Staff approve it from the pending queue (masked name and phone).
  const { volunteer: mineV } = await ok('events', volunteer.openid, { action: 'volunteerStatus' });
  wx.setOpenid(staff);
  const queue = await renderPage('staff/volunteers/volunteers');
  const shown = queue.text(`#v-${mineV.volunteerId}`);
  expect(shown).toContain('赵*');
  expect(shown).toContain('139****5678');
  expect(shown).not.toContain('赵志愿');
  await queue.tap(`#approve-${mineV.volunteerId}`);
  expect(queue.has(`#v-${mineV.volunteerId}`)).toBe(false);

  // Approved: the volunteer signs up.
  wx.setOpenid(volunteer.openid);
  await reg.pullDown();
  expect(reg.text('#status')).toBe('已通过');
  const detail = await renderPage(`events/detail/detail?eventId=${event.eventId}`);
  expect(detail.has('#members')).toBe(false); // volunteers come alone
  await detail.tap('#signup');
  expect(detail.text('#my-status')).toBe('已报名');
  expect(detail.has('#scan')).toBe(false); // service is confirmed by staff, not scanned

  // After the event, staff confirm 3 hours.
  const AFTER = '2031-06-10T17:00:00+08:00';
  wx.setNow(AFTER);
  wx.setOpenid(staff);
  const service = await renderPage(`staff/service/service?eventId=${event.eventId}`);
  const signupId: string = service.data().rows[0].signupId;
  expect(service.data().rows).toHaveLength(1);
  await service.input(`#h-${signupId}`, '3');
  await service.tap(`#confirm-${signupId}`);
  expect(wx.lastToast()).toBe('已确认 3 小时，发放 20 积分');
  expect(service.text(`#r-${signupId}`)).toContain('服务 3 小时 · 已发放 20 积分');
  expect(service.has(`#confirm-${signupId}`)).toBe(false);

  // The volunteer sees points and hours.
  wx.setOpenid(volunteer.openid);
  const mine = await renderPage('events/mine/mine');
  expect(mine.text(`#s-${signupId}`)).toContain('服务已确认');
  expect(mine.text(`#s-${signupId}`)).toContain('+20 积分');
  expect(mine.text(`#s-${signupId}`)).toContain('服务 3 小时');
  expect(mine.text('#service-hours')).toBe('3');
  expect(await balanceOf(volunteer.openid, AFTER)).toBe(70); // 50 first-bind bonus + 20
});
