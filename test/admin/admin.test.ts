import { ADMIN, call, newPatron, ok, storedDocs, uid } from '../support/cloud';
import { withCheckChar } from '../../server/util/idcard';

describe('admin', () => {
  test('importReaders upserts by card number, keeps only a keyed hash of the ID number, reports bad rows', async () => {
    const cardNo = `IMP${Date.now().toString().slice(-7)}`;
    const idNumber = withCheckChar('44030419920229123');
    const badCheck = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0');
    const res = await ok('admin', ADMIN, {
      action: 'importReaders',
      readers: [
        { cardNo, name: '郑一', idNumber, phone: '13512345678' },
        { cardNo: `${cardNo}B`, name: '郑二', idNumber: badCheck, phone: '13512345679' },
        { cardNo: 'x', name: '郑三', idNumber, phone: '13512345670' },
        { cardNo: `${cardNo}C`, name: '郑四', idNumber, phone: '123' },
      ],
    });
    expect(res.imported).toBe(1);
    expect(res.rejected).toEqual([
      { row: 2, cardNo: `${cardNo}B`, reason: '身份证号校验位不正确' },
      { row: 3, cardNo: 'x', reason: '读者证号格式有误' },
      { row: 4, cardNo: `${cardNo}C`, reason: '手机号格式有误' },
    ]);
    const again = await ok('admin', ADMIN, { action: 'importReaders', readers: [{ cardNo, name: '郑一', idNumber, phone: '13512345999' }] });
    expect(again.imported).toBe(1);
    const stored = (await storedDocs('readers')).filter((r) => r.cardNo === cardNo);
    expect(stored).toHaveLength(1);
    expect(stored[0].phone).toBe('13512345999');
    expect(JSON.stringify(stored[0])).not.toContain(idNumber);
    expect(JSON.stringify(stored[0])).not.toContain(idNumber.slice(6, 14));
  });

  test('importReaders, setRules and grantRole are admin-only', async () => {
    for (const event of [
      { action: 'importReaders', readers: [{}] },
      { action: 'setRules', rules: { checkinPoints: 100 } },
      { action: 'grantRole', openid: 'someone', role: 'staff' },
    ]) {
      expect((await call('admin', uid(), event)).error?.code).toBe('FORBIDDEN');
    }
    const staff = uid('staff');
    await ok('admin', ADMIN, { action: 'grantRole', openid: staff, role: 'staff' });
    expect((await call('admin', staff, { action: 'setRules', rules: { checkinPoints: 100 } })).error?.code).toBe('FORBIDDEN');
    expect((await ok('account', staff, { action: 'profile' })).roles).toEqual(['staff']);
  });

  test('setRules validates, bumps the version, and later ledger entries name it', async () => {
    const before = (await ok('points', uid(), { action: 'rules' })).rules;
    const bad = await call('admin', ADMIN, { action: 'setRules', rules: { checkinPoints: -1 } });
    expect(bad.error?.code).toBe('INVALID_INPUT');
    // Same numbers, new version: harmless to tests running beside this one.
    const { rules } = await ok('admin', ADMIN, { action: 'setRules', rules: { checkinPoints: before.checkinPoints } });
    expect(rules.version).toBeGreaterThan(before.version);
    const { openid, cardNo } = await newPatron();
    const entries = (await ok('points', openid, { action: 'ledger', cardNo })).entries;
    expect(entries[0].rulesVersion).toBeGreaterThanOrEqual(rules.version);
  });
});
