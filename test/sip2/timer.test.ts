// The maintenance timer asks the library system about recently active cards: lost or blocked
// there → inactive here, until the library says otherwise.
import { SIP2_ADMIN, freshIdentity, startSip2Cloud, type Sip2Cloud } from '../support/sip2';
import { uid } from '../support/cloud';

let lib: Sip2Cloud;
beforeAll(async () => { lib = await startSip2Cloud(); });
afterAll(async () => { await lib?.close(); });

const reader = async (cardNo: string) => (await lib.docs('readers')).find((d) => d._id === cardNo);
const runTimer = async () => {
  const res = await lib.call('maintenance', '', { Type: 'Timer', TriggerName: 'daily-0300' });
  expect(res.ok).toBe(true);
  return res.data.readers;
};

test('a recently active card reported lost becomes inactive with the reason, and active again when the library lifts it', async () => {
  const live = freshIdentity('E');
  lib.standin.addPatron({ cardNo: live.cardNo, name: '冯在线', phone: live.phone });
  const imported = freshIdentity('T');
  lib.standin.addPatron({ cardNo: imported.cardNo, name: '陈导入', phone: imported.phone });
  await lib.call('admin', SIP2_ADMIN, { action: 'importReaders', readers: [{ cardNo: imported.cardNo, name: '陈导入', idNumber: imported.idNumber, phone: imported.phone }] });
  const quiet = freshIdentity('E');
  lib.standin.addPatron({ cardNo: quiet.cardNo, name: '褚不活跃', phone: quiet.phone });
  expect((await lib.bind(uid('p'), live.cardNo, live.phone)).ok).toBe(true);
  expect((await lib.bind(uid('p'), imported.cardNo, imported.phone)).ok).toBe(true);
  // Bound (and last earned) three days ago: not among the cards the timer looks at.
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
  expect((await lib.bind(uid('p'), quiet.cardNo, quiet.phone, threeDaysAgo)).ok).toBe(true);

  for (const c of [live, imported, quiet]) lib.standin.patrons.get(c.cardNo)!.lost = true;
  const asked = lib.standin.stats.patronInfos;
  const first = await runTimer();
  expect(first).toMatchObject({ source: 'sip2', deactivated: 2, unavailable: 0 });
  expect(lib.standin.stats.patronInfos - asked).toBe(first.checked);
  expect(await reader(live.cardNo)).toMatchObject({ status: 'inactive', statusReason: '读者证已挂失', inactiveByIls: true });
  expect(await reader(imported.cardNo)).toMatchObject({ status: 'inactive', statusReason: '读者证已挂失' });
  expect(await reader(quiet.cardNo)).toMatchObject({ status: 'active' });

  // Re-runnable: nothing changes on a second run.
  expect(await runTimer()).toMatchObject({ deactivated: 0, reactivated: 0 });

  lib.standin.patrons.get(live.cardNo)!.lost = false;
  expect(await runTimer()).toMatchObject({ reactivated: 1, deactivated: 0 });
  expect(await reader(live.cardNo)).toMatchObject({ status: 'active', statusReason: null, inactiveByIls: false });
  expect(await reader(imported.cardNo)).toMatchObject({ status: 'inactive' });
});

test('a card made inactive by the library\'s import stays inactive whatever the live answer', async () => {
  const id = freshIdentity('T');
  const row = { cardNo: id.cardNo, name: '蒋停用', idNumber: id.idNumber, phone: id.phone };
  lib.standin.addPatron({ cardNo: id.cardNo, name: '蒋停用', phone: id.phone, lost: true });
  await lib.call('admin', SIP2_ADMIN, { action: 'importReaders', readers: [row] });
  expect((await lib.bind(uid('p'), id.cardNo, id.phone)).ok).toBe(true); // imported: the table answers
  await lib.call('admin', SIP2_ADMIN, { action: 'importReaders', readers: [{ ...row, status: 'inactive' }] });
  await runTimer();
  expect(await reader(id.cardNo)).toMatchObject({ status: 'inactive' });
  expect((await reader(id.cardNo)).inactiveByIls).not.toBe(true);
  lib.standin.patrons.get(id.cardNo)!.lost = false;
  await runTimer();
  expect(await reader(id.cardNo)).toMatchObject({ status: 'inactive' });
});

test('with the library system down the timer changes nothing and says so', async () => {
  const id = freshIdentity('E');
  lib.standin.addPatron({ cardNo: id.cardNo, name: '卫宕机', phone: id.phone });
  expect((await lib.bind(uid('p'), id.cardNo, id.phone)).ok).toBe(true);
  await lib.standin.stop();
  try {
    const out = await runTimer();
    expect(out.unavailable).toBeGreaterThan(0);
    expect(out).toMatchObject({ deactivated: 0, reactivated: 0 });
    expect(await reader(id.cardNo)).toMatchObject({ status: 'active' });
  } finally {
    await lib.standin.start();
  }
});
