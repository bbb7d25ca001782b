// 图书推荐 and 荐购审核 through the real functions: scan → details → submit → the staff queue
// adopts → +5 and a message; held books, manual entry, duplicates, the 30-day limit, states.
import { installWx, renderPage, type PageDriver, type WxHarness } from './harness';
import { ADMIN, call, newPatron, ok, uid } from '../support/cloud';
import { makeStaff, randomIsbn, recommendEvent } from '../books/helpers';
import { ERROR_MESSAGES } from '../../miniprogram/contract/errors';
import { REVIEW_RESULT_TEMPLATE_ID } from '../../miniprogram/utils/config';
import { DEMO_CATALOGUE, DEMO_HOLDINGS, DEMO_RECOMMENDED } from '../../devcloud/seed-books';

const NOW = '2026-03-02T10:00:00+08:00';
/** Demo catalogue books the library does not hold, one per test that needs filled details. */
const [WALK_BOOK, DUP_BOOK] = DEMO_CATALOGUE
  .filter((b) => b.isbn13.startsWith('9787') && !DEMO_HOLDINGS.includes(b.isbn13) && b.isbn13 !== DEMO_RECOMMENDED)
  .slice(0, 2);
/**
 * Fresh books for the staff steps (titles given by the patron): 可借阅 adds a book to the holdings
 * and 不采纳 is final, so a demo book would not survive a second run against a reused cloud.
 */
const freshBook = (title: string) => ({ isbn13: randomIsbn(), title });
const REJECT_BOOK = freshBook('不采纳测试图书');
const STEPS_BOOK = freshBook('采购流程测试图书');

/** What a patron's phone answers for a scanned barcode. */
function scanned(wx: WxHarness, isbn13: string) {
  wx.script('scanCode', { result: isbn13, scanType: 'EAN_13' });
}

const lookups = (wx: WxHarness) => wx.calls('callFunction').filter((c) => c.name === 'books' && c.data.action === 'lookup');
const submits = (wx: WxHarness) => wx.calls('callFunction').filter((c) => c.name === 'books' && c.data.action === 'recommend');

async function balanceOn(page: PageDriver): Promise<number> {
  await page.pullDown();
  return Number(page.text('#balance'));
}

describe('图书推荐 (patron)', () => {
  test('scan a demo ISBN → details filled → submit → the queue adopts it → +5 and 我的消息', async () => {
    const patron = await newPatron();
    const staff = await makeStaff();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const home = await renderPage('home');
    expect(home.text('#balance')).toBe('50');
    await home.tap('#m-recommend');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/books/recommend/recommend' });

    const before = (await ok('books', patron.openid, { action: 'lookup', isbn: WALK_BOOK.isbn13 })).recommendedBy as number;
    const page = await renderPage('books/recommend/recommend');
    expect(page.text('#recent-empty')).toBe('还没有推荐过图书');
    scanned(wx, WALK_BOOK.isbn13);
    await page.tap('#scan');
    expect(wx.lastCall('scanCode')).toMatchObject({ scanType: ['barCode'] });
    expect(page.data()).toMatchObject({ title: WALK_BOOK.title, author: WALK_BOOK.author, publisher: WALK_BOOK.publisher, input: WALK_BOOK.isbn13 });
    expect(page.text('#found')).toContain(WALK_BOOK.isbn13);
    expect(page.text('#asked')).toBe(before ? `已有 ${before} 位读者推荐过这本书` : '还没有读者推荐过这本书');
    expect(page.text('#limit')).toBe('近 30 天内还可推荐 5 本');
    expect(page.has('#held')).toBe(false);
    expect(page.has('#manual-hint')).toBe(false);

    await page.input('#reason', '孩子们都想读');
    await page.tap('#submit');
    expect(wx.lastToast()).toBe('推荐已提交');
    expect(wx.lastCall('requestSubscribeMessage')).toMatchObject({ tmplIds: [REVIEW_RESULT_TEMPLATE_ID] });
    expect(page.text('#submitted')).toContain('待审核');
    expect(page.text('#asked')).toBe(`已有 ${before + 1} 位读者推荐过这本书`);
    expect(page.text('#mine-status')).toBe('您已推荐过这本书（待审核）');
    expect(page.has('#submit')).toBe(false);
    const [rec] = (await ok('books', patron.openid, { action: 'mine' })).recommendations;
    expect(page.text(`#recent-${rec.recommendationId}`)).toBe(`${WALK_BOOK.title}推荐于 2026-03-02待审核`);
    expect(page.has('#recent-empty')).toBe(false);
    expect(submits(wx)[0].data).toMatchObject({ isbn: WALK_BOOK.isbn13, title: WALK_BOOK.title, author: WALK_BOOK.author, reason: '孩子们都想读' });

    // The staff queue: grouped by ISBN, with the patrons asking; adopting messages each of them.
    wx.setOpenid(staff);
    const queue = await renderPage('staff/recommendations/recommendations');
    const item = `#q-${WALK_BOOK.isbn13}`;
    expect(queue.text(item)).toContain(WALK_BOOK.title);
    expect(queue.text(item)).toContain(WALK_BOOK.author);
    expect(queue.text(`#count-${WALK_BOOK.isbn13}`)).toBe(`${before + 1} 位读者推荐`);
    expect(queue.text(item)).toContain('最早推荐于 2026-03-02');
    expect(queue.text(item)).toContain('孩子们都想读');
    await queue.tap(`#next-${WALK_BOOK.isbn13}`);
    expect(wx.lastCall('showModal')).toMatchObject({ title: '采纳' });
    expect(wx.lastToast()).toContain('已采纳');
    expect(queue.has(item)).toBe(false); // no longer pending
    await queue.tapText('已采纳');
    await queue.waitFor((p) => p.has(item));
    expect(queue.text(`#next-${WALK_BOOK.isbn13}`)).toBe('标记已采购');

    // The patron: +5, the message, and 已采纳 in 我的推荐.
    wx.setOpenid(patron.openid);
    expect(await balanceOn(home)).toBe(55);
    const inbox = await renderPage('messages');
    expect(inbox.text()).toContain('图书推荐已采纳');
    expect(inbox.text()).toContain(`获得 5 积分`);
    const mine = await renderPage('books/mine/mine');
    const row = mine.text(`#r-${rec.recommendationId}`);
    expect(row).toContain(WALK_BOOK.title);
    expect(row).toContain('已采纳');
    expect(row).toContain('推荐于 2026-03-02 · 2026-03-02 已采纳');
    expect(row).toContain('获得 5 积分');
  });

  test('a held ISBN shows 馆藏已有，可直接借阅 and cannot be submitted (scanned demo book or imported holding)', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const page = await renderPage('books/recommend/recommend');
    const held = DEMO_CATALOGUE.find((b) => b.isbn13 === DEMO_HOLDINGS[0])!;
    scanned(wx, held.isbn13);
    await page.tap('#scan');
    expect(page.text('#held')).toBe('馆藏已有，可直接借阅');
    expect(page.data().title).toBe(held.title);
    expect(page.text('#blocked')).toBe(ERROR_MESSAGES.BOOK_ALREADY_HELD);
    expect(page.has('#submit')).toBe(false);
    expect(page.has('#reason')).toBe(false);

    // A book the library imported just now, typed with hyphens: no details, still flagged.
    const isbn = randomIsbn();
    const imported = await ok('admin', ADMIN, { action: 'importHoldings', isbns: [isbn] });
    expect(imported.imported).toBe(1);
    await page.input('#isbn-input', `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4)}`);
    await page.tap('#query');
    expect(lookups(wx).pop().data.isbn).toBe(isbn);
    expect(page.text('#held')).toBe('馆藏已有，可直接借阅');
    expect(page.has('#manual-hint')).toBe(false);
    expect(page.has('#submit')).toBe(false);
    expect(submits(wx)).toHaveLength(0);
    // The function refuses it too (the page is only a hint).
    const direct = await call('books', patron.openid, recommendEvent(isbn));
    expect(direct.error?.code).toBe('BOOK_ALREADY_HELD');
  });

  test('unknown to the catalogue: manual entry, the title is required', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const page = await renderPage('books/recommend/recommend');
    const isbn = randomIsbn();
    scanned(wx, isbn);
    await page.tap('#scan');
    expect(page.text('#manual-hint')).toBe('未查到这本书的信息，请手动填写书名和作者');
    expect(page.data()).toMatchObject({ title: '', author: '', publisher: '' });
    expect(page.text('#asked')).toBe('还没有读者推荐过这本书');
    await page.tap('#submit');
    expect(wx.lastToast()).toBe('请填写书名');
    expect(submits(wx)).toHaveLength(0);

    await page.input('#title', '  乡土中国 ');
    await page.input('#author', '费孝通');
    wx.script('requestSubscribeMessage', 'reject'); // no WeChat notice wanted: submitted all the same
    await page.tap('#submit');
    expect(page.text('#submitted')).toContain('推荐已提交');
    expect(submits(wx)[0].data).toEqual(expect.objectContaining({ isbn, title: '乡土中国', author: '费孝通' }));
    expect(submits(wx)[0].data.publisher).toBeUndefined();
    const [rec] = (await ok('books', patron.openid, { action: 'mine' })).recommendations;
    expect(rec).toMatchObject({ isbn13: isbn, title: '乡土中国', author: '费孝通', status: 'pending' });
    expect(page.text(`#recent-${rec.recommendationId}`)).toContain('乡土中国');
  });

  test('not a book, a cancelled scan, a bad check digit, an empty field', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const page = await renderPage('books/recommend/recommend');
    scanned(wx, '6901234567892'); // a grocery EAN-13
    await page.tap('#scan');
    expect(wx.lastToast()).toBe('请扫描图书背面以 978 或 979 开头的条码');
    await page.tap('#scan'); // nothing scripted: the camera was closed
    expect(lookups(wx)).toHaveLength(0);
    expect(page.has('#found')).toBe(false);

    await page.tap('#query');
    expect(wx.lastToast()).toBe('请输入 ISBN');
    const isbn = randomIsbn();
    await page.input('#isbn-input', isbn.slice(0, 12) + String((Number(isbn[12]) + 1) % 10));
    await page.tap('#query');
    expect(page.text('#message')).toContain(ERROR_MESSAGES.ISBN_INVALID);
    expect(page.has('#found')).toBe(false);
  });

  test('recommended meanwhile from another phone: DUPLICATE_SUBMISSION shown, then 您已推荐过这本书', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    const page = await renderPage('books/recommend/recommend');
    scanned(wx, DUP_BOOK.isbn13);
    await page.tap('#scan');
    await ok('books', patron.openid, recommendEvent(DUP_BOOK.isbn13), { now: NOW });
    await page.tap('#submit');
    expect(wx.lastToast()).toBe(ERROR_MESSAGES.DUPLICATE_SUBMISSION);
    expect(page.text('#message')).toBe(ERROR_MESSAGES.DUPLICATE_SUBMISSION);
    expect(page.text('#mine-status')).toBe('您已推荐过这本书（待审核）');
    expect(page.has('#submit')).toBe(false);

    // Looking it up again says so before anything is typed.
    await page.tap('#query');
    expect(page.text('#blocked')).toBe(ERROR_MESSAGES.DUPLICATE_SUBMISSION);
  });

  test('five in 30 days: the sixth is refused with the next date; after the window it is accepted', async () => {
    const patron = await newPatron();
    for (let i = 0; i < 4; i++) await ok('books', patron.openid, recommendEvent(randomIsbn()), { now: NOW });
    const wx = installWx({ openid: patron.openid, now: NOW });
    const page = await renderPage('books/recommend/recommend');
    const fifth = randomIsbn();
    await page.input('#isbn-input', fifth);
    await page.tap('#query');
    expect(page.text('#limit')).toBe('近 30 天内还可推荐 1 本');
    await ok('books', patron.openid, recommendEvent(randomIsbn()), { now: NOW }); // the fifth, from elsewhere
    await page.input('#title', '第六本');
    await page.tap('#submit');
    expect(page.text('#message')).toContain(ERROR_MESSAGES.RECOMMEND_LIMIT_REACHED);
    expect(wx.lastToast()).toContain(ERROR_MESSAGES.RECOMMEND_LIMIT_REACHED);
    expect(page.text('#blocked')).toBe(`${ERROR_MESSAGES.RECOMMEND_LIMIT_REACHED}，2026-04-01 10:00 后可再推荐`);
    expect(page.has('#submit')).toBe(false);

    wx.setNow('2026-04-01T10:01:00+08:00');
    await page.tap('#query');
    expect(page.text('#limit')).toBe('近 30 天内还可推荐 5 本');
    await page.input('#title', '第六本');
    await page.tap('#submit');
    expect(page.text('#submitted')).toContain('推荐已提交');
  });

  test('without a bound card: the details show, and binding is offered instead of submitting', async () => {
    const wx = installWx({ openid: uid('p'), now: NOW });
    const page = await renderPage('books/recommend/recommend');
    expect(page.text('#recent-empty')).toBe('还没有推荐过图书');
    scanned(wx, WALK_BOOK.isbn13);
    await page.tap('#scan');
    expect(page.data().title).toBe(WALK_BOOK.title);
    expect(page.text('#blocked')).toBe(ERROR_MESSAGES.NO_CURRENT_CARD);
    expect(page.has('#submit')).toBe(false);
    await page.tap('#bind');
    expect(wx.lastCall('navigateTo')).toEqual({ url: '/pages/bind-card/bind-card' });
  });

  test('a transport failure: error state, then 重新加载 shows the page; pull-down refreshes the list', async () => {
    const patron = await newPatron();
    const wx = installWx({ openid: patron.openid, now: NOW });
    wx.failNextCall('before');
    wx.script('showModal', { confirm: false });
    const page = await renderPage('books/recommend/recommend');
    expect(page.text()).toContain('网络异常，请稍后再试');
    expect(page.text()).not.toContain('去推荐');
    await page.tapText('重新加载');
    expect(page.text('#recent-empty')).toBe('还没有推荐过图书');

    await ok('books', patron.openid, recommendEvent(randomIsbn(), { title: '下拉刷新' }), { now: NOW });
    await page.pullDown();
    expect(page.text()).toContain('下拉刷新');
    expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
  });
});

describe('荐购审核 (staff)', () => {
  test('a patron sees only 仅限工作人员使用, and the cloud refuses them too', async () => {
    const patron = await newPatron();
    installWx({ openid: patron.openid });
    const page = await renderPage('staff/recommendations/recommendations');
    expect(page.text()).toBe('仅限工作人员使用');
    expect((await call('books', patron.openid, { action: 'recommendationQueue' })).error?.code).toBe('FORBIDDEN');
  });

  test('不采纳 needs a reason; the patron reads it in 我的推荐 and 我的消息', async () => {
    const [first, second] = [await newPatron(), await newPatron()];
    for (const p of [first, second]) await ok('books', p.openid, recommendEvent(REJECT_BOOK.isbn13, { title: REJECT_BOOK.title }), { now: NOW });
    const wx = installWx({ openid: await makeStaff(), now: NOW });
    const queue = await renderPage('staff/recommendations/recommendations');
    const count = Number(queue.text(`#count-${REJECT_BOOK.isbn13}`).split(' ')[0]);
    expect(count).toBeGreaterThanOrEqual(2);

    wx.script('showModal', { confirm: true, content: '  ' });
    await queue.tap(`#reject-${REJECT_BOOK.isbn13}`);
    expect(wx.lastToast()).toBe('请填写未采纳的原因');
    expect(queue.has(`#q-${REJECT_BOOK.isbn13}`)).toBe(true);
    wx.script('showModal', { confirm: false });
    await queue.tap(`#reject-${REJECT_BOOK.isbn13}`);
    expect(queue.has(`#q-${REJECT_BOOK.isbn13}`)).toBe(true);

    wx.script('showModal', { confirm: true, content: '馆内已有同类图书' });
    await queue.tap(`#reject-${REJECT_BOOK.isbn13}`);
    expect(wx.lastToast()).toBe(`已标记未采纳（${count} 位读者）`);
    expect(queue.has(`#q-${REJECT_BOOK.isbn13}`)).toBe(false);
    await queue.tapText('未采纳');
    await queue.waitFor((p) => p.has(`#q-${REJECT_BOOK.isbn13}`));
    expect(queue.has(`#next-${REJECT_BOOK.isbn13}`)).toBe(false); // final

    for (const p of [first, second]) {
      wx.setOpenid(p.openid);
      const mine = await renderPage('books/mine/mine');
      expect(mine.text('#recommendations')).toContain('未采纳');
      expect(mine.text('#recommendations')).toContain('未采纳原因：馆内已有同类图书');
      const inbox = await renderPage('messages');
      expect(inbox.text()).toContain('图书推荐未采纳');
      expect(inbox.text()).toContain('馆内已有同类图书');
      expect((await ok('points', p.openid, { action: 'summary' })).balance).toBe(50);
    }
  });

  test('已采纳 → 标记已采购 → 标记可借阅 through the filters; the patron sees every step', async () => {
    const patron = await newPatron();
    await ok('books', patron.openid, recommendEvent(STEPS_BOOK.isbn13, { title: STEPS_BOOK.title }), { now: NOW });
    const staff = await makeStaff();
    const wx = installWx({ openid: staff, now: NOW });
    const queue = await renderPage('staff/recommendations/recommendations');
    const item = `#q-${STEPS_BOOK.isbn13}`;
    await queue.tap(`#next-${STEPS_BOOK.isbn13}`);
    expect(queue.has(item)).toBe(false);

    wx.setNow('2026-03-10T10:00:00+08:00');
    await queue.tapText('已采纳');
    await queue.waitFor((p) => p.has(item));
    await queue.tap(`#next-${STEPS_BOOK.isbn13}`);
    expect(wx.lastCall('showModal')).toMatchObject({ title: '标记已采购' });
    expect(wx.lastToast()).toContain('已标记已采购');
    expect(queue.has(item)).toBe(false);

    wx.setNow('2026-03-20T10:00:00+08:00');
    await queue.tapText('已采购');
    await queue.waitFor((p) => p.has(item));
    await queue.tap(`#next-${STEPS_BOOK.isbn13}`);
    expect(wx.lastToast()).toContain('已标记可借阅');
    await queue.tapText('可借阅');
    await queue.waitFor((p) => p.has(item));
    expect(queue.has(`#next-${STEPS_BOOK.isbn13}`)).toBe(false);

    // Going back a step is refused by the cloud (the page offers no such button).
    const { recommendationId } = (await ok('books', patron.openid, { action: 'mine' })).recommendations[0];
    expect((await call('books', staff, { action: 'reviewRecommendation', recommendationId, status: 'ordered', requestId: uid('req') })).error?.code).toBe('INVALID_TRANSITION');

    wx.setOpenid(patron.openid);
    const mine = await renderPage('books/mine/mine');
    const row = mine.text(`#r-${recommendationId}`);
    expect(row).toContain('可借阅');
    expect(row).toContain('2026-03-20 可借阅');
    expect(row).toContain('获得 5 积分');
    const inbox = await renderPage('messages');
    for (const title of ['图书推荐已采纳', '推荐图书已采购', '推荐图书可借阅']) expect(inbox.text()).toContain(title);
  });

  test('the queue failing to load: the reason and 重新加载; pull-down refreshes it', async () => {
    const wx = installWx({ openid: await makeStaff(), now: NOW });
    const queue = await renderPage('staff/recommendations/recommendations');
    wx.failNextCall('before');
    wx.script('showModal', { confirm: false });
    await queue.tapText('可借阅');
    expect(queue.text('#queue')).toContain('网络异常，请稍后再试');
    await queue.tapText('重新加载');
    expect(queue.text('#queue')).not.toContain('网络异常');

    // Pull-down refreshes the chosen filter: a book made available meanwhile shows up.
    const patron = await newPatron();
    const isbn = randomIsbn();
    await ok('books', patron.openid, recommendEvent(isbn), { now: NOW });
    const { recommendationId } = (await ok('books', patron.openid, { action: 'mine' })).recommendations[0];
    for (const status of ['adopted', 'ordered', 'available']) {
      await ok('books', wx.openid, { action: 'reviewRecommendation', recommendationId, status, requestId: uid('req') }, { now: NOW });
    }
    expect(queue.has(`#q-${isbn}`)).toBe(false);
    await queue.pullDown();
    expect(queue.text(`#q-${isbn}`)).toContain(`测试图书${isbn.slice(-4)}`);
    expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
  });
});
