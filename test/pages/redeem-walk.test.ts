// The whole walk: a patron redeems, shows the QR, the desk scans and hands over; a year later
// an uncollected redemption has expired and the desk is refused.
import { installWx, renderPage, type PageDriver } from './harness';
import { ADMIN, call, newPatron, ok, uid } from '../support/cloud';
import { decodeQr } from './qr';

const REDEEMED_AT = '2026-01-10T10:00:00+08:00'; // Saturday, inside the pickup hours
const YEAR_LATER = '2027-01-16T10:00:00+08:00'; // Saturday, past the one-year validity

/** The QR image the patron's screen shows for a redemption (what the desk's camera reads). */
function qrShown(page: PageDriver, code: string): string {
  const item = page.data().items.find((i: { code: string }) => i.code === code);
  expect(page.root.querySelector(`#r-${code}`).dom.querySelector('wx-image')).toBeTruthy();
  return item.qr;
}

test('redeem → scan → hand over → 已领取; a year later the other one is 已过期 and refused', async () => {
  const name = `走查奖品${uid('w')}`;
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name, cost: 20, stock: 3 });
  const patron = await newPatron();
  const staff = uid('staff');
  await ok('admin', ADMIN, { action: 'grantRole', openid: staff, role: 'staff' });
  const wx = installWx({ openid: patron.openid, now: REDEEMED_AT });

  // The patron redeems twice on the prize page.
  const prizePage = await renderPage(`prize?prizeId=${prize.prizeId}`);
  expect(prizePage.text('#stock')).toContain('3');
  expect(prizePage.text('#balance')).toContain('50');
  await prizePage.tap('#redeem');
  await prizePage.waitFor('兑换成功');
  const first = prizePage.text('#issued-code').replace(/-/g, '');
  expect(prizePage.text('#balance')).toContain('30');
  expect(prizePage.text('#stock')).toContain('2');
  await prizePage.tap('#redeem');
  await prizePage.waitFor((p) => p.text('#issued-code').replace(/-/g, '') !== first);
  const second = prizePage.text('#issued-code').replace(/-/g, '');
  expect(prizePage.text('#balance')).toContain('10');
  expect(prizePage.text('#stock')).toContain('1');
  await prizePage.tap('#view-codes');
  expect(wx.lastCall('navigateTo')).toEqual({ url: '/pages/redemptions/redemptions' });

  // My redemptions shows both, each with its code and QR.
  const mine = await renderPage('redemptions');
  expect(mine.text(`#r-${first}`)).toContain('待领取');
  expect(mine.text(`#r-${second}`)).toContain('待领取');
  const scannedFirst = await decodeQr(qrShown(mine, first));
  const scannedSecond = await decodeQr(qrShown(mine, second));
  expect(scannedFirst).toBe(first);

  // The desk scans the first one and hands it over.
  wx.setOpenid(staff);
  const desk = await renderPage('staff/redeem-scan/redeem-scan');
  wx.script('scanCode', { result: scannedFirst });
  await desk.tap('#scan');
  expect(desk.text('#found')).toContain(name);
  expect(desk.text('#status')).toContain('待领取');
  expect(desk.has('#window-warning')).toBe(false);
  await desk.tap('#fulfil');
  expect(desk.text('#status')).toContain('已领取');

  // The patron pulls down: 已领取.
  wx.setOpenid(patron.openid);
  await mine.pullDown();
  expect(mine.text(`#r-${first}`)).toContain('已领取');
  expect(mine.text(`#r-${first}`)).toContain('已于 2026-01-10 10:00 领取');
  expect(mine.text(`#r-${second}`)).toContain('待领取');

  // A year later: the second one is void, the points stay spent.
  wx.setNow(YEAR_LATER);
  const later = await renderPage('redemptions');
  expect(later.text(`#r-${first}`)).toContain('已领取');
  expect(later.text(`#r-${second}`)).toContain('已过期');
  expect(later.text(`#r-${second}`)).toContain('过期作废，积分不退还');
  expect((await ok('points', patron.openid, { action: 'summary' }, { now: YEAR_LATER })).balance).toBe(10);

  // The desk scans the old QR: refused with the expiry reason, nothing to hand over.
  wx.setOpenid(staff);
  const deskLater = await renderPage('staff/redeem-scan/redeem-scan');
  wx.script('scanCode', { result: scannedSecond });
  await deskLater.tap('#scan');
  expect(deskLater.text('#status')).toContain('已过期');
  expect(deskLater.text('#message')).toBe('兑换码已过期（超过一年未领取），不能发放');
  expect(wx.lastToast()).toBe('兑换码已过期（超过一年未领取），不能发放');
  expect(deskLater.has('#fulfil')).toBe(false);
  const forced = await call('rewards', staff, { action: 'fulfil', code: second }, { now: YEAR_LATER });
  expect(forced.error?.code).toBe('REDEMPTION_EXPIRED');
});
