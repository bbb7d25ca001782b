// Walks of the modules that landed after the core: event sign-up + QR check-in, and ISBN
// recommendation + staff review. They continue the core walks' patron (card bound, points).
import assert from 'assert/strict';
import { DEMO_CATALOGUE, DEMO_HOLDINGS, DEMO_RECOMMENDED } from '../devcloud/seed-books';
import { decodeQr } from '../test/pages/qr';
import type { Preview } from './driver';
import { PATRON, STAFF, type Walk } from './walks';

const WEEK_MS = 7 * 24 * 3600 * 1000;
const EVENT = '古籍修复体验课'; // demo seed: a week from the seed, 20 points
const BOOK = DEMO_CATALOGUE.find((b) => b.isbn13.startsWith('9787') && !DEMO_HOLDINGS.includes(b.isbn13) && b.isbn13 !== DEMO_RECOMMENDED)!;

/** Home as a person gets there: the 首页 tab when the tab bar shows, else back (⌂ on a fresh start). */
async function home(p: Preview): Promise<void> {
  for (let i = 0; i < 10 && (await p.route()) !== 'pages/home/home'; i++) {
    if (await p.on('#yue-tabbar').isVisible()) await p.tapText('首页');
    else await p.on('#yue-back').click();
    await p.settle();
  }
  await p.waitRoute('pages/home/home');
}

async function balance(p: Preview): Promise<number> {
  await home(p);
  return Number(await p.expectText('#balance', /^\d+$/));
}

async function staffEntry(p: Preview, entry: string, route: string): Promise<void> {
  await home(p);
  await p.tap('#staff');
  await p.waitRoute('staff/index/index');
  await p.tap(entry);
  await p.waitRoute(route);
}

export const eventWalk: Walk = {
  name: 'sign up for an event → a week later the desk shows its QR → the patron scans it → 已签到 +20',
  async run(p, step) {
    let token = '';
    let before = 0;
    await step('sign up on the event page', async () => {
      await home(p);
      await p.tap('#m-events');
      await p.waitRoute('events/list/list');
      await p.tapText(EVENT);
      await p.waitRoute('events/detail/detail');
      await p.tap('#signup');
      await p.tap('#yue-modal-confirm'); // 确认报名
      await p.tap('#yue-subscribe-accept'); // the reminder
      await p.expectText('#my-status', '已报名');
    });
    await step('dev clock +1 周: the event has begun', async () => {
      await p.jumpClock(WEEK_MS);
      before = await balance(p);
    });
    await step('staff-local opens 活动签到码', async () => {
      await p.switchCaller(STAFF);
      await staffEntry(p, '#entry-event-qr', 'staff/event-qr/event-qr');
      await p.tapText(EVENT);
      await p.expectText('#event-title', EVENT);
      const img = p.on('#screen wx-image img');
      await img.waitFor({ state: 'visible' });
      token = await decodeQr(await img.evaluate((el: HTMLImageElement) => el.src));
      assert.ok(token.length > 8, 'no token in the QR');
    });
    await step('the patron scans the QR on the event page', async () => {
      await p.switchCaller(PATRON);
      await home(p);
      await p.tap('#m-events');
      await p.tapText(EVENT);
      await p.waitRoute('events/detail/detail');
      await p.tap('#scan');
      // The code as decoded from the desk's QR (typed, not picked from the list: the list offers
      // only the current step's code, and the step may have rolled over since; the previous step
      // is still accepted, as a patron scanning at the turn of a step would need).
      await p.on('#yue-scan-input').fill(token);
      await p.on('#yue-scan-ok').click();
      await p.settle();
      await p.expectText('#result', `签到成功，获得 20 积分，当前积分 ${before + 20}`);
      await p.expectText('#my-status', '已签到');
    });
  },
};

export const recommendWalk: Walk = {
  name: 'recommend a book by its ISBN → staff-local adopts it → 已采纳 and +5',
  async run(p, step) {
    let before = 0;
    await step('scan the ISBN on 图书推荐 and submit', async () => {
      before = await balance(p);
      await p.tap('#m-recommend');
      await p.waitRoute('books/recommend/recommend');
      await p.tap('#scan');
      await p.on(`#yue-scan-list [data-code="${BOOK.isbn13}"]`).click();
      await p.settle();
      await p.expectText('#found', BOOK.isbn13);
      await p.fill('#reason', '想和孩子一起读');
      await p.tap('#submit');
      await p.tap('#yue-subscribe-accept');
      await p.expectText('#submitted', '待审核');
    });
    await step('staff-local adopts it in 荐购审核', async () => {
      await p.switchCaller(STAFF);
      await staffEntry(p, '#entry-recommendations', 'staff/recommendations/recommendations');
      await p.expectText(`#q-${BOOK.isbn13}`, BOOK.title);
      await p.tap(`#next-${BOOK.isbn13}`);
      await p.see('采纳');
      await p.tap('#yue-modal-confirm');
      await p.see('已采纳');
    });
    await step('the patron: 已采纳 and +5', async () => {
      await p.switchCaller(PATRON);
      assert.equal(await balance(p), before + 5);
      await p.tap('#m-recommend');
      await p.waitRoute('books/recommend/recommend');
      await p.see(BOOK.title);
      await p.see('已采纳');
    });
  },
};

/** The walks after the core ones, always all of them: a walk whose page is gone fails, it is not dropped. */
export function extraWalks(): Walk[] {
  return [eventWalk, recommendWalk, overlaysWalk];
}

export const overlaysWalk: Walk = {
  name: "vant's collapse and popup (with its datetime picker) open and close",
  async run(p, step) {
    await step('常见问题: a section opens and closes', async () => {
      await p.open('pages/faq/faq');
      const wrapper = p.on('van-collapse-item').first().locator('[class*="collapse-item__wrapper"]');
      const height = async () => Math.round((await wrapper.boundingBox())?.height ?? 0);
      const settled = async (check: (h: number) => boolean) => {
        for (let i = 0; i < 40 && !check(await height()); i++) await p.page.waitForTimeout(50);
        return height();
      };
      const closed = await settled((h) => h === 0);
      assert.equal(closed, 0, 'the first section starts open');
      await p.on('van-collapse-item').first().locator('[class*="van-cell"]').first().click();
      assert.ok((await settled((h) => h > 20)) > 20, 'the section did not open');
      await p.on('van-collapse-item').first().locator('[class*="van-cell"]').first().click();
      assert.equal(await settled((h) => h === 0), 0, 'the section did not close');
    });
    await step('活动管理: the time picker pops up and goes away', async () => {
      await p.switchCaller('admin-local');
      await p.open('staff/events/events');
      await p.tap('#create');
      await p.tap('#f-startAt');
      const popup = p.on('[class*="van-popup--van-popup--bottom"]').first();
      await popup.waitFor({ state: 'visible' });
      await p.see('开始时间');
      await p.tapText('取消');
      await popup.waitFor({ state: 'hidden' });
      await p.switchCaller(PATRON);
    });
  },
};
