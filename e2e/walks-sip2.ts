// The e-card path with the library system live (SIP2): a reader registers an e-card at the
// stand-in library system (dev panel 办理电子证) and binds it at once. Runs on a local cloud of
// its own started with the stand-in (e2e/run.ts).
import assert from 'assert/strict';
import { bindOnPage, type Walk } from './walks';

const PHONE = '13766660001';

export const ecardWalk: Walk = {
  name: 'register an e-card at the library system (dev panel) → bind it at once → 50-point bonus',
  async run(p, step) {
    let cardNo = '';
    await step('the dev panel shows the stand-in library system', async () => {
      await p.page.locator('#dev-sip2').waitFor({ state: 'visible' });
    });
    await step('办理电子证 in the dev panel gives a card number', async () => {
      await p.page.fill('#dev-sip2-name', '林电子');
      await p.page.fill('#dev-sip2-phone', PHONE);
      await p.page.click('#dev-sip2-register');
      const result = p.page.locator('#dev-sip2-result');
      await result.filter({ hasText: '已办理' }).waitFor();
      cardNo = (await result.getAttribute('data-card-no')) ?? '';
      assert.match(cardNo, /^E\d{10}$/);
    });
    await step('home asks to bind', async () => {
      await p.tap('#bind');
      await p.waitRoute('pages/bind-card/bind-card');
      await p.see('请输入读者证条码号和读者登记的手机号');
    });
    await bindOnPage(p, step, cardNo, PHONE);
  },
};
