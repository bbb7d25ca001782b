// Family members: the per-user cap (rules maxMembersPerUser, 10) holds under racing adds.
import { call, ok, uid } from '../support/cloud';
import { directDb } from '../support/db';
import { expectOverlap, race, untilContended, warmAll } from '../support/race';

jest.setTimeout(120_000);

async function withMembers(n: number): Promise<string> {
  const openid = uid('fam');
  for (let i = 0; i < n; i++) await ok('account', openid, { action: 'addMember', name: `成员${i}`, relation: '子女' });
  return openid;
}

const members = async (openid: string) => (await ok('account', openid, { action: 'profile' })).members as unknown[];

test('adds racing for the last two places: exactly two pass, the rest get MEMBER_LIMIT_REACHED', async () => {
  await warmAll('account');
  await untilContended(3, async () => {
    const openid = await withMembers(8);
    const r = await race(6, (i) => call('account', openid, { action: 'addMember', name: `抢位${i}`, relation: '父母' }));
    expectOverlap(r);
    expect(r.answers.filter((a) => a.ok)).toHaveLength(2);
    for (const a of r.answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('MEMBER_LIMIT_REACHED');
    expect(await members(openid)).toHaveLength(10);
    // Contended when a loser got past the pre-check (read 8 or 9) and lost inside the transaction:
    // more round trips than a refusal at the pre-check.
    const precheck = await call('account', openid, { action: 'addMember', name: '再来', relation: '父母' });
    expect(precheck.error?.code).toBe('MEMBER_LIMIT_REACHED');
    return r.answers.some((a) => !a.ok && a.roundTrips > precheck.roundTrips);
  });
});

test('removing frees a place; members stored before the counter count against the cap', async () => {
  const openid = await withMembers(10);
  const list = (await ok('account', openid, { action: 'profile' })).members as { memberId: string }[];
  expect((await call('account', openid, { action: 'addMember', name: '第十一', relation: '其他' })).error?.code).toBe('MEMBER_LIMIT_REACHED');
  await ok('account', openid, { action: 'removeMember', memberId: list[0].memberId });
  await ok('account', openid, { action: 'addMember', name: '补上', relation: '其他' });
  expect(await members(openid)).toHaveLength(10);
  expect((await call('account', openid, { action: 'removeMember', memberId: list[0].memberId })).error?.code).toBe('MEMBER_NOT_FOUND');
  // Someone else's member cannot be removed.
  const other = uid('fam');
  expect((await call('account', other, { action: 'removeMember', memberId: list[1].memberId })).error?.code).toBe('MEMBER_NOT_FOUND');

  // A user whose 10 members predate the counter (no member_counts document).
  const legacy = uid('fam');
  const db = directDb();
  for (let i = 0; i < 10; i++) await db.collection('members').add({ data: { openid: legacy, name: `旧${i}`, relation: '子女', createdAt: new Date() } });
  expect((await call('account', legacy, { action: 'addMember', name: '第十一', relation: '其他' })).error?.code).toBe('MEMBER_LIMIT_REACHED');
});
