// 我的兑换: status tags, code as text and QR image, pickup time and place, refresh and states.
import qrcode from 'qrcode-generator';
import { installWx, renderPage } from './harness';
import { ADMIN, newPatron, ok, uid } from '../support/cloud';
import { decodeQr } from './qr';

async function newPrize(cost: number, stock = 10) {
  const name = `兑换测试${uid('z')}`;
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name, cost, stock });
  return { prizeId: prize.prizeId as string, name };
}

async function redeem(openid: string, prizeId: string, now?: string) {
  const data = await ok('rewards', openid, { action: 'redeem', prizeId, requestId: uid('req-') }, now ? { now } : {});
  return data.redemption as { code: string; expiresAt: string };
}

const grouped = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

/** The QR image the page should show for a code, made independently from the module. */
function qrOf(code: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(code, 'Alphanumeric');
  qr.make();
  return qr.createDataURL(8, 16);
}

/** The QR image of a redemption: null when none is rendered. The simulator's <image> keeps no
 * src attribute in the DOM, so the bound value is read from the page data. */
function imageSrc(page: Awaited<ReturnType<typeof renderPage>>, code: string): string | null {
  const img = page.root.querySelector(`#r-${code}`).dom.querySelector('wx-image');
  if (!img) return null;
  const item = page.data().items.find((i: { code: string }) => i.code === code);
  return item?.qr || null;
}

test('no redemptions yet: the empty state links to the catalogue', async () => {
  const patron = await newPatron();
  const wx = installWx({ openid: patron.openid });
  const page = await renderPage('redemptions');
  expect(page.text()).toContain('还没有兑换记录');
  await page.tap('#go-rewards');
  expect(wx.lastCall('switchTab')).toEqual({ url: '/pages/rewards/rewards' });
});

test('pending redemptions: prize, cost, 待领取, the code as text and QR, expiry, pickup time and place', async () => {
  const [first, second] = [await newPrize(10), await newPrize(20)];
  const patron = await newPatron();
  const r1 = await redeem(patron.openid, first.prizeId, '2025-03-01T10:00:00+08:00');
  const r2 = await redeem(patron.openid, second.prizeId, '2025-03-02T10:00:00+08:00');
  installWx({ openid: patron.openid, now: '2025-03-03T10:00:00+08:00' });
  const page = await renderPage('redemptions');

  const text1 = page.text(`#r-${r1.code}`);
  expect(text1).toContain(first.name);
  expect(text1).toContain('待领取');
  expect(text1).toContain('消耗 10 积分');
  expect(text1).toContain(grouped(r1.code));
  expect(text1).toContain('请在 2026-03-01 前凭此码到服务台领取');
  expect(page.text(`#r-${r2.code}`)).toContain('消耗 20 积分');

  const src = imageSrc(page, r1.code);
  expect(src).toMatch(/^data:image\/gif;base64,/);
  expect(src).toBe(qrOf(r1.code));
  expect(await decodeQr(src!)).toBe(r1.code);
  expect(imageSrc(page, r2.code)).toBe(qrOf(r2.code));

  // Newest first.
  const text = page.text();
  expect(text.indexOf(grouped(r2.code))).toBeLessThan(text.indexOf(grouped(r1.code)));

  const pickup = page.text('#pickup');
  expect(pickup).toContain('领取时间');
  expect(pickup).toContain('周六、周日 08:30-11:30、13:30-17:00');
  expect(pickup).toContain('图书馆一楼总服务台');
});

test('collected and expired redemptions: 已领取 / 已过期, no QR; pull-down refresh picks up the hand-over', async () => {
  const prize = await newPrize(10);
  const patron = await newPatron();
  const staff = uid('staff');
  await ok('admin', ADMIN, { action: 'grantRole', openid: staff, role: 'staff' });
  const old = await redeem(patron.openid, prize.prizeId, '2025-01-04T10:00:00+08:00');
  const fresh = await redeem(patron.openid, prize.prizeId, '2025-12-20T10:00:00+08:00');
  const now = '2026-01-10T10:00:00+08:00'; // a Saturday; `old` is more than a year old
  const wx = installWx({ openid: patron.openid, now });
  const page = await renderPage('redemptions');
  expect(page.text(`#r-${old.code}`)).toContain('已过期');
  expect(page.text(`#r-${old.code}`)).toContain('已于 2026-01-04 过期作废，积分不退还');
  expect(imageSrc(page, old.code)).toBeNull();
  expect(page.text(`#r-${fresh.code}`)).toContain('待领取');

  await ok('rewards', staff, { action: 'fulfil', code: fresh.code }, { now });
  await page.pullDown();
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
  expect(page.text(`#r-${fresh.code}`)).toContain('已领取');
  expect(page.text(`#r-${fresh.code}`)).toContain('已于 2026-01-10 10:00 领取');
  expect(imageSrc(page, fresh.code)).toBeNull();
});

test('a transport failure: retry prompt, error state when declined, 重新加载 loads', async () => {
  const prize = await newPrize(10);
  const patron = await newPatron();
  const r = await redeem(patron.openid, prize.prizeId);
  const wx = installWx({ openid: patron.openid });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('redemptions');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  await page.tapText('重新加载');
  expect(page.text(`#r-${r.code}`)).toContain('待领取');
});

test('a user with no card sees the empty state', async () => {
  installWx({ openid: uid('nocard') });
  const page = await renderPage('redemptions');
  expect(page.text()).toContain('还没有兑换记录');
});
