// Drives the preview as a person would: the shell page at `/` (dev panel + phone frame), clicks
// and typing in the frame, assertions on what is visible. Failures keep a screenshot and the
// console log under .e2e/.
import fs from 'fs';
import path from 'path';
import type { Browser, BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';

export const ARTIFACTS = path.resolve(__dirname, '..', '.e2e');
const TIMEOUT = Number(process.env.YUE_E2E_TIMEOUT_MS ?? 15000);

export class Preview {
  readonly log: string[] = [];
  private constructor(readonly context: BrowserContext, readonly page: Page, readonly baseUrl: string) {
    page.on('console', (m) => this.log.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => this.log.push(`[pageerror] ${e.stack ?? e.message}`));
    page.setDefaultTimeout(TIMEOUT);
  }

  /** A fresh browser context (own localStorage) on the shell page, phone frame `width` wide. */
  static async open(browser: Browser, baseUrl: string, opts: { width?: number; hash?: string } = {}): Promise<Preview> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const p = new Preview(context, page, baseUrl);
    if (opts.width) await page.addInitScript(`localStorage.setItem('yue.preview.width', '${opts.width}')`);
    await page.goto(`${baseUrl}/${opts.hash ?? ''}`);
    await p.ready();
    return p;
  }

  /** The phone screen. */
  get app(): FrameLocator {
    return this.page.frameLocator('#phone-frame');
  }

  private frame() {
    const f = this.page.frames().find((fr) => fr.url().includes('/preview/app.html'));
    if (!f) throw new Error('the phone frame is not loaded');
    return f;
  }

  /** Waits until the frame booted and no cloud call is in flight. */
  async ready(): Promise<void> {
    await this.page.waitForFunction(() => {
      const f = document.querySelector<HTMLIFrameElement>('#phone-frame');
      const w = f?.contentWindow as (Window & { __yuePreview?: { ready: boolean; stats: { inflight: number } } }) | null | undefined;
      return !!w?.__yuePreview?.ready && w.__yuePreview.stats.inflight === 0 && w.document.readyState === 'complete';
    }, undefined, { timeout: TIMEOUT });
  }

  /** Settles after an interaction: lets the tap dispatch, then waits for the cloud calls. */
  async settle(): Promise<void> {
    await this.page.waitForTimeout(50);
    await this.ready();
  }

  /** Matches on the page on top of the stack (pages below stay in the DOM, hidden), or in the
   * runtime's own chrome and overlays for `#yue-…` selectors. */
  on(selector: string): Locator {
    return selector.startsWith('#yue-') ? this.app.locator(selector) : this.app.locator('.yue-page-frame[yue-top]').locator(selector);
  }

  /** Visible elements only. */
  private visible(locator: Locator): Locator {
    return locator.locator('visible=true').first();
  }

  /**
   * Taps what the selector matches. A custom component's host node is inline (as in WeChat) and
   * may have no box of its own, so the finger lands on its first descendant that has one.
   */
  async tap(selector: string): Promise<void> {
    const target = this.on(selector).first();
    await target.waitFor({ state: 'attached' });
    const mark = `t${++this.taps}`;
    // (No named inner functions: tsx would wrap them in a helper the page does not have.)
    const found = await target.evaluate((el, m) => {
      for (const e of [el, ...Array.from(el.querySelectorAll('*'))]) {
        const r = e.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden') {
          e.setAttribute('data-yue-tap', m);
          return true;
        }
      }
      return false;
    }, mark);
    if (!found) throw new Error(`'${selector}' is on the page but not visible`);
    await this.app.locator(`[data-yue-tap="${mark}"]`).click();
    await this.settle();
  }
  private taps = 0;

  /** Taps what shows exactly this text, or else the smallest element whose text contains it. */
  async tapText(text: string): Promise<void> {
    const exact = this.visible(this.app.getByText(text, { exact: true }));
    const target = (await exact.count()) ? exact : this.visible(this.app.getByText(text));
    await target.click();
    await this.settle();
  }

  /** Types into the <input>/<textarea> inside the element (van-field keeps it inside). */
  async fill(selector: string, value: string): Promise<void> {
    await this.visible(this.on(`${selector} input, ${selector} textarea`)).fill(value);
    await this.settle();
  }

  /** Waits until the text is visible on the phone screen (page, dialogs and toasts). */
  async see(text: string | RegExp): Promise<void> {
    await this.visible(this.app.getByText(text)).waitFor({ state: 'visible' });
  }

  /** Visible text of an element on the phone screen, whitespace collapsed. */
  async text(selector: string): Promise<string> {
    const t = await this.visible(this.on(selector)).innerText();
    return t.replace(/\s+/g, ' ').trim();
  }

  /** Waits until the element's text satisfies the check. */
  async expectText(selector: string, check: string | RegExp): Promise<string> {
    const started = Date.now();
    for (;;) {
      const t = await this.text(selector).catch(() => '');
      if (typeof check === 'string' ? t.includes(check) : check.test(t)) return t;
      if (Date.now() - started > TIMEOUT) throw new Error(`${selector} shows '${t}', expected ${String(check)}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** The route the phone shows (top of the page stack). */
  async route(): Promise<string> {
    return this.frame().evaluate(() => location.hash.replace(/^#\/?/, '').split('?')[0]);
  }

  async waitRoute(route: string): Promise<void> {
    await this.page.waitForFunction((r) => {
      const f = document.querySelector<HTMLIFrameElement>('#phone-frame');
      return f?.contentWindow?.location.hash.replace(/^#\/?/, '').split('?')[0] === r;
    }, route, { timeout: TIMEOUT });
    await this.ready();
  }

  /** Opens a route in the phone frame (a fresh start there, as from a share link). */
  async open(route: string): Promise<void> {
    await this.reloadsAfter(() => this.page.evaluate((r) => {
      (document.querySelector('#phone-frame') as HTMLIFrameElement).src = `/preview/app.html?v=${Date.now()}#/${r}`;
    }, route));
    await this.waitRoute(route.split('?')[0]);
  }

  /** 开发时钟 in the dev panel (+1 天 / +1 周 / +1 年 / -1 天); the frame reloads at that time. */
  async jumpClock(ms: number): Promise<void> {
    await this.reloadsAfter(() => this.page.click(`[data-jump="${ms}"]`));
  }

  private async reloadsAfter(action: () => Promise<unknown>): Promise<void> {
    const loaded = this.page.waitForEvent('framenavigated', (f) => f.url().includes('/preview/app.html'));
    await action();
    await loaded;
    await this.page.waitForFunction(() => {
      const w = (document.querySelector('#phone-frame') as HTMLIFrameElement | null)?.contentWindow as (Window & { __yuePreview?: { ready: boolean } }) | null;
      return !!w?.__yuePreview?.ready;
    });
    await this.ready();
  }

  /** 我是谁 in the dev panel; the frame reloads as that caller. */
  async switchCaller(openid: string): Promise<void> {
    const known = await this.page.locator(`#dev-openid option[value="${openid}"]`).count();
    await this.reloadsAfter(async () => {
      if (known) await this.page.selectOption('#dev-openid', openid);
      else {
        await this.page.selectOption('#dev-openid', '');
        await this.page.fill('#dev-openid-custom', openid);
        await this.page.click('#dev-openid-apply');
      }
    });
    const who = await this.page.locator('#dev-whoami').innerText();
    if (!who.endsWith(openid)) throw new Error(`the panel says ${who}`);
  }

  /** Newest code in the dev panel's SMS outbox for a phone. */
  async outboxCode(phone: string): Promise<string> {
    const row = this.page.locator('#dev-sms div', { hasText: phone }).first();
    await row.waitFor({ state: 'visible' });
    return (await row.locator('code').innerText()).trim();
  }

  /** Cloud calls the frame made, per route (bench). */
  async calls(): Promise<Array<{ fn: string; action?: string; route: string }>> {
    return this.frame().evaluate(() => (window as unknown as { __yuePreview: { stats: { calls: Array<{ fn: string; action?: string; route: string }> } } }).__yuePreview.stats.calls);
  }

  /** The frame's banner (anything the preview lacks, page errors); empty when none. */
  async banner(): Promise<string> {
    return this.frame().evaluate(() => document.getElementById('yue-banner')?.innerText ?? '');
  }

  async saveFailure(name: string): Promise<string[]> {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const base = path.join(ARTIFACTS, name.replace(/[^\w.-]+/g, '_'));
    const files = [`${base}.png`, `${base}.console.log`];
    await this.page.screenshot({ path: files[0], fullPage: true }).catch(() => files.shift());
    fs.writeFileSync(`${base}.console.log`, this.log.join('\n') + '\n');
    return files;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
