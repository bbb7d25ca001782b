// Staff events pages: 工作台 entries, 活动签到码 (renewal, countdown, window), 报名名单 (masked,
// 手动签到 once), 审核志愿者 (reject with a reason), 确认服务, 活动管理 (validation, edit, cancel).
import { installWx, renderPage } from './harness';
import { decodeQr } from './qr';
import { ERROR_MESSAGES } from '../../miniprogram/contract/errors';
import { ADMIN, call, newPatron, ok, uid } from '../support/cloud';
import { makeStaff } from '../rewards/helpers';

const START = '2031-08-10T14:00:00+08:00';
const END = '2031-08-10T16:00:00+08:00';
const DEADLINE = '2031-08-10T12:00:00+08:00';
const BEFORE = '2031-08-09T10:00:00+08:00';
const DURING = '2031-08-10T14:10:00+08:00';

async function newEvent(over: Record<string, unknown> = {}) {
  const { event } = await ok('admin', ADMIN, {
    action: 'upsertEvent', kind: 'reader', title: `讲座${uid('e')}`, place: '报告厅',
    startAt: START, endAt: END, signupDeadline: DEADLINE, capacity: 10, points: 12, ...over,
  }, { now: BEFORE });
  return event as { eventId: string; title: string };
}

describe('工作台 events entries', () => {
  test('staff open each events page; admins also 活动管理', async () => {
    const wx = installWx({ openid: await makeStaff() });
    const page = await renderPage('staff/index/index');
    expect(page.has('#entry-events')).toBe(false);
    for (const [id, url] of [
      ['event-qr', '/staff/event-qr/event-qr'], ['roster', '/staff/roster/roster'],
      ['volunteers', '/staff/volunteers/volunteers'], ['service', '/staff/service/service'],
    ]) {
      await page.tap(`#entry-${id}`);
      expect(wx.lastCall('navigateTo')).toEqual({ url });
    }
    wx.setOpenid(ADMIN);
    const admin = await renderPage('staff/index/index');
    await admin.tap('#entry-events');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/staff/events/events' });
  });

  test('patrons see 仅限工作人员使用 on every staff events page (and the cloud refuses them)', async () => {
    const patron = uid('p');
    installWx({ openid: patron });
    for (const p of ['staff/event-qr/event-qr', 'staff/roster/roster', 'staff/volunteers/volunteers', 'staff/service/service']) {
      expect((await renderPage(p)).text()).toBe('仅限工作人员使用');
    }
    expect((await renderPage('staff/events/events')).text()).toBe('仅限管理员使用');
    expect((await call('events', patron, { action: 'volunteerQueue' })).error?.code).toBe('FORBIDDEN');
  });
});

describe('活动签到码', () => {
  test('pick an event (soonest first) → its QR; its own timer renews it with a new token once the step has passed', async () => {
    const later = await newEvent({ startAt: '2031-08-11T14:00:00+08:00', endAt: '2031-08-11T16:00:00+08:00', signupDeadline: '2031-08-11T12:00:00+08:00' });
    const event = await newEvent();
    // The page's timers are jest's fake ones (advancing with real time, so the harness's waits
    // still pass); the test jumps them past the renewal below. pinClock: false so setNow only
    // moves the functions' clock and keeps the pending timers.
    const wx = installWx({ openid: await makeStaff(), now: DURING, pinClock: false });
    jest.useFakeTimers({ now: Date.parse(DURING), advanceTimers: true });
    try {
      const page = await renderPage('staff/event-qr/event-qr');
      const ids = page.data().events.map((e: { eventId: string }) => e.eventId);
      expect(ids.indexOf(event.eventId)).toBeLessThan(ids.indexOf(later.eventId));
      await page.tap(`#pick-${event.eventId}`);
      expect(page.text('#event-title')).toBe(event.title);
      const first = await decodeQr(page.data().qr);
      const { stepSeconds, refreshInSeconds } = await ok('events', ADMIN, { action: 'attendanceToken', eventId: event.eventId }, { now: DURING });
      expect(page.data().countdown).toBe(refreshInSeconds);
      expect(refreshInSeconds).toBeLessThanOrEqual(stepSeconds);
      const calls = wx.calls('callFunction').length;

      // The next step: nothing but the page's own timer asks for the new code.
      wx.setNow(new Date(Date.parse(DURING) + stepSeconds * 1000).toISOString());
      jest.advanceTimersByTime(refreshInSeconds * 1000);
      await page.settle();
      expect(wx.calls<{ data: { action: string } }>('callFunction').slice(calls).map((c) => c.data.action)).toEqual(['attendanceToken']);
      const second = await decodeQr(page.data().qr);
      expect(second).not.toBe(first);
      expect(second).toBe(page.data().token);
      await page.tap('#back');
      expect(page.has(`#pick-${event.eventId}`)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  test('outside the check-in window: the reason instead of a code', async () => {
    const event = await newEvent();
    installWx({ openid: await makeStaff(), now: BEFORE });
    const page = await renderPage(`staff/event-qr/event-qr?eventId=${event.eventId}`);
    expect(page.has('#code')).toBe(false);
    // Before the window opens (attendanceWindowMinutes before the start): EVENT_NOT_STARTED.
    expect(page.data().message).toBe(ERROR_MESSAGES.EVENT_NOT_STARTED);
    expect(page.text('#message')).toContain(ERROR_MESSAGES.EVENT_NOT_STARTED);
  });
});

describe('报名名单', () => {
  test('masked names and cards, seats; 手动签到 awards once and marks 已签到', async () => {
    const event = await newEvent();
    const patron = await newPatron({ name: '欧阳娜娜' });
    const { member } = await ok('account', patron.openid, { action: 'addMember', name: '欧阳小娜', relation: '子女' });
    await ok('events', patron.openid, { action: 'signup', eventId: event.eventId, memberIds: [member.memberId] }, { now: BEFORE });
    const wx = installWx({ openid: await makeStaff(), now: DURING });
    const page = await renderPage(`staff/roster/roster?eventId=${event.eventId}`);
    const signupId: string = page.data().rows[0].signupId;
    const row = page.text(`#r-${signupId}`);
    expect(row).toContain('欧***');
    expect(row).toContain(patron.cardNo.slice(-4));
    expect(row).not.toContain(patron.cardNo);
    expect(row).not.toContain('欧阳娜娜');
    expect(row).not.toContain('欧阳小娜');
    expect(row).toContain('2 人');
    expect(page.text('#summary')).toContain('已签到 0 人');

    const before = (await ok('points', patron.openid, { action: 'summary' })).balance;
    await page.tap(`#checkin-${signupId}`, { settle: false });
    await page.tap(`#checkin-${signupId}`, { settle: false }); // a double tap: the button is busy
    await page.settle();
    expect(wx.calls('callFunction').filter((c) => c.data.action === 'manualAttend')).toHaveLength(1);
    expect(wx.lastToast()).toBe('已签到，发放 12 积分');
    expect(page.text(`#r-${signupId}`)).toContain('已签到');
    expect(page.has(`#checkin-${signupId}`)).toBe(false);
    expect(page.text('#summary')).toContain('已签到 1 人');
    const again = await call('events', wx.openid, { action: 'manualAttend', eventId: event.eventId, signupId }, { now: DURING });
    expect(again.error?.code).toBe('ALREADY_ATTENDED');
    expect((await ok('points', patron.openid, { action: 'summary' })).balance).toBe(before + 12);
  });

  test('手动签到 is offered for confirmed sign-ups of reader events only: not the waitlist, not volunteer events (确认服务 there)', async () => {
    const staff = await makeStaff();
    const reader = await newEvent({ capacity: 1 });
    const volunteer = await newEvent({ kind: 'volunteer', capacity: 5 });
    const [seated, waiting, vol] = await Promise.all([newPatron(), newPatron(), newPatron()]);
    await ok('events', seated.openid, { action: 'signup', eventId: reader.eventId }, { now: BEFORE });
    await ok('events', waiting.openid, { action: 'signup', eventId: reader.eventId, waitlist: true }, { now: BEFORE });
    const { volunteer: v } = await ok('events', vol.openid, { action: 'registerVolunteer', name: '周志愿', phone: vol.reader.phone });
    await ok('events', staff, { action: 'reviewVolunteer', volunteerId: v.volunteerId, approve: true });
    await ok('events', vol.openid, { action: 'signup', eventId: volunteer.eventId }, { now: BEFORE });
    installWx({ openid: staff, now: DURING });

    const page = await renderPage(`staff/roster/roster?eventId=${reader.eventId}`);
    const rows: { signupId: string; statusText: string }[] = page.data().rows;
    expect(rows).toHaveLength(2);
    const offered = rows.filter((r) => page.has(`#checkin-${r.signupId}`)).map((r) => r.statusText);
    expect(offered).toEqual([expect.not.stringContaining('候补')]);
    expect(rows.filter((r) => !page.has(`#checkin-${r.signupId}`)).map((r) => r.statusText)).toEqual([expect.stringContaining('候补')]);

    const vpage = await renderPage(`staff/roster/roster?eventId=${volunteer.eventId}`);
    const [vrow] = vpage.data().rows as { signupId: string }[];
    expect(vpage.text(`#r-${vrow.signupId}`)).toContain('已报名');
    expect(vpage.has(`#checkin-${vrow.signupId}`)).toBe(false);
    expect(vpage.text(`#r-${vrow.signupId}`)).not.toContain('手动签到');
  });

  test('an event nobody signed up for: the empty state', async () => {
    const event = await newEvent();
    installWx({ openid: await makeStaff(), now: BEFORE });
    const page = await renderPage(`staff/roster/roster?eventId=${event.eventId}`);
    expect(page.text('#empty')).toContain('还没有人报名');
  });
});

describe('审核志愿者', () => {
  test('reject needs a reason; the applicant then reads it', async () => {
    const patron = await newPatron();
    await ok('events', patron.openid, { action: 'registerVolunteer', name: '钱多多', phone: '13611112222' });
    const { volunteer } = await ok('events', patron.openid, { action: 'volunteerStatus' });
    const wx = installWx({ openid: await makeStaff() });
    const page = await renderPage('staff/volunteers/volunteers');
    wx.script('showModal', { confirm: true, content: '  ' });
    await page.tap(`#reject-${volunteer.volunteerId}`);
    expect(wx.lastToast()).toBe('请填写未通过的原因');
    expect(page.has(`#v-${volunteer.volunteerId}`)).toBe(true);
    wx.script('showModal', { confirm: true, content: '本期名额已满' });
    await page.tap(`#reject-${volunteer.volunteerId}`);
    expect(page.has(`#v-${volunteer.volunteerId}`)).toBe(false);
    await page.tapText('未通过');
    expect(page.text(`#v-${volunteer.volunteerId}`)).toContain('原因：本期名额已满');
    const status = await ok('events', patron.openid, { action: 'volunteerStatus' });
    expect(status).toMatchObject({ status: 'rejected', reason: '本期名额已满' });
  });
});

describe('确认服务', () => {
  test('before the start it is refused; after the end, a double tap confirms once with the hours', async () => {
    const event = await newEvent({ kind: 'volunteer', points: 9 });
    const patron = await newPatron();
    await ok('events', patron.openid, { action: 'registerVolunteer', name: '周服务', phone: '13522223333' });
    const { volunteer } = await ok('events', patron.openid, { action: 'volunteerStatus' });
    await ok('events', ADMIN, { action: 'reviewVolunteer', volunteerId: volunteer.volunteerId, approve: true });
    await ok('events', patron.openid, { action: 'signup', eventId: event.eventId }, { now: BEFORE });

    const wx = installWx({ openid: await makeStaff(), now: BEFORE });
    const page = await renderPage('staff/service/service');
    await page.tap(`#pick-${event.eventId}`);
    const signupId: string = page.data().rows[0].signupId;
    expect(page.data().rows[0].hours).toBe(2); // the event's length as the suggestion
    await page.tap(`#confirm-${signupId}`);
    expect(wx.lastToast()).toBe(ERROR_MESSAGES.SERVICE_TOO_EARLY);
    expect(page.has(`#confirm-${signupId}`)).toBe(true);

    wx.setNow('2031-08-10T18:00:00+08:00');
    await page.input(`#h-${signupId}`, '1.5');
    await page.tap(`#confirm-${signupId}`, { settle: false });
    await page.tap(`#confirm-${signupId}`, { settle: false });
    await page.settle();
    const confirms = wx.calls('callFunction').filter((c) => c.data.action === 'confirmService');
    expect(confirms).toHaveLength(2); // the refused one before the end, then one
    expect(confirms[1].data).toMatchObject({ signupId, hours: 1.5 });
    expect(page.text(`#r-${signupId}`)).toContain('服务 1.5 小时 · 已发放 9 积分');
    const { volunteer: after } = await ok('events', patron.openid, { action: 'volunteerStatus' });
    expect(after.serviceHours).toBe(1.5);
  });
});

describe('活动管理', () => {
  test('the form refuses bad input before sending; editing keeps the event; cancelling asks and tells', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: ADMIN, now: BEFORE });
    const page = await renderPage('staff/events/events');
    await page.tap('#create');
    await page.input('#f-capacity', '0');
    await page.tap('#f-endAt');
    await page.trigger('#picker', 'confirm', Date.parse('2020-01-01T10:00:00+08:00'));
    await page.tap('#save');
    expect(page.text('#f-title')).toContain('请输入活动名称');
    expect(page.text('#f-capacity')).toContain('名额为1至10000的整数');
    expect(page.text('#f-endAt')).toContain('结束时间须晚于开始时间');
    expect(wx.calls('callFunction').filter((c) => c.data.action === 'upsertEvent')).toHaveLength(0);
    await page.tap('#close');

    const event = await newEvent();
    await ok('events', patron.openid, { action: 'signup', eventId: event.eventId }, { now: BEFORE });
    await page.pullDown();
    await page.tap(`#e-${event.eventId}`);
    await page.input('#f-place', '新馆二楼');
    await page.tap('#save');
    expect(wx.lastToast()).toBe('已保存');
    const { event: edited } = await ok('events', patron.openid, { action: 'detail', eventId: event.eventId }, { now: BEFORE });
    expect(edited).toMatchObject({ place: '新馆二楼', title: event.title, seatsTaken: 1 });

    await page.tap(`#e-${event.eventId}`);
    wx.script('showModal', { confirm: false });
    await page.tap('#cancel-event');
    expect(wx.lastCall('showModal').content).toContain('1 个座位');
    expect(page.has('#form')).toBe(true);
    await page.tap('#cancel-event');
    expect(wx.lastToast()).toBe('活动已取消，已通知报名读者');
    expect(page.text(`#e-${event.eventId}`)).toContain('已取消');
    const { messages } = await ok('inbox', patron.openid, { action: 'messages' });
    expect(JSON.stringify(messages)).toContain(event.title);
    await page.tap(`#e-${event.eventId}`);
    expect(page.text('#cancelled')).toBe('该活动已取消，不能再修改');
    expect(page.has('#save')).toBe(false);
  });
});
