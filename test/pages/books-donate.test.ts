// 图书捐赠, the donation code and 捐赠确认 through the real functions: scan three books → code as
// QR → the desk scans it, accepts two → +20 → 我的捐赠 shows accepted and declined; the yearly
// cap as the desk and the patron see it; the list editing, retries and states.
import { installWx, renderPage, type PageDriver, type WxHarness } from './harness';
import { call, newPatron, ok, uid } from '../support/cloud';
import { makeStaff, randomIsbn } from '../books/helpers';
import { decodeQr } from './qr';
import { ERROR_MESSAGES } from '../../miniprogram/contract/errors';
import { REVIEW_RESULT_TEMPLATE_ID } from '../../miniprogram/utils/config';
import { DEMO_CATALOGUE, DEMO_HOLDINGS } from '../../devcloud/seed-books';
import { newDonationCode } from '../../server/domain/books/donations';

const NOW = '2026-03-07T10:00:00+08:00'; // a Saturday
const [B1, B2, B3] = DEMO_CATALOGUE.filter((b) => b.isbn13.startsWith('9787')).slice(3, 6);
const PLACE = '图书馆一楼总服务台（图书捐赠处）';

function scanned(wx: WxHarness, isbn13: string) {
  wx.script('scanCode', { result: isbn13, scanType: 'EAN_13' });
}

const donates = (wx: WxHarness) => wx.calls('callFunction').filter((c) => c.name === 'books' && c.data.action === 'donate');

async function scanInto(page: PageDriver, wx: WxHarness, ...isbns: string[]) {
  for (const isbn of isbns) {
    scanned(wx, isbn);
    await page.tap('#scan');
  }
}

/** A pledged donation made through the function (for desk tests). */
async function pledged(openid: string, books: { isbn: string; title?: string; copies?: number }[], now = NOW) {
  const { donation } = await ok('books', openid, { action: 'donate', books, requestId: uid('req') }, { now });
  return donation as { donationId: string; code: string };
}

describe('图书捐赠 (patron → desk → patron)', () => {
  test('three books → QR → the desk scans it and accepts two → +20 → 我的捐赠 shows both sides', async () => {
    const patron = await newPatron({ name: '王小明' });
    const staff = await makeStaff();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const home = await renderPage('home');
    await home.tap('#m-donate');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/books/donate/donate' });

    const page = await renderPage('books/donate/donate');
    expect(page.text('#drop-off')).toContain(PLACE);
    expect(page.text('#rows-empty')).toBe('还没有添加图书，扫描图书背面的条码即可添加');
    await scanInto(page, wx, B1.isbn13, B2.isbn13, B3.isbn13);
    expect(wx.lastCall('scanCode')).toMatchObject({ scanType: ['barCode'] });
    for (const b of [B1, B2, B3]) expect(page.text(`#b-${b.isbn13}`)).toContain(b.title);
    expect(page.text('#totals')).toBe('共 3 种 3 册');

    await page.tap('#confirm');
    expect(wx.lastCall('showModal')).toMatchObject({ title: '确认捐赠' });
    expect(wx.lastCall('showModal').content).toContain(`共 3 种 3 册。确认后请将图书送到${PLACE}`);
    expect(wx.lastCall('requestSubscribeMessage')).toMatchObject({ tmplIds: [REVIEW_RESULT_TEMPLATE_ID] });
    const { url } = wx.lastCall('navigateTo');
    expect(url).toMatch(/^\/books\/donation\/donation\?donationId=/);
    expect(page.text('#rows-empty')).toContain('还没有添加图书'); // the list is cleared

    // The donation code page: QR and text, where and when.
    const ticket = await renderPage(url);
    expect(ticket.text('#status')).toBe('待送达');
    const code = await decodeQr(ticket.data().qr);
    expect(ticket.text('#code')).toBe(code.replace(/(.{5})(?=.)/g, '$1-'));
    expect(ticket.text('#drop-off')).toContain(PLACE);
    expect(ticket.text('#drop-off')).toMatch(/送书时间.*\d\d:\d\d/);
    expect(ticket.text('#books')).toContain('共 3 册');

    // The desk scans the patron's screen.
    wx.setOpenid(staff);
    const desk = await renderPage('staff/donation-scan/donation-scan');
    wx.script('scanCode', { result: code, scanType: 'QR_CODE' });
    await desk.tap('#scan');
    expect(wx.lastCall('scanCode')).toMatchObject({ scanType: ['qrCode'] });
    const found = desk.text('#found');
    expect(found).toContain('王**');
    expect(found).not.toContain(patron.cardNo);
    expect(found).toContain(patron.cardNo.slice(-4));
    expect(desk.text('#status')).toContain('待送达');
    for (const b of [B1, B2, B3]) expect(desk.text(`#b-${b.isbn13}`)).toContain(b.title);
    expect(desk.text('#summary')).toContain('接收 3 册，发放 30 积分');

    await desk.tap(`#accept-${B3.isbn13}`); // untick the third
    expect(desk.text('#summary')).toContain('接收 2 册，发放 20 积分');
    await desk.input(`#reason-${B3.isbn13}`, '书页破损');
    await desk.tap('#confirm');
    expect(wx.lastCall('showModal').content).toContain('接收 2 册，发放 20 积分');
    expect(desk.text('#result')).toBe('已确认接收 2 册，发放 20 积分');
    expect(desk.has('#withheld')).toBe(false);
    expect(desk.text('#status')).toContain('已确认');
    expect(desk.text('#accepted')).toContain(B1.title);
    expect(desk.text('#declined')).toContain('书页破损');
    expect(desk.has('#confirm')).toBe(false);

    // Scanning it again: refused, nothing to confirm.
    wx.script('scanCode', code);
    await desk.tap('#scan');
    expect(desk.text('#message')).toBe(ERROR_MESSAGES.DONATION_ALREADY_CONFIRMED);
    expect(desk.has('#confirm')).toBe(false);
    expect((await call('books', staff, { action: 'confirmDonation', code, acceptedIsbns: [B3.isbn13], requestId: uid('req') })).error?.code)
      .toBe('DONATION_ALREADY_CONFIRMED');

    // The patron: +20, 我的捐赠 with accepted and declined books, the message.
    wx.setOpenid(patron.openid);
    await home.pullDown();
    expect(home.text('#balance')).toBe('70');
    const mine = await renderPage('books/mine/mine?tab=donations');
    const row = mine.text(`#d-${code}`);
    expect(row).toContain('已确认');
    expect(row).toContain(`已接收：${B1.title} × 1`);
    expect(row).toContain(`已接收：${B2.title} × 1`);
    expect(row).toContain(`未接收：${B3.title} × 1（书页破损）`);
    expect(row).toContain('获得 20 积分');
    const inbox = await renderPage('messages');
    expect(inbox.text()).toContain('图书捐赠已确认');
    expect(inbox.text()).toContain('获得 20 积分');
    await ticket.pullDown();
    expect(ticket.text('#status')).toBe('已确认');
    expect(ticket.text('#points')).toBe('获得 20 积分');
    expect(ticket.has('#qr')).toBe(false);
  });

  test('the yearly cap: the desk sees what it withholds before and after; the patron reads it too', async () => {
    const patron = await newPatron();
    const staff = await makeStaff();
    // Earlier this year: 9 copies declined (0 points), then 9 accepted (90 points).
    const [declinedIsbn, acceptedIsbn] = [randomIsbn(), randomIsbn()];
    const first = await pledged(patron.openid, [{ isbn: declinedIsbn, title: '旧书', copies: 9 }]);
    await ok('books', staff, { action: 'confirmDonation', code: first.code, accepted: [{ isbn: declinedIsbn, copies: 0 }], requestId: uid('req') }, { now: NOW });
    const second = await pledged(patron.openid, [{ isbn: acceptedIsbn, title: '旧书二', copies: 9 }]);
    expect((await ok('books', staff, { action: 'confirmDonation', code: second.code, acceptedIsbns: [acceptedIsbn], requestId: uid('req') }, { now: NOW })).awarded).toBe(90);
    const third = await pledged(patron.openid, [{ isbn: randomIsbn(), title: '新书', copies: 2 }]);

    const wx = installWx({ openid: staff, now: NOW });
    const desk = await renderPage('staff/donation-scan/donation-scan');
    await desk.input('#code-input', third.code.toLowerCase().replace(/(.{5})(?=.)/g, '$1-'));
    await desk.tap('#query');
    expect(desk.text('#summary')).toContain('接收 2 册，发放 10 积分');
    expect(desk.text('#cap-warning')).toBe('该读者本年度还可获得 10 积分，超出的 10 积分不发放');
    await desk.tap('#confirm');
    expect(wx.lastCall('showModal').content).toContain('超出年度上限 10 积分不发放');
    expect(desk.text('#result')).toContain('已确认接收 2 册，发放 10 积分');
    expect(desk.text('#withheld')).toBe('已达本年度捐赠积分上限，10 积分未发放');

    wx.setOpenid(patron.openid);
    const mine = await renderPage('books/mine/mine?tab=donations');
    expect(mine.text(`#d-${third.code}`)).toContain('获得 10 积分（已达本年度捐赠积分上限，10 积分未发放）');
    expect(mine.text(`#d-${first.code}`)).toContain('未接收');
    expect((await ok('points', patron.openid, { action: 'summary' })).balance).toBe(50 + 90 + 10);
  });
});

describe('图书捐赠 (the list)', () => {
  test('scanning a listed book adds a copy; the stepper, removing a row, a typed ISBN with a typed title', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const page = await renderPage('books/donate/donate');
    await scanInto(page, wx, B1.isbn13, B1.isbn13);
    expect(wx.lastToast()).toBe('已在清单中，册数改为 2');
    expect(page.text('#totals')).toBe('共 1 种 2 册');
    await page.input(`#copies-${B1.isbn13}`, '4');
    expect(page.text('#totals')).toBe('共 1 种 4 册');

    const unknown = randomIsbn();
    await page.input('#isbn-input', unknown);
    await page.tap('#add');
    expect(page.has(`#title-${unknown}`)).toBe(true);
    expect(page.data().input).toBe('');
    await page.input(`#title-${unknown}`, '家中旧书');
    await scanInto(page, wx, B2.isbn13);
    expect(page.text('#totals')).toBe('共 3 种 6 册');
    await page.tap(`#remove-${B2.isbn13}`);
    expect(page.has(`#b-${B2.isbn13}`)).toBe(false);
    expect(page.text('#totals')).toBe('共 2 种 5 册');

    wx.script('showModal', { confirm: false });
    await page.tap('#confirm');
    expect(donates(wx)).toHaveLength(0);
    await page.tap('#confirm');
    expect(donates(wx)[0].data.books).toEqual([
      { isbn: B1.isbn13, copies: 4, title: B1.title },
      { isbn: unknown, copies: 1, title: '家中旧书' },
    ]);
    const { donations } = await ok('books', patron.openid, { action: 'mine' });
    expect(donations).toHaveLength(1);
    expect(donations[0].books).toEqual(expect.arrayContaining([expect.objectContaining({ isbn13: unknown, title: '家中旧书', copies: 1 })]));
  });

  test('not a book, a bad ISBN, an empty field; a held book is marked 馆藏已有', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const page = await renderPage('books/donate/donate');
    scanned(wx, '6901234567892');
    await page.tap('#scan');
    expect(wx.lastToast()).toBe('请扫描图书背面以 978 或 979 开头的条码');
    await page.tap('#add');
    expect(wx.lastToast()).toBe('请输入 ISBN');
    await page.input('#isbn-input', '978-7-02-000220-8');
    await page.tap('#add');
    expect(page.text('#message')).toContain(ERROR_MESSAGES.ISBN_INVALID);
    expect(page.text('#rows-empty')).toContain('还没有添加图书');

    // A book the library holds may still be given: the row says so (the desk decides).
    const held = DEMO_CATALOGUE.find((b) => b.isbn13 === DEMO_HOLDINGS[0])!;
    await scanInto(page, wx, held.isbn13);
    expect(page.has('#message')).toBe(false);
    expect(page.text(`#b-${held.isbn13}`)).toContain(`${held.title}ISBN ${held.isbn13} · 馆藏已有`);
  });

  test('the answer lost on the way: confirming again pledges once, with the same requestId', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const page = await renderPage('books/donate/donate');
    await scanInto(page, wx, B1.isbn13);
    wx.failNextCall('after');
    wx.script('showModal', { confirm: true }, { confirm: false }); // 确认捐赠, then no retry
    await page.tap('#confirm');
    expect(page.text('#message')).toBe('网络异常，请稍后再试');
    expect(wx.calls('navigateTo')).toHaveLength(0);
    await page.tap('#confirm');
    const [lost, again] = donates(wx);
    expect(again.data.requestId).toBe(lost.data.requestId);
    expect(wx.lastCall('navigateTo').url).toMatch(/^\/books\/donation\/donation\?donationId=/);
    expect((await ok('books', patron.openid, { action: 'mine' })).donations).toHaveLength(1);
  });

  test('pending donations are listed below and open their code; a load failure shows 重新加载', async () => {
    const patron = await newPatron();
    const d = await pledged(patron.openid, [{ isbn: B1.isbn13 }]);
    const wx = installWx({ openid: patron.openid, now: NOW });
    wx.failNextCall('before');
    wx.script('showModal', { confirm: false });
    const page = await renderPage('books/donate/donate');
    expect(page.text()).toContain('网络异常，请稍后再试');
    await page.tapText('重新加载');
    expect(page.text(`#p-${d.donationId}`)).toContain(d.code.replace(/(.{5})(?=.)/g, '$1-'));
    await page.tap(`#p-${d.donationId}`);
    expect(wx.lastCall('navigateTo')).toEqual({ url: `/books/donation/donation?donationId=${d.donationId}` });
  });
});

describe('捐赠码 and 我的捐赠', () => {
  test('an unknown donation, and a load failure with 重新加载', async () => {
    const patron = await newPatron();
    const d = await pledged(patron.openid, [{ isbn: B2.isbn13, copies: 2 }]);
    const wx = installWx({ openid: patron.openid, now: NOW });
    const missing = await renderPage('books/donation/donation?donationId=NOPE');
    expect(missing.text()).toContain('捐赠记录不存在');

    wx.failNextCall('before');
    wx.script('showModal', { confirm: false });
    const page = await renderPage(`books/donation/donation?donationId=${d.donationId}`);
    expect(page.text()).toContain('网络异常，请稍后再试');
    await page.tapText('重新加载');
    expect(page.text('#books')).toContain('共 2 册');
    expect(await decodeQr(page.data().qr)).toBe(d.code);

    // Another patron cannot open it.
    wx.setOpenid((await newPatron()).openid);
    const other = await renderPage(`books/donation/donation?donationId=${d.donationId}`);
    expect(other.text()).toContain('捐赠记录不存在');
  });

  test('我的推荐 / 我的捐赠: empty tabs lead to the pages; a pledged donation opens its code', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const mine = await renderPage('books/mine/mine');
    expect(mine.text('#recommendations-empty')).toContain('还没有推荐过图书');
    await mine.tap('#go-recommend');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/books/recommend/recommend' });
    await mine.tapText('我的捐赠');
    expect(mine.text('#donations-empty')).toContain('还没有捐赠记录');
    await mine.tap('#go-donate');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/books/donate/donate' });

    const d = await pledged(patron.openid, [{ isbn: B3.isbn13 }]);
    await mine.pullDown();
    expect(mine.text(`#d-${d.donationId}`)).toContain('待送达');
    expect(mine.text(`#d-${d.donationId}`)).toContain('1 种图书待送达服务台');
    await mine.tap(`#open-${d.donationId}`);
    expect(wx.lastCall('navigateTo')).toEqual({ url: `/books/donation/donation?donationId=${d.donationId}` });
    expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
  });

  test('我的推荐/捐赠 failing to load: the reason, then 重新加载', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    wx.failNextCall('before');
    wx.script('showModal', { confirm: false });
    const mine = await renderPage('books/mine/mine?tab=donations');
    expect(mine.text()).toContain('网络异常，请稍后再试');
    await mine.tapText('重新加载');
    expect(mine.text('#donations-empty')).toContain('还没有捐赠记录');
  });
});

describe('捐赠确认 (desk)', () => {
  test('a patron sees only 仅限工作人员使用, and the cloud refuses them too', async () => {
    const patron = await newPatron();
    const d = await pledged(patron.openid, [{ isbn: B1.isbn13 }]);
    installWx({ openid: patron.openid });
    const page = await renderPage('staff/donation-scan/donation-scan');
    expect(page.text()).toBe('仅限工作人员使用');
    expect((await call('books', patron.openid, { action: 'donationLookup', code: d.code })).error?.code).toBe('FORBIDDEN');
  });

  test('a cancelled scan, an empty field, malformed and unknown codes', async () => {
    const wx = installWx({ openid: await makeStaff(), now: NOW });
    const page = await renderPage('staff/donation-scan/donation-scan');
    await page.tap('#scan');
    expect(page.has('#message')).toBe(false);
    await page.tap('#query');
    expect(wx.lastToast()).toBe('请输入捐赠码');
    wx.script('scanCode', 'https://example.com/not-a-code');
    await page.tap('#scan');
    expect(page.text('#message')).toBe(ERROR_MESSAGES.DONATION_CODE_MALFORMED);
    await page.input('#code-input', newDonationCode());
    await page.tap('#query');
    expect(page.text('#message')).toBe(ERROR_MESSAGES.DONATION_NOT_FOUND);
    // Said once, on the page: no toast repeats it.
    expect(wx.calls<{ title: string }>('showToast').map((t) => t.title)).toEqual(['请输入捐赠码']);
    expect(page.has('#found')).toBe(false);
  });

  test('another desk confirms first: the reason, and the page shows 已确认', async () => {
    const patron = await newPatron();
    const { code } = await pledged(patron.openid, [{ isbn: B1.isbn13 }, { isbn: B2.isbn13 }]);
    const other = await makeStaff();
    const wx = installWx({ openid: await makeStaff(), now: NOW });
    const page = await renderPage('staff/donation-scan/donation-scan');
    wx.script('scanCode', code);
    await page.tap('#scan');
    await ok('books', other, { action: 'confirmDonation', code, acceptedIsbns: [B1.isbn13], requestId: uid('req') }, { now: NOW });
    await page.tap('#confirm');
    expect(page.text('#message')).toBe(ERROR_MESSAGES.DONATION_ALREADY_CONFIRMED);
    expect(page.text('#status')).toContain('已确认');
    expect(page.has('#result')).toBe(false);
    expect(page.has('#confirm')).toBe(false);
    expect((await ok('points', patron.openid, { action: 'summary' })).balance).toBe(60);
  });
});
