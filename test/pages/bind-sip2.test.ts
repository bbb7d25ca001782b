// 绑定证件 with the library system live (SIP2): through the real functions, a local cloud whose
// reader directory is the stand-in library system (devcloud/sip2), not the imported table alone.
import { installWx, renderPage, type PageDriver } from './harness';
import { SIP2_ADMIN, freshIdentity, startSip2Cloud, type Sip2Cloud } from '../support/sip2';
import { uid } from '../support/cloud';

let lib: Sip2Cloud;
beforeAll(async () => { lib = await startSip2Cloud(); });
afterAll(async () => { await lib?.close(); });

async function bindOnPage(openid: string, cardNo: string, phone: string, opts: { code?: string; password?: string } = {}) {
  const wx = installWx({ openid, baseUrl: lib.cloud.url });
  const page: PageDriver = await renderPage('bind-card');
  await page.input('#card-no', cardNo);
  await page.input('#phone', phone);
  if (opts.password !== undefined) await page.input('#password', opts.password);
  let code = opts.code;
  if (!code) {
    await page.tap('#send-code');
    code = (await lib.smsCode(phone)) ?? '000000';
  }
  await page.input('#code', code);
  await page.tap('#bind');
  return { wx, page, code };
}

test('a reader who registered an e-card a minute ago (not imported) binds at once and gets the first-binding bonus', async () => {
  const id = freshIdentity('E');
  lib.standin.addPatron({ cardNo: id.cardNo, name: '赵新读者', phone: id.phone, idNumber: id.idNumber });
  const openid = uid('p');
  const { wx } = await bindOnPage(openid, id.cardNo, id.phone);
  expect(wx.lastCall('showModal')).toMatchObject({ title: '绑定成功', content: expect.stringContaining('首次绑定奖励 50 积分') });
  const profile = await lib.call('account', openid, { action: 'profile' });
  expect(profile.data.cards).toEqual([expect.objectContaining({ cardNo: id.cardNo, current: true, points: 50 })]);
  // Cached in readers with its source and time; the ID number only as the keyed hash.
  const cached = (await lib.docs('readers')).find((d) => d._id === id.cardNo);
  expect(cached).toMatchObject({ source: 'sip2', name: '赵新读者', phone: id.phone, status: 'active', idHash: expect.stringMatching(/^[0-9a-f]{16,}$/) });
  expect(cached.cachedAt).toBeTruthy();
  expect(JSON.stringify(cached)).not.toContain(id.idNumber);
});

test('a card the library reports lost is refused with the reason', async () => {
  const id = freshIdentity('E');
  lib.standin.addPatron({ cardNo: id.cardNo, name: '钱挂失', phone: id.phone, lost: true });
  const openid = uid('p');
  const { wx } = await bindOnPage(openid, id.cardNo, id.phone);
  expect(wx.lastToast()).toBe('该读者证已停用，请到服务台咨询（读者证已挂失）');
  expect(wx.calls('showModal')).toHaveLength(0);
  expect((await lib.call('account', openid, { action: 'profile' })).data.cards).toEqual([]);
});

test('a card the library says is not valid (BL N) answers as an unknown card; no code is sent for it', async () => {
  const id = freshIdentity('E');
  lib.standin.addPatron({ cardNo: id.cardNo, name: '孙注销', phone: id.phone, valid: false });
  const { wx } = await bindOnPage(uid('p'), id.cardNo, id.phone, { code: '123456' });
  expect(await lib.smsCode(id.phone)).toBeNull();
  expect(wx.lastToast()).toBe('验证码错误'); // no code was issued: the same answer as for any card without one
  const sent = await lib.call('account', uid('p'), { action: 'sendSmsCode', phone: id.phone, purpose: 'bind', cardNo: id.cardNo });
  expect(sent).toMatchObject({ ok: true, data: { retryAfter: 60 } });
  expect(await lib.smsCode(id.phone)).toBeNull();
});

test('with the library system down: an imported card still binds; a live-only card gets ILS_UNAVAILABLE and its code stays valid', async () => {
  const live = freshIdentity('E');
  lib.standin.addPatron({ cardNo: live.cardNo, name: '李在线', phone: live.phone });
  const imported = freshIdentity('T');
  const imp = await lib.call('admin', SIP2_ADMIN, { action: 'importReaders', readers: [{ cardNo: imported.cardNo, name: '周导入', idNumber: imported.idNumber, phone: imported.phone }] });
  expect(imp.ok).toBe(true);

  // The live reader asks for a code while the library answers.
  const openid = uid('p');
  const first = await bindOnPage(openid, live.cardNo, live.phone, { code: undefined });
  expect(first.wx.lastCall('showModal')).toMatchObject({ title: '绑定成功' });
  const second = freshIdentity('E');
  lib.standin.addPatron({ cardNo: second.cardNo, name: '吴稍后', phone: second.phone });
  const later = uid('p');
  const sent = await lib.call('account', later, { action: 'sendSmsCode', phone: second.phone, purpose: 'bind', cardNo: second.cardNo });
  expect(sent.ok).toBe(true);
  const code = await lib.smsCode(second.phone);
  expect(code).toMatch(/^\d{6}$/);

  await lib.standin.stop();
  const down = await bindOnPage(later, second.cardNo, second.phone, { code: code! });
  expect(down.wx.lastToast()).toBe('图书馆系统暂时无法连接，请稍后再试');

  const other = uid('p');
  const bound = await bindOnPage(other, imported.cardNo, imported.phone);
  expect(bound.wx.lastCall('showModal')).toMatchObject({ title: '绑定成功', content: expect.stringContaining('首次绑定奖励 50 积分') });

  // The library is back: the same code binds the live card.
  await lib.standin.start();
  const back = await bindOnPage(later, second.cardNo, second.phone, { code: code! });
  expect(back.wx.lastCall('showModal')).toMatchObject({ title: '绑定成功', content: expect.stringContaining('首次绑定奖励 50 积分') });
});

describe('a library that checks readers by their library password (no phone in its answers)', () => {
  let pw: Sip2Cloud;
  beforeAll(async () => { pw = await startSip2Cloud({}, { YUE_SIP2_VERIFY: 'password' }); });
  afterAll(async () => { await pw?.close(); });

  test('the page asks for the library password and says so; a wrong one is refused, the right one binds', async () => {
    const id = freshIdentity('E');
    pw.standin.addPatron({ cardNo: id.cardNo, name: '郑密码', phone: null, password: 'lib2031' });
    const openid = uid('p');
    const wx = installWx({ openid, baseUrl: pw.cloud.url });
    const page = await renderPage('bind-card');
    await page.waitFor('借阅密码', 5000);
    expect(page.text('#intro')).toContain('本馆以借阅密码核验读者身份');
    await page.input('#card-no', id.cardNo);
    await page.input('#phone', id.phone);
    await page.tap('#send-code');
    const code = await pw.smsCode(id.phone);
    expect(code).toMatch(/^\d{6}$/); // a valid card: the code goes to the phone typed
    await page.input('#code', code!);
    await page.tap('#bind');
    expect(wx.lastToast()).toBe('请输入借阅密码');
    await page.input('#password', 'wrong-1');
    await page.tap('#bind');
    expect(wx.lastToast()).toBe('读者证密码不正确（图书馆借阅系统的密码）');
    await page.input('#password', 'lib2031');
    await page.tap('#bind');
    expect(wx.lastCall('showModal')).toMatchObject({ title: '绑定成功' });
    // The phone the code proved is kept for the card (the library sent none).
    const cached = (await pw.docs('readers')).find((d) => d._id === id.cardNo);
    expect(cached).toMatchObject({ source: 'sip2', phone: id.phone });
  });
});
