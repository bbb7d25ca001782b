// The walks of issue 11, as a person does them in the preview: what they assert is what the
// phone screen shows. They run in order on one fresh local cloud (each builds on the last).
import assert from 'assert/strict';
import { decodeQr } from '../test/pages/qr';
import type { Preview } from './driver';

export interface Walk {
  name: string;
  run(p: Preview, step: (name: string, fn: () => Promise<void>) => Promise<void>): Promise<void>;
}

type Step = Parameters<Walk['run']>[1];

/** On the bind page: send the code, bind with the code from the dev outbox, see the bonus, back on home with 50 points. */
export async function bindOnPage(p: Preview, step: Step, cardNo: string, phone: string): Promise<void> {
  await step('send the SMS code', async () => {
    await p.fill('#card-no', cardNo);
    await p.fill('#phone', phone);
    await p.tap('#send-code');
    await p.see('验证码已发送');
  });
  await step('type the code from the dev outbox and bind: the first-binding bonus', async () => {
    await p.fill('#code', await p.outboxCode(phone));
    await p.tap('#bind');
    await p.see('首次绑定奖励 50 积分');
    await p.tap('#yue-modal-confirm');
  });
  await step('home shows 50 points', async () => {
    if ((await p.route()) !== 'pages/home/home') await p.tapText('首页');
    await p.waitRoute('pages/home/home');
    assert.equal(await p.expectText('#balance', /^50$/), '50');
  });
}

export const PATRON = 'preview-patron-a';
export const STAFF = 'staff-local';
const CARD = '2023000101';
const PHONE = '13800000001';

const shanghaiDay = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(new Date()));

export const bindWalk: Walk = {
  name: 'bind a demo card with the outbox code → home shows the 50-point bonus',
  async run(p, step) {
    await step('the screen is laid out as on a 375 px phone: rpx = width/750, vant icons drawn', async () => {
      await p.see('绑定读者证后即可累积和使用积分');
      // .hero { margin: 24rpx } in home.wxss: 12 px on a 375 px screen (not simulate's 24 px).
      const hero = await p.on('#bind').evaluate((el) => {
        let box: Element | null = el;
        while (box && ![...box.classList].some((c) => c.endsWith('--hero'))) box = box.parentElement;
        return box ? parseFloat(getComputedStyle(box).marginLeft) : NaN;
      });
      assert.equal(Math.round(hero), 12);
      const icon = await p.on('#m-checkin').evaluate(async (el) => {
        await document.fonts.ready;
        const glyph = el.querySelector('[class*="van-icon-calendar-o"]')!;
        return { font: getComputedStyle(glyph).fontFamily, loaded: document.fonts.check('16px vant-icon'), content: getComputedStyle(glyph, '::before').content };
      });
      assert.match(icon.font, /vant-icon/);
      assert.ok(icon.loaded, 'the vant icon font did not load');
      assert.notEqual(icon.content, 'none');
    });
    await step('home asks to bind', async () => {
      await p.tap('#bind');
      await p.waitRoute('pages/bind-card/bind-card');
    });
    await bindOnPage(p, step, CARD, PHONE);
    await step('home shows 今日未签到', async () => {
      await p.expectText('#checkin-state', '今日未签到');
    });
  },
};

export const checkinWalk: Walk = {
  name: "check in → +2 and today's mark",
  async run(p, step) {
    await step('open 签到打卡', async () => {
      await p.tap('#m-checkin');
      await p.waitRoute('pages/checkin/checkin');
      await p.see('今日签到可得 2 积分');
    });
    await step('check in', async () => {
      await p.tap('#checkin');
      await p.see('+2 积分');
      await p.expectText('#streak', '已连续签到 1 天');
      await p.expectText('#checkin', '今日已签到');
    });
    await step("today's cell is marked", async () => {
      const cell = p.on(`#day-${shanghaiDay()}`);
      await cell.waitFor({ state: 'visible' });
      assert.match((await cell.getAttribute('class')) ?? '', /--checked\b/);
      const [plain, marked] = await Promise.all([
        p.on(`#day-${shanghaiDay() === 1 ? 2 : 1}`).evaluate((el) => getComputedStyle(el).backgroundColor),
        cell.evaluate((el) => getComputedStyle(el).backgroundColor),
      ]);
      assert.notEqual(marked, plain, 'the checked-in day looks like any other day');
    });
    await step('home shows 52 and 今日已签到', async () => {
      await p.on('#yue-back').click();
      await p.waitRoute('pages/home/home');
      await p.expectText('#balance', /^52$/);
      await p.expectText('#checkin-state', '今日已签到');
    });
  },
};

export const redeemWalk: Walk = {
  name: 'redeem a prize → code and QR → staff-local scans and hands over → 已领取',
  async run(p, step) {
    let code = '';
    await step('redeem 金属书签 on the prize page', async () => {
      await p.tapText('兑换');
      await p.waitRoute('pages/rewards/rewards');
      await p.tap('#prize-prize-bookmark');
      await p.waitRoute('pages/prize/prize');
      await p.tap('#redeem');
      await p.see('确认兑换');
      await p.tap('#yue-modal-confirm');
      await p.see('兑换成功');
      code = (await p.text('#issued-code')).replace(/-/g, '');
      assert.match(code, /^[A-Z0-9]{6,}$/);
    });
    await step('my redemptions shows the code and its QR', async () => {
      await p.tap('#view-codes');
      await p.waitRoute('pages/redemptions/redemptions');
      await p.expectText(`#r-${code}`, '待领取');
      const img = p.on(`#r-${code} wx-image img`);
      await img.waitFor({ state: 'visible' });
      const { width, src } = await img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, src: el.src }));
      assert.ok(width > 0, 'the QR image did not load');
      assert.equal(await decodeQr(src), code, 'the QR on screen is not the code');
    });
    await step('switch to staff-local, open 扫码核销', async () => {
      await p.switchCaller(STAFF);
      await p.on('#yue-back').click(); // ⌂: the first page of a fresh start goes home
      await p.waitRoute('pages/home/home');
      await p.tap('#staff');
      await p.waitRoute('staff/index/index');
      await p.tap('#entry-scan');
      await p.waitRoute('staff/redeem-scan/redeem-scan');
    });
    await step('scan picks the code, 确认发放', async () => {
      await p.tap('#scan');
      await p.on(`#yue-scan-list [data-code="${code}"]`).click();
      await p.settle();
      await p.expectText('#found', '金属书签');
      await p.expectText('#status', '待领取');
      await p.tap('#fulfil');
      await p.expectText('#status', '已领取');
    });
    await step('switch back: 已领取', async () => {
      await p.switchCaller(PATRON);
      await p.on('#yue-back').click();
      await p.waitRoute('pages/home/home');
      await p.tapText('兑换');
      await p.waitRoute('pages/rewards/rewards');
      await p.tap('#to-redemptions');
      await p.waitRoute('pages/redemptions/redemptions');
      await p.expectText(`#r-${code}`, '已领取');
    });
    await step('pull-down refresh asks the cloud again', async () => {
      const before = (await p.calls()).filter((c) => c.action === 'mine').length;
      await p.on('#yue-refresh').click();
      await p.settle();
      assert.equal((await p.calls()).filter((c) => c.action === 'mine').length, before + 1);
      await p.page.waitForFunction(() => !document.querySelector<HTMLIFrameElement>('#phone-frame')?.contentDocument?.querySelector('#yue-refresh.yue-refreshing'));
      await p.expectText(`#r-${code}`, '已领取');
    });
  },
};

export const CORE_WALKS: Walk[] = [bindWalk, checkinWalk, redeemWalk];
