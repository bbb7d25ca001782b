// The staff and admin console's actions: feedback inbox, rules history, roles, reader directory.
import { startLocalCloud, type LocalCloud } from '../../devcloud/server';
import { ADMIN, call, newPatron, newReader, ok, storedDocs, uid } from '../support/cloud';
import { expectOverlap, instanceCount, race, warmAll } from '../support/race';
import { makeStaff } from '../rewards/helpers';

const day = (d: string, t = '10:00:00') => `${d}T${t}+08:00`;

/**
 * A local cloud of this describe's own (no seed, ADMIN fixed): the rules version and the reader
 * counts are global, and other test files change them on the shared cloud while this one runs.
 * test/support/cloud.ts and race.ts read the URL per call, so they go to this cloud meanwhile.
 */
function ownCloud(workers?: number): void {
  let cloud: LocalCloud | undefined;
  let savedUrl: string | undefined;
  beforeAll(async () => {
    // By default as many instances as the shared cloud: race.ts counts them once per file.
    cloud = await startLocalCloud({ port: 0, dataDir: null, seed: 'none', adminOpenids: [ADMIN], workers: workers ?? (await instanceCount()), build: false });
    savedUrl = process.env.YUE_TEST_URL;
    process.env.YUE_TEST_URL = cloud.url;
  });
  afterAll(async () => {
    process.env.YUE_TEST_URL = savedUrl;
    await cloud?.close();
  });
}

describe('feedback inbox', () => {
  test('staff read it unread with a masked contact, open it masked, reveal it (logged), reply to exactly its writer, close it', async () => {
    const writer = uid('fbw');
    const other = uid('fbo');
    await ok('inbox', writer, { action: 'feedback', content: '希望周末延长开放时间', contact: '13912345678' });
    const staff = await makeStaff();

    const list = await ok('inbox', staff, { action: 'feedbackList', status: 'new' });
    const item = list.items.find((i: any) => i.content === '希望周末延长开放时间');
    expect(item).toMatchObject({ contact: '139****5678', read: false, status: 'new' });
    expect(list.unread).toBeGreaterThanOrEqual(1);

    const detail = await ok('inbox', staff, { action: 'feedbackDetail', feedbackId: item.feedbackId });
    expect(detail.item).toMatchObject({ contact: '139****5678', read: true });
    const reveals = async () => (await storedDocs('audit_log')).filter((d: any) => d.ref === item.feedbackId);
    expect(await reveals()).toEqual([]);
    expect(await ok('inbox', staff, { action: 'revealContact', feedbackId: item.feedbackId })).toEqual({ contact: '13912345678' });
    expect(await reveals()).toEqual([expect.objectContaining({ kind: 'feedback_contact', by: staff })]);
    expect((await call('inbox', writer, { action: 'revealContact', feedbackId: item.feedbackId })).error?.code).toBe('FORBIDDEN');
    expect((await call('inbox', staff, { action: 'revealContact', feedbackId: 'fb_missing' })).error?.code).toBe('FEEDBACK_NOT_FOUND');
    expect(await reveals()).toHaveLength(1);

    const replied = await ok('inbox', staff, { action: 'replyFeedback', feedbackId: item.feedbackId, reply: '已反馈给馆领导，下月起周六延长至20点' });
    expect(replied.item).toMatchObject({ status: 'replied', contact: '139****5678' });
    const mine = (await ok('inbox', writer, { action: 'messages' })).messages;
    expect(mine).toEqual([expect.objectContaining({ title: '意见反馈有回复了', body: expect.stringContaining('下月起周六延长至20点') })]);
    expect((await ok('inbox', other, { action: 'messages' })).messages).toHaveLength(0);

    const closed = await ok('inbox', staff, { action: 'closeFeedback', feedbackId: item.feedbackId });
    expect(closed.item.status).toBe('closed');
    const closedList = await ok('inbox', staff, { action: 'feedbackList', status: 'closed' });
    expect(closedList.items.map((i: any) => i.feedbackId)).toContain(item.feedbackId);
    expect((await call('inbox', staff, { action: 'replyFeedback', feedbackId: 'fb_missing', reply: '你好你好' })).error?.code).toBe('FEEDBACK_NOT_FOUND');
  });

  test('one user sends at most the daily cap of feedback, even all at once; the next day opens again', async () => {
    const { rules } = await ok('points', uid(), { action: 'rules' });
    const writer = uid('fbcap');
    const now = day('2031-04-01');
    await warmAll('inbox');
    const { answers, ...overlap } = await race(rules.feedbackPerDay + 4, (i) =>
      call('inbox', writer, { action: 'feedback', content: `第${i}条意见：书架标签太小` }, { now }));
    expectOverlap({ answers, ...overlap });
    expect(answers.filter((a) => a.ok)).toHaveLength(rules.feedbackPerDay);
    expect(answers.filter((a) => !a.ok).map((a) => a.error?.code)).toEqual(Array(4).fill('FEEDBACK_LIMIT_REACHED'));
    expect((await call('inbox', writer, { action: 'feedback', content: '第二天的意见内容' }, { now: day('2031-04-02') })).ok).toBe(true);
  });
});

describe('rules history', () => {
  ownCloud();

  test('two admins saving at the same moment make two consecutive versions, both in the history', async () => {
    const second = uid('admin2');
    await ok('admin', ADMIN, { action: 'grantRole', openid: second, role: 'admin' });
    await warmAll('admin', { action: 'rulesHistory' }, ADMIN);
    const { rules: before } = await ok('points', uid(), { action: 'rules' });
    const saves = [
      { admin: ADMIN, rules: { checkinPoints: before.checkinPoints, streakBonus: before.streakBonus } },
      { admin: second, rules: { checkinPoints: before.checkinPoints } },
    ];
    const r = await race(2, (i) => call('admin', saves[i].admin, { action: 'setRules', rules: saves[i].rules }));
    expectOverlap(r);
    expect(r.answers.map((x) => x.error?.code ?? 'ok')).toEqual(['ok', 'ok']);
    const [a, b] = r.answers.map((x) => x.data);
    // This cloud has no other writer: exactly the next two versions, one each.
    expect([a.rules.version, b.rules.version].sort((x: number, y: number) => x - y)).toEqual([before.version + 1, before.version + 2]);
    const { versions } = await ok('admin', ADMIN, { action: 'rulesHistory' });
    expect(versions[0].version).toBe(before.version + 2);
    const mineTwo = versions.filter((v: any) => v.version === a.rules.version || v.version === b.rules.version);
    expect(mineTwo).toHaveLength(2);
    expect(mineTwo.map((v: any) => v.changedBy).sort()).toEqual([`***${ADMIN.slice(-6)}`, `***${second.slice(-6)}`].sort());
  });

  test('invalid rules are refused with the field, nothing saved', async () => {
    const { rules: before } = await ok('points', uid(), { action: 'rules' });
    const bad = await call('admin', ADMIN, { action: 'setRules', rules: { pickupWindows: [{ weekdays: [6], from: '17:00', to: '08:30' }] } });
    expect(bad.error?.code).toBe('INVALID_INPUT');
    expect((await ok('points', uid(), { action: 'rules' })).rules.pickupWindows).toEqual(before.pickupWindows);
  });
});

describe('roles', () => {
  test('a granted staff role works at once and a revoked one stops on the next call; fixed admins stay', async () => {
    const staff = uid('st');
    await ok('admin', ADMIN, { action: 'grantRole', openid: staff, role: 'staff', note: '活动组 李老师' });
    expect((await call('inbox', staff, { action: 'feedbackList' })).ok).toBe(true);
    const { roles } = await ok('admin', ADMIN, { action: 'listRoles' });
    expect(roles).toEqual(expect.arrayContaining([
      expect.objectContaining({ openidTail: `***${ADMIN.slice(-6)}`, fixed: true, roles: ['admin'] }),
      expect.objectContaining({ openidTail: `***${staff.slice(-6)}`, roles: ['staff'], note: '活动组 李老师', fixed: false }),
    ]));
    // Only the tail: no full OPENID in the answer (a revoke names the holder by its opaque holderId).
    expect(JSON.stringify(roles)).not.toContain(staff);
    expect(JSON.stringify(roles)).not.toContain(ADMIN);
    for (const r of roles) expect(Object.keys(r).sort()).toEqual(['fixed', 'holderId', 'note', 'openidTail', 'roles']);
    const holder = roles.find((r: any) => r.openidTail === `***${staff.slice(-6)}`);
    expect((await call('admin', ADMIN, { action: 'revokeRole', holderId: 'h_0000', role: 'staff' })).error).toMatchObject({ code: 'INVALID_INPUT', field: 'holderId' });
    expect((await call('admin', ADMIN, { action: 'revokeRole', role: 'staff' })).error).toMatchObject({ code: 'INVALID_INPUT', field: 'holderId' });
    await ok('admin', ADMIN, { action: 'revokeRole', holderId: holder.holderId, role: 'staff' });
    expect((await call('inbox', staff, { action: 'feedbackList' })).error?.code).toBe('FORBIDDEN');
    expect((await call('admin', ADMIN, { action: 'revokeRole', openid: ADMIN, role: 'admin' })).error?.code).toBe('ROLE_FIXED');
    expect((await call('admin', staff, { action: 'listRoles' })).error?.code).toBe('FORBIDDEN');
  });
});

describe('reader directory', () => {
  ownCloud(1); // no race here

  test('counts, a masked search by card number with its binding state', async () => {
    const stats = async () => {
      const { total, active, inactive, bound } = await ok('admin', ADMIN, { action: 'readerStats' });
      return { total, active, inactive, bound };
    };
    // This cloud has no other writer: each step moves exactly its counts.
    await newReader();
    const start = await stats();
    const { cardNo, reader } = await newPatron({ name: '欧阳娜娜' });
    const afterPatron = await stats();
    expect(afterPatron).toEqual({ total: start.total + 1, active: start.active + 1, inactive: start.inactive, bound: start.bound + 1 });
    await newReader({ status: 'inactive' });
    expect(await stats()).toEqual({ total: afterPatron.total + 1, active: afterPatron.active, inactive: afterPatron.inactive + 1, bound: afterPatron.bound });
    const found = await ok('admin', ADMIN, { action: 'findReader', cardNo });
    expect(found).toMatchObject({ bound: true, balance: 50, reader: { cardNo, name: '欧***', phone: `${reader.phone.slice(0, 3)}****${reader.phone.slice(-4)}`, status: 'active' } });
    expect((await call('admin', ADMIN, { action: 'findReader', cardNo: 'NOPE0000' })).error?.code).toBe('CARD_NOT_FOUND');
  });
});
