import { ADMIN, call, newPatron, ok, request, storedDocs, uid } from '../support/cloud';

describe('the action router and envelope', () => {
  test('an unknown action answers UNKNOWN_ACTION in Chinese', async () => {
    expect((await call('points', uid(), { action: 'fly' })).error).toEqual({ code: 'UNKNOWN_ACTION', message: '不支持的操作' });
    expect((await call('points', uid(), {})).error?.code).toBe('UNKNOWN_ACTION');
  });

  test('a bad field answers INVALID_INPUT naming the field, and writes nothing', async () => {
    const me = uid();
    const res = await call('account', me, { action: 'addMember', name: 42, relation: '子女' });
    expect(res.ok).toBe(false);
    expect(res.error).toMatchObject({ code: 'INVALID_INPUT', field: 'name' });
    expect((await ok('account', me, { action: 'profile' })).members).toEqual([]);
    const badReq = await call('account', me, { action: 'addMember', name: '小红', relation: '子女', requestId: 'short' });
    expect(badReq.error).toMatchObject({ code: 'INVALID_INPUT', field: 'requestId' });
    expect((await ok('account', me, { action: 'profile' })).members).toEqual([]);
  });

  test('identity fields in the event are ignored: the OPENID comes from the cloud context only', async () => {
    const { openid, cardNo } = await newPatron();
    const attacker = uid();
    const res = await call('points', attacker, { action: 'checkin', openid, userInfo: { openId: openid } });
    expect(res.error?.code).toBe('NO_CURRENT_CARD');
    const stolen = await call('points', attacker, { action: 'summary', cardNo, openid });
    expect(stolen.error?.code).toBe('CARD_NOT_BOUND');
  });

  test('unknown extra fields are stripped, not trusted', async () => {
    const me = uid();
    const { member } = await ok('account', me, { action: 'addMember', name: '小刚', relation: '配偶', openid: 'victim', _id: 'forced-id' });
    expect(member.memberId).not.toBe('forced-id');
    const stored = (await storedDocs('members')).find((m) => m._id === member.memberId);
    expect(stored.openid).toBe(me);
  });

  test('a missing OPENID is refused', async () => {
    const res = await request('POST', '/fn/points', { action: 'summary' });
    expect(res.json.error.code).toBe('NOT_LOGGED_IN');
  });

  test('staff and admin actions answer FORBIDDEN to patrons', async () => {
    const res = await call('admin', uid(), { action: 'grantRole', openid: 'x', role: 'admin' });
    expect(res.error).toEqual({ code: 'FORBIDDEN', message: '无权进行此操作' });
    const granted = await ok('admin', ADMIN, { action: 'grantRole', openid: uid('s'), role: 'staff' });
    expect(granted.roles).toEqual(['staff']);
  });

  test('the same requestId again answers the first result and applies nothing twice', async () => {
    const me = uid();
    const event = { action: 'addMember', name: '小美', relation: '子女', requestId: 'member-req-0001' };
    const first = await ok('account', me, event);
    const second = await ok('account', me, event);
    expect(second).toEqual(first);
    expect((await ok('account', me, { action: 'profile' })).members).toHaveLength(1);
    // Another caller's identical requestId is a different request.
    await ok('account', uid(), event);
  });

  test('the local cloud answers /healthz and 404 for an unknown function', async () => {
    expect((await request('GET', '/healthz')).json).toEqual({ ok: true });
    const res = await request('POST', '/fn/nosuch', { action: 'x' }, { 'X-WX-OPENID': 'u' });
    expect(res.status).toBe(404);
  });
});
