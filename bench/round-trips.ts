// One call of each action on a warm local cloud: database round trips (counted by the emulator).
import type { LocalCloud } from '../devcloud/server';
import { withCheckChar } from '../server/util/idcard';
import { caller, getJson, table } from './lib';

export async function roundTrips(cloud: LocalCloud): Promise<void> {
  const call = caller(cloud.url);
  const rows: (string | number)[][] = [['function.action', 'db round trips', 'ms', 'answer']];
  const admin = 'bench-admin';
  const me = 'bench-patron';
  const record = async (fn: string, openid: string, event: Record<string, unknown>, now?: string) => {
    const res = await call(fn, openid, event, now);
    rows.push([`${fn}.${String(event.action)}`, res.roundTrips, res.ms.toFixed(1), res.ok ? 'ok' : res.error!.code]);
    return res;
  };
  // Warm every function once so instance start-up does not count.
  for (const fn of ['points', 'account', 'inbox', 'admin', 'rewards', 'events']) await call(fn, me, { action: 'rules' });

  await record('admin', admin, { action: 'importReaders', readers: [{ cardNo: 'BENCH0001', name: '测试', idNumber: withCheckChar('11010119900307803'), phone: '13900000001' }] });
  await record('admin', admin, { action: 'grantRole', openid: 'bench-staff', role: 'staff' });
  await record('points', me, { action: 'summary' });
  await record('account', me, { action: 'sendSmsCode', phone: '13800000001', purpose: 'bind' });
  const sms = await getJson(`${cloud.url}/dev/sms?phone=13800000001`);
  await record('account', me, { action: 'bindCard', cardNo: '2023000101', phone: '13800000001', code: sms.messages[0].code });
  await call('account', me, { action: 'sendSmsCode', phone: '13800000002', purpose: 'bind' }, new Date(Date.now() + 120_000).toISOString());
  const sms2 = await getJson(`${cloud.url}/dev/sms?phone=13800000002`);
  await call('account', me, { action: 'bindCard', cardNo: '2023000102', phone: '13800000002', code: sms2.messages[0].code }, new Date(Date.now() + 120_000).toISOString());
  await record('account', me, { action: 'profile' });
  await record('account', me, { action: 'setCurrentCard', cardNo: '2023000101' });
  await record('points', me, { action: 'summary' });
  await record('points', me, { action: 'checkin' });
  await record('points', me, { action: 'checkin', requestId: 'bench-checkin-0001' }, new Date(Date.now() + 86_400_000).toISOString());
  await record('points', me, { action: 'calendar' });
  await record('points', me, { action: 'ledger' });
  await record('points', me, { action: 'rules' });
  await record('points', me, { action: 'transfer', fromCardNo: '2023000102', toCardNo: '2023000101', amount: 10 });
  const member = await record('account', me, { action: 'addMember', name: '小明', relation: '子女' });
  await record('account', me, { action: 'removeMember', memberId: member.data?.member?.memberId ?? 'x' });
  await record('inbox', me, { action: 'content', key: 'faq' });
  await record('inbox', me, { action: 'messages' });
  await record('inbox', me, { action: 'feedback', content: '希望增加更多活动' });
  await record('rewards', me, { action: 'list' });
  const redeemed = await record('rewards', me, { action: 'redeem', prizeId: 'prize-bookmark', requestId: 'bench-redeem-0001' });
  await record('rewards', me, { action: 'redeem', prizeId: 'prize-bookmark', requestId: 'bench-redeem-0001' });
  await record('rewards', me, { action: 'mine' });
  const code = redeemed.data?.redemption?.code ?? 'ABCDEFGHJKM';
  await record('rewards', 'bench-staff', { action: 'staffLookup', code });
  await record('rewards', 'bench-staff', { action: 'fulfil', code });
  await record('account', me, { action: 'unbindCard', cardNo: '2023000102' });
  await eventRoundTrips(call, record, admin, me);
  console.log('\n## Database round trips per action (one call each, warm instances)');
  console.log(table(rows));
}

type Record_ = (fn: string, openid: string, event: Record<string, unknown>, now?: string) => Promise<{ ok: boolean; data: any }>;

/** Events: sign-up, cancel, check-in and confirmed service, each once on an uncontended event. */
async function eventRoundTrips(call: ReturnType<typeof caller>, record: Record_, admin: string, me: string): Promise<void> {
  const staff = 'bench-staff';
  const start = Date.now() + 20 * 60_000;
  const times = { startAt: new Date(start).toISOString(), endAt: new Date(start + 3600_000).toISOString(), signupDeadline: new Date(start - 5 * 60_000).toISOString() };
  const made = await record('admin', admin, { action: 'upsertEvent', kind: 'reader', title: '压测活动', place: '报告厅', capacity: 30, points: 10, ...times });
  const eventId = made.data.event.eventId;
  await record('events', me, { action: 'list' });
  await record('events', me, { action: 'signup', eventId, requestId: 'bench-signup-0001' });
  await record('events', me, { action: 'cancel', eventId, requestId: 'bench-cancel-0001' });
  await record('events', me, { action: 'signup', eventId, requestId: 'bench-signup-0002' });
  await record('events', me, { action: 'detail', eventId });
  const token = await record('events', staff, { action: 'attendanceToken', eventId });
  await record('events', me, { action: 'attend', eventId, token: token.data?.token ?? 'x', requestId: 'bench-attend-0001' });
  await record('events', staff, { action: 'roster', eventId });
  await record('events', me, { action: 'mine' });
  const { data: vol } = await record('events', me, { action: 'registerVolunteer', name: '测试', phone: '13800000001' });
  await record('events', staff, { action: 'reviewVolunteer', volunteerId: vol?.volunteer?.volunteerId ?? 'x', approve: true });
  const made2 = await call('admin', admin, { action: 'upsertEvent', kind: 'volunteer', title: '压测志愿', place: '服务台', capacity: 10, points: 20, ...times });
  const signed = await call('events', me, { action: 'signup', eventId: made2.data.event.eventId });
  await record('events', staff, {
    action: 'confirmService', eventId: made2.data.event.eventId, signupId: signed.data?.signup?.signupId ?? 'x', hours: 2, requestId: 'bench-service-0001',
  }, new Date(start + 2 * 3600_000).toISOString());
}
