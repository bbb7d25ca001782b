import { buildSendSmsRequest } from '../../server/ports/tencent-sms';
import { loadConfig } from '../../server/runtime/config';
import { bindCard, call, latestSmsCode, newPatron, newReader, ok, request, storedDocs, uid } from '../support/cloud';

const T0 = Date.parse('2031-03-01T10:00:00+08:00');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const sms = async (phone: string) => (await request('GET', `/dev/sms?phone=${phone}`)).json.messages;

describe('SMS codes', () => {
  test('a code is 6 digits, reaches the dev outbox, and is stored only as a keyed hash', async () => {
    const reader = await newReader();
    const me = uid();
    const res = await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' });
    expect(res).toEqual({ retryAfter: 60 });
    const code = await latestSmsCode(reader.phone);
    expect(code).toMatch(/^\d{6}$/);
    const stored = (await storedDocs('sms_codes')).filter((d) => d.phone === reader.phone);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0])).not.toContain(code);
    expect(stored[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('requesting a code answers the same for an unknown phone, and sends nothing there', async () => {
    const unknown = `137${String(Date.now()).slice(-8)}`;
    const a = await call('account', uid(), { action: 'sendSmsCode', phone: unknown, purpose: 'bind' });
    const reader = await newReader();
    const b = await call('account', uid(), { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' });
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(true);
    expect(a.data).toEqual(b.data);
    expect(await sms(unknown)).toHaveLength(0);
    expect(await sms(reader.phone)).toHaveLength(1);
  });

  test('a second code within 60 s is refused; after 60 s it is sent', async () => {
    const reader = await newReader();
    const me = uid();
    await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(0) });
    const again = await call('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(59_000) });
    expect(again.error?.code).toBe('SMS_RATE_LIMITED');
    expect(again.error?.message).toMatch(/频繁/);
    await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(61_000) });
  });

  test('one WeChat user gets at most 5 codes a day for one phone; the gap is per user and phone', async () => {
    const reader = await newReader();
    const me = uid();
    for (let i = 0; i < 5; i++) await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(i * 61_000) });
    const sixth = await call('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(5 * 61_000) });
    expect(sixth.error?.code).toBe('SMS_RATE_LIMITED');
    // Someone else asking for the same phone a second later is not held by my gap or my quota.
    await ok('account', uid(), { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(5 * 61_000 + 1000) });
    await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(24 * 3600_000) });
  });

  test('at most 30 codes per phone per day (SMS bombing), then a new day resets', async () => {
    const reader = await newReader();
    for (let i = 0; i < 30; i++) {
      await ok('account', uid(), { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(i * 1000) });
    }
    expect(await sms(reader.phone)).toHaveLength(30);
    const over = await call('account', uid(), { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(31_000) });
    expect(over.error?.code).toBe('SMS_RATE_LIMITED');
    expect(await sms(reader.phone)).toHaveLength(30);
    await ok('account', uid(), { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(24 * 3600_000) });
  });

  test('two strangers asking all day for a reader\'s phone, for either purpose, do not lock the reader out', async () => {
    const reader = await newReader();
    const strangers = [await newPatron(), await newPatron()];
    // Each stranger keeps asking, 61 s apart, until refused: bind codes, and phone-change codes
    // (they have a bound card of their own; the phone is another person's, so nothing is sent).
    let refused = 0;
    for (const [k, s] of strangers.entries()) {
      for (let i = 0; i < 10; i++) {
        const purpose = i % 2 ? 'changePhone' : 'bind';
        const res = await call('account', s.openid, { action: 'sendSmsCode', phone: reader.phone, purpose }, { now: at((k * 10 + i) * 61_000) });
        if (!res.ok) refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(0); // their own quota stopped them
    expect((await sms(reader.phone)).every((m: { purpose: string }) => m.purpose === 'bind')).toBe(true);
    // The reader, the same day, still gets a code and binds.
    const owner = uid();
    await ok('account', owner, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(21 * 61_000) });
    const code = await latestSmsCode(reader.phone);
    await ok('account', owner, { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code }, { now: at(21 * 61_000 + 5000) });
  });

  test('phone-change codes: only with a bound card, and never to another person\'s reader phone', async () => {
    const someone = await newReader();
    const fresh = `135${String(Date.now()).slice(-8)}`;
    const noCard = await call('account', uid(), { action: 'sendSmsCode', phone: fresh, purpose: 'changePhone' });
    expect(noCard.error?.code).toBe('CARD_NOT_BOUND');
    expect(await sms(fresh)).toHaveLength(0);

    const patron = await newPatron();
    const taken = await call('account', patron.openid, { action: 'sendSmsCode', phone: someone.phone, purpose: 'changePhone' });
    const free = await call('account', patron.openid, { action: 'sendSmsCode', phone: fresh, purpose: 'changePhone' });
    expect(taken).toMatchObject({ ok: true });
    expect(taken.data).toEqual(free.data); // the same answer: which phones readers have stays unknown
    expect(await sms(someone.phone)).toHaveLength(0);
    expect(await sms(fresh)).toHaveLength(1);

    // The phone of another card of the same person (same ID number) is the caller's own.
    const idNumber = someone.idNumber;
    const mine = await newReader({ idNumber });
    await bindCard(patron.openid, mine);
    await ok('account', patron.openid, { action: 'sendSmsCode', phone: someone.phone, purpose: 'changePhone' }, { now: at(3600_000) });
    expect((await sms(someone.phone)).filter((m: { purpose: string }) => m.purpose === 'changePhone')).toHaveLength(1);
  });

  test('a phone-change code is refused once its phone became another person\'s reader phone', async () => {
    const patron = await newPatron();
    const phone = `134${String(Date.now()).slice(-8)}`;
    await ok('account', patron.openid, { action: 'sendSmsCode', phone, purpose: 'changePhone' }, { now: at(0) });
    const code = await latestSmsCode(phone);
    await newReader({ phone }); // the library gives the number to another reader meanwhile
    const res = await call('account', patron.openid, { action: 'changePhone', cardNo: patron.cardNo, oldPhone: patron.reader.phone, newPhone: phone, code }, { now: at(60_000) });
    expect(res.error?.code).toBe('SMS_CODE_INVALID');
    expect((await storedDocs('readers')).find((r) => r._id === patron.cardNo).phone).toBe(patron.reader.phone);
  });

  test('at most 10 codes per WeChat user per day, across phones', async () => {
    const me = uid();
    for (let i = 0; i < 10; i++) {
      const r = await newReader();
      await ok('account', me, { action: 'sendSmsCode', phone: r.phone, purpose: 'bind' }, { now: at(i * 1000) });
    }
    const r = await newReader();
    const eleventh = await call('account', me, { action: 'sendSmsCode', phone: r.phone, purpose: 'bind' }, { now: at(20_000) });
    expect(eleventh.error?.code).toBe('SMS_RATE_LIMITED');
  });

  test('a code expires after 5 minutes', async () => {
    const reader = await newReader();
    const me = uid();
    await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, { now: at(0) });
    const code = await latestSmsCode(reader.phone);
    const late = await call('account', me, { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code }, { now: at(5 * 60_000 + 1000) });
    expect(late.error?.code).toBe('SMS_CODE_EXPIRED');
  });

  test('five wrong tries kill the code, even for the right code afterwards', async () => {
    const reader = await newReader();
    const me = uid();
    await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' });
    const code = await latestSmsCode(reader.phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call('account', me, { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code: wrong });
      codes.push(res.error!.code);
    }
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('SMS_CODE_INVALID'));
    expect(codes[4]).toBe('SMS_TOO_MANY_ATTEMPTS');
    const right = await call('account', me, { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code });
    expect(right.error?.code).toBe('SMS_TOO_MANY_ATTEMPTS');
  });

  test('parallel wrong guesses cannot exceed five attempts', async () => {
    const reader = await newReader();
    const me = uid();
    await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' });
    const code = await latestSmsCode(reader.phone);
    const guesses = Array.from({ length: 30 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    guesses[29] = code; // the right code among many wrong ones sent at once
    const results = await Promise.all(guesses.map((g) => call('account', me, { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code: g })));
    // At most five guesses were ever compared; every other one was refused outright.
    const compared = results.filter((r) => r.ok || r.error?.code === 'SMS_CODE_INVALID').length;
    expect(compared).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.error?.code === 'SMS_TOO_MANY_ATTEMPTS').length).toBeGreaterThanOrEqual(25);
    const stored = (await storedDocs('sms_codes')).find((d) => d.phone === reader.phone);
    expect(stored.attempts).toBeLessThanOrEqual(5);
  });

  test('a code is bound to its purpose and to the phone it was sent to', async () => {
    const { openid: me, reader } = await newPatron();
    const other = await newReader();
    await ok('account', me, { action: 'sendSmsCode', phone: reader.phone, purpose: 'changePhone' }, { now: at(0) });
    const code = await latestSmsCode(reader.phone);
    const wrongPurpose = await call('account', me, { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code });
    expect(wrongPurpose.error?.code).toBe('SMS_CODE_INVALID');
    const wrongPhone = await call('account', me, { action: 'bindCard', cardNo: other.cardNo, phone: other.phone, code });
    expect(wrongPhone.error?.code).toBe('SMS_CODE_INVALID');
  });

  test('the Tencent Cloud SMS request carries signature, template, +86 phone and the code', () => {
    const cfg = loadConfig({ YUE_SMS_SDK_APP_ID: '1400000000', YUE_SMS_SIGN_NAME: '某某图书馆', YUE_SMS_TEMPLATE_ID: '123456' }).sms;
    expect(buildSendSmsRequest(cfg, { phone: '13800000001', code: '123456', purpose: 'bind', ttlMinutes: 5 })).toEqual({
      SmsSdkAppId: '1400000000', SignName: '某某图书馆', TemplateId: '123456',
      PhoneNumberSet: ['+8613800000001'], TemplateParamSet: ['123456', '5'], SessionContext: 'bind',
    });
  });
});
