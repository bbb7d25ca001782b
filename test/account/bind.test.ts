import { ADMIN, bindCard, call, expectLedgerInvariant, latestSmsCode, newPatron, newReader, ok, storedDocs, uid } from '../support/cloud';
import { expectOverlap, race, warmAll } from '../support/race';

const T0 = Date.parse('2031-05-01T09:00:00+08:00');

describe('binding a reader card', () => {
  test('first binding grants 50 points once; unbind and rebind, or another user, never again', async () => {
    const reader = await newReader();
    const alice = uid();
    const later = (minutes: number) => ({ now: new Date(Date.now() + minutes * 60_000).toISOString() }); // past the resend gap
    const first = await bindCard(alice, reader);
    expect(first.pointsAwarded).toBe(50);
    expect(first.card).toMatchObject({ cardNo: reader.cardNo, current: true, points: 50 });
    expect(first.card.phone).toBe(`${reader.phone.slice(0, 3)}****${reader.phone.slice(-4)}`);
    expect(first.card.name).toBe('测***');

    await ok('account', alice, { action: 'unbindCard', cardNo: reader.cardNo });
    const again = await bindCard(alice, reader, later(2));
    expect(again.pointsAwarded).toBe(0);
    expect(again.card.points).toBe(50); // points stayed with the card

    await ok('account', alice, { action: 'unbindCard', cardNo: reader.cardNo });
    const bob = uid();
    const other = await bindCard(bob, reader, later(4));
    expect(other.pointsAwarded).toBe(0);
    expect(other.card.points).toBe(50);
    await expectLedgerInvariant(bob, reader.cardNo);
  });

  test('a card bound by another user is refused with CARD_ALREADY_BOUND', async () => {
    const { reader } = await newPatron();
    const intruder = uid();
    await ok('account', intruder, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: new Date(Date.now() + 120_000).toISOString() });
    const code = await latestSmsCode(reader.phone);
    const res = await call('account', intruder, { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code }, { now: new Date(Date.now() + 121_000).toISOString() });
    expect(res.error).toEqual({ code: 'CARD_ALREADY_BOUND', message: '该读者证已被其他微信绑定' });
  });

  test('unknown card, wrong phone and inactive card are refused; an unknown card answers as a wrong phone', async () => {
    const reader = await newReader();
    const me = uid();
    await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' });
    const code = await latestSmsCode(reader.phone);
    const unknown = await call('account', me, { action: 'bindCard', cardNo: 'NOSUCH0001', phone: reader.phone, code });
    const other = await newReader();
    const mismatch = await call('account', me, { action: 'bindCard', cardNo: other.cardNo, phone: reader.phone, code });
    // The same answer: a valid code for one's own phone does not tell which card numbers exist.
    expect(mismatch.error).toEqual({ code: 'CARD_PHONE_MISMATCH', message: '读者证号或手机号不正确' });
    expect(unknown.error).toEqual(mismatch.error);

    const inactive = await newReader({ status: 'inactive' });
    const res = await bindCard(me, inactive).catch((e: Error) => e.message);
    expect(String(res)).toContain('CARD_INACTIVE');
  });

  test('a user holds at most 6 cards', async () => {
    const me = uid();
    for (let i = 0; i < 6; i++) await bindCard(me, await newReader());
    const seventh = await newReader();
    await ok('account', me, { action: 'sendSmsCode', phone: seventh.phone, purpose: 'bind' });
    const code = await latestSmsCode(seventh.phone);
    const res = await call('account', me, { action: 'bindCard', cardNo: seventh.cardNo, phone: seventh.phone, code });
    expect(res.error?.code).toBe('CARD_LIMIT_REACHED');
    const profile = await ok('account', me, { action: 'profile' });
    expect(profile.cards).toHaveLength(6);
    expect(profile.cards.filter((c: { current: boolean }) => c.current)).toHaveLength(1);
  });

  test('20 parallel binds of one card by different users: exactly one binding and one bonus', async () => {
    const reader = await newReader();
    const users = Array.from({ length: 20 }, () => uid());
    const codes: string[] = [];
    // Each user's code is sent on its own day (far from any daily cap), and each
    // bind runs (really in parallel) with its clock 30 s after its own code.
    const DAY = 86_400_000;
    for (let i = 0; i < users.length; i++) {
      await ok('account', users[i], { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: new Date(T0 + i * DAY).toISOString() });
      codes.push(await latestSmsCode(reader.phone));
    }
    await warmAll('account');
    const r = await race(users.length, (i) => call('account', users[i], {
      action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code: codes[i],
    }, { now: new Date(T0 + i * DAY + 30_000).toISOString() }));
    expectOverlap(r);
    const results = r.answers;
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(winners[0].data.pointsAwarded).toBe(50);
    for (const r of results.filter((x) => !x.ok)) expect(r.error?.code).toBe('CARD_ALREADY_BOUND');
    const winner = users[results.indexOf(winners[0])];
    expect(await expectLedgerInvariant(winner, reader.cardNo)).toBe(50);
    const bonuses = (await storedDocs('ledger')).filter((e) => e.cardNo === reader.cardNo && e.reason === 'bind_bonus');
    expect(bonuses).toHaveLength(1);
  });

  test('the same bind retried with the same requestId answers once and awards once', async () => {
    const reader = await newReader();
    const me = uid();
    await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' });
    const code = await latestSmsCode(reader.phone);
    const event = { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code, requestId: 'bind-retry-0001' };
    await warmAll('account');
    const r = await race(2, () => call('account', me, event));
    expectOverlap(r);
    const [a, b] = r.answers;
    const c = await call('account', me, event);
    expect(a.ok && b.ok && c.ok).toBe(true);
    expect(a.data).toEqual(c.data);
    expect(b.data).toEqual(c.data);
    expect(await expectLedgerInvariant(me, reader.cardNo)).toBe(50);
  });

  test('set current card, unbind keeps points, profile masks name and phone', async () => {
    const { openid, reader } = await newPatron();
    const second = await newReader();
    await bindCard(openid, second);
    await ok('account', openid, { action: 'setCurrentCard', cardNo: second.cardNo });
    let profile = await ok('account', openid, { action: 'profile' });
    expect(profile.cards.find((c: { current: boolean }) => c.current).cardNo).toBe(second.cardNo);
    expect(JSON.stringify(profile)).not.toContain(second.phone);
    const notMine = await call('account', openid, { action: 'setCurrentCard', cardNo: 'T000000000' });
    expect(notMine.error?.code).toBe('CARD_NOT_BOUND');
    await ok('account', openid, { action: 'unbindCard', cardNo: second.cardNo });
    profile = await ok('account', openid, { action: 'profile' });
    expect(profile.cards.map((c: { cardNo: string }) => c.cardNo)).toEqual([reader.cardNo]);
    expect(profile.cards[0].current).toBe(true);
    void ADMIN;
  });

  test('change phone: old phone must match, code goes to the new phone', async () => {
    const { openid, reader } = await newPatron();
    const newPhone = `136${reader.phone.slice(-8)}`;
    await ok('account', openid, { action: 'sendSmsCode', phone: newPhone, purpose: 'changePhone' });
    const code = await latestSmsCode(newPhone);
    const wrongOld = await call('account', openid, { action: 'changePhone', cardNo: reader.cardNo, oldPhone: '13100000000', newPhone, code });
    expect(wrongOld.error?.code).toBe('CARD_PHONE_MISMATCH');
    const done = await ok('account', openid, { action: 'changePhone', cardNo: reader.cardNo, oldPhone: reader.phone, newPhone, code });
    expect(done.phone).toBe(`${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`);
    const reused = await call('account', openid, { action: 'changePhone', cardNo: reader.cardNo, oldPhone: newPhone, newPhone, code });
    expect(reused.error?.code).toBe('SMS_CODE_INVALID');
  });

  test('family members: add, list, remove; another user cannot remove them', async () => {
    const me = uid();
    const { member } = await ok('account', me, { action: 'addMember', name: '小明', relation: '子女' });
    const stranger = await call('account', uid(), { action: 'removeMember', memberId: member.memberId });
    expect(stranger.error?.code).toBe('MEMBER_NOT_FOUND');
    expect((await ok('account', me, { action: 'profile' })).members).toEqual([member]);
    await ok('account', me, { action: 'removeMember', memberId: member.memberId });
    expect((await ok('account', me, { action: 'profile' })).members).toEqual([]);
  });
});
