// Staff area: 工作台 entries by role, and 扫码核销 (scan or type a code, check it, hand over once).
import { installWx, renderPage } from './harness';
import { ADMIN, call, newPatron, ok, uid } from '../support/cloud';
import { generateCode } from '../../server/domain/redemption-code';

const SATURDAY = '2026-01-10T10:00:00+08:00'; // inside the pickup hours
const WEDNESDAY = '2026-01-14T10:00:00+08:00'; // outside them
const PICKUP = '周六、周日 08:30-11:30、13:30-17:00';

async function newStaff(role: 'staff' | 'admin' = 'staff'): Promise<string> {
  const openid = uid(role);
  await ok('admin', ADMIN, { action: 'grantRole', openid, role });
  return openid;
}

/** A patron who redeemed a fresh prize at `at`; returns the code. */
async function redeemed(at: string) {
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name: `核销测试${uid('z')}`, cost: 10, stock: 5 });
  const patron = await newPatron();
  const { redemption } = await ok('rewards', patron.openid, { action: 'redeem', prizeId: prize.prizeId, requestId: uid('req-') }, { now: at });
  return { patron, prize, code: redemption.code as string };
}

const grouped = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

describe('工作台', () => {
  test('a non-staff user sees only 仅限工作人员使用', async () => {
    installWx({ openid: uid('p') });
    const page = await renderPage('staff/index/index');
    expect(page.text()).toBe('仅限工作人员使用');
    expect(page.has('#entry-scan')).toBe(false);
  });

  test('staff: 扫码核销 and the books entries; no 奖品管理', async () => {
    const wx = installWx({ openid: await newStaff() });
    const page = await renderPage('staff/index/index');
    expect(page.text()).toContain('扫码核销');
    expect(page.has('#entry-prizes')).toBe(false);
    expect(page.text()).not.toContain('即将开放');
    await page.tap('#entry-scan');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/staff/redeem-scan/redeem-scan' });
    await page.tap('#entry-donation-scan');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/staff/donation-scan/donation-scan' });
    await page.tap('#entry-recommendations');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/staff/recommendations/recommendations' });
    expect(getApp<IAppOption>().globalData.isStaff).toBe(true);
  });

  test('admins also get 奖品管理', async () => {
    const wx = installWx({ openid: ADMIN });
    const page = await renderPage('staff/index/index');
    await page.tap('#entry-prizes');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/staff/prizes/prizes' });
  });

  test('a transport failure: error state, then 重新加载', async () => {
    const wx = installWx({ openid: await newStaff() });
    wx.failNextCall('before');
    wx.script('showModal', { confirm: false });
    const page = await renderPage('staff/index/index');
    expect(page.text()).toContain('网络异常，请稍后再试');
    await page.tapText('重新加载');
    expect(page.text()).toContain('扫码核销');
  });
});

describe('扫码核销', () => {
  test('a non-staff user sees only 仅限工作人员使用 (and the cloud refuses them too)', async () => {
    const { code } = await redeemed(SATURDAY);
    const patron = uid('p');
    installWx({ openid: patron });
    const page = await renderPage('staff/redeem-scan/redeem-scan');
    expect(page.text()).toBe('仅限工作人员使用');
    expect(page.has('#scan')).toBe(false);
    const direct = await call('rewards', patron, { action: 'staffLookup', code });
    expect(direct.error?.code).toBe('FORBIDDEN');
  });

  test('scan → details → 确认发放 → 已领取; scanning it again is refused', async () => {
    const { patron, prize, code } = await redeemed('2026-01-03T09:00:00+08:00');
    const staff = await newStaff();
    const wx = installWx({ openid: staff, now: SATURDAY });
    const page = await renderPage('staff/redeem-scan/redeem-scan');
    wx.script('scanCode', code);
    await page.tap('#scan');
    expect(wx.lastCall('scanCode')).toMatchObject({ onlyFromCamera: false });

    const expected = (await ok('rewards', staff, { action: 'staffLookup', code }, { now: SATURDAY })).redemption;
    const shown = page.text('#found');
    expect(shown).toContain(prize.name);
    expect(shown).toContain(grouped(code));
    expect(shown).toContain(expected.cardNo);
    expect(shown).not.toContain(patron.cardNo);
    expect(expected.holderName).toBe('测***'); // 测试读者
    expect(shown).toContain('测***');
    expect(page.text('#status')).toContain('待领取');
    expect(shown).toContain('2026-01-03 09:00'); // redeemed
    expect(shown).toContain('2027-01-03'); // valid until
    expect(page.has('#window-warning')).toBe(false);

    await page.tap('#fulfil');
    expect(page.text('#status')).toContain('已领取');
    expect(page.text('#handed-over')).toContain('已发放');
    expect(page.has('#fulfil')).toBe(false);
    expect(page.text('#found')).toContain('2026-01-10 10:00'); // collected
    expect(wx.lastCall('showToast')).toMatchObject({ title: '发放成功' });
    const mine = await ok('rewards', patron.openid, { action: 'mine' });
    expect(mine.redemptions[0]).toMatchObject({ code, status: 'collected' });

    wx.script('scanCode', code);
    await page.tap('#scan');
    expect(page.text('#message')).toBe('该奖品已领取，不能重复发放');
    expect(wx.lastToast()).toBe('该奖品已领取，不能重复发放');
    expect(page.text('#status')).toContain('已领取');
    expect(page.has('#fulfil')).toBe(false);
  });

  test('outside pickup hours: a warning, and the hand-over is still the desk’s call', async () => {
    const { code } = await redeemed('2026-01-03T09:00:00+08:00');
    const wx = installWx({ openid: await newStaff(), now: WEDNESDAY });
    const page = await renderPage('staff/redeem-scan/redeem-scan');
    wx.script('scanCode', { result: code });
    await page.tap('#scan');
    expect(page.text('#window-warning')).toContain(`当前不在领取时间（${PICKUP}），请确认后再发放`);
    await page.tap('#fulfil');
    expect(page.text('#status')).toContain('已领取');
  });

  test('typing a code (any case, with hyphens) and 查询; an empty field asks for one', async () => {
    const { prize, code } = await redeemed(SATURDAY);
    const wx = installWx({ openid: await newStaff(), now: SATURDAY });
    const page = await renderPage('staff/redeem-scan/redeem-scan');
    await page.tap('#query');
    expect(wx.lastToast()).toBe('请输入兑换码');
    await page.input('#code-input', grouped(code).toLowerCase());
    await page.tap('#query');
    expect(page.text('#found')).toContain(prize.name);
    expect(page.text('#status')).toContain('待领取');
  });

  test('an expired code is refused with the expiry reason', async () => {
    const { code } = await redeemed('2025-01-04T10:00:00+08:00');
    const wx = installWx({ openid: await newStaff(), now: SATURDAY });
    const page = await renderPage('staff/redeem-scan/redeem-scan');
    wx.script('scanCode', code);
    await page.tap('#scan');
    expect(page.text('#status')).toContain('已过期');
    expect(page.text('#message')).toBe('兑换码已过期（超过一年未领取），不能发放');
    expect(wx.lastToast()).toBe('兑换码已过期（超过一年未领取），不能发放');
    expect(page.has('#fulfil')).toBe(false);
  });

  test('unknown and malformed codes: the reason as toast and inline', async () => {
    const wx = installWx({ openid: await newStaff(), now: SATURDAY });
    const page = await renderPage('staff/redeem-scan/redeem-scan');
    wx.script('scanCode', generateCode());
    await page.tap('#scan');
    expect(page.text('#message')).toBe('兑换码不存在，请核对');
    expect(wx.lastToast()).toBe('兑换码不存在，请核对');
    expect(page.has('#found')).toBe(false);

    wx.script('scanCode', 'https://example.com/not-a-code');
    await page.tap('#scan');
    expect(page.text('#message')).toBe('兑换码格式有误，请重新扫描或输入');
    expect(wx.lastToast()).toBe('兑换码格式有误，请重新扫描或输入');
  });

  test('another desk hands it over first: the reason, and the page shows 已领取', async () => {
    const { code } = await redeemed(SATURDAY);
    const other = await newStaff();
    const wx = installWx({ openid: await newStaff(), now: SATURDAY });
    const page = await renderPage('staff/redeem-scan/redeem-scan');
    wx.script('scanCode', code);
    await page.tap('#scan');
    await ok('rewards', other, { action: 'fulfil', code }, { now: SATURDAY });
    await page.tap('#fulfil');
    expect(wx.lastToast()).toBe('该奖品已领取，不能重复发放');
    expect(page.text('#message')).toBe('该奖品已领取，不能重复发放');
    expect(page.text('#status')).toContain('已领取');
    expect(page.has('#handed-over')).toBe(false);
  });

  test('a role withdrawn meanwhile: the cloud answers FORBIDDEN, shown inline', async () => {
    const { code } = await redeemed(SATURDAY);
    const staff = await newStaff();
    installWx({ openid: staff, now: SATURDAY });
    const page = await renderPage('staff/redeem-scan/redeem-scan');
    await ok('admin', ADMIN, { action: 'grantRole', openid: staff, role: 'staff', revoke: true });
    await page.input('#code-input', code);
    await page.tap('#query');
    expect(page.text('#message')).toBe('无权进行此操作');
  });

  test('a cancelled scan does nothing; a transport failure shows the network reason', async () => {
    const { code } = await redeemed(SATURDAY);
    const wx = installWx({ openid: await newStaff(), now: SATURDAY });
    const page = await renderPage('staff/redeem-scan/redeem-scan');
    await page.tap('#scan'); // nothing scripted: the camera is closed
    const lookups = () => wx.calls('callFunction').filter((c) => c.data.action === 'staffLookup');
    expect(lookups()).toHaveLength(0);
    expect(page.has('#message')).toBe(false);

    wx.failNextCall('before');
    wx.script('showModal', { confirm: false });
    wx.script('scanCode', code);
    await page.tap('#scan');
    expect(page.text('#message')).toBe('网络异常，请稍后再试');
  });
});
