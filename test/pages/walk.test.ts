// The walk, page by page through the real functions and the local cloud:
// bind (SMS code from the dev outbox) → welcome 50 → check in → points detail → family card →
// transfer between cards of the same person → refused between different people →
// change phone → unbind.
import { randomInt } from 'crypto';
import { installWx, renderPage, type PageDriver, type WxHarness } from './harness';
import { latestSmsCode, newReader, ok, shanghai, uid } from '../support/cloud';
import { withCheckChar } from '../../server/util/idcard';

// The day of the walk; each step a few minutes after the last (the local cloud's clock runs on
// from X-Dev-Now during a call, so an entry written at 10:00 is a few ms after 10:00).
const at = (clock: string) => shanghai('2031-08-08', clock);
const NOW = at('10:00:00');
const mask = (cardNo: string) => `${'*'.repeat(cardNo.length - 4)}${cardNo.slice(-4)}`;
const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;
const idNumber = (area: string) => withCheckChar(`${area}19900808${String(randomInt(0, 1000)).padStart(3, '0')}`);

let wx: WxHarness;

/** Binds a card on the bind-card page; returns the welcome dialog's text. */
async function bindOnPage(reader: { cardNo: string; phone: string }): Promise<string> {
  const page = await renderPage('bind-card');
  await page.input('#card-no', reader.cardNo);
  await page.input('#phone', reader.phone);
  await page.tap('#send-code');
  expect(wx.lastToast()).toBe('验证码已发送');
  await page.input('#code', await latestSmsCode(reader.phone));
  await page.tap('#bind');
  const welcome = wx.lastCall('showModal');
  expect(welcome.title).toBe('绑定成功');
  await page.unload();
  return welcome.content;
}

async function transferOnPage(page: PageDriver, from: string, to: string, amount: number): Promise<void> {
  await page.tap(`#from-${from}`);
  await page.tap('#next');
  await page.tap(`#to-${to}`);
  await page.input('#amount', String(amount));
  await page.tap('#submit');
}

test('bind → welcome 50 → check in → points detail → family card → transfer → refusal → change phone → unbind', async () => {
  const sameId = idNumber('320111');
  const own = await newReader({ name: '周芷若', idNumber: sameId });
  const renewed = await newReader({ name: '周芷若', idNumber: sameId }); // new card after losing the old one
  const family = await newReader({ name: '周小芷', idNumber: idNumber('110108') });
  const openid = uid('walk');
  wx = installWx({ openid, now: NOW });

  // 1. Home without a card points to binding.
  const home = await renderPage('home');
  expect(home.text()).toContain('去绑定证件');

  // 2. Bind with the code from the dev outbox: welcome with the first-binding bonus.
  expect(await bindOnPage(own)).toContain('首次绑定奖励 50 积分');
  await home.show();
  expect(home.text('#balance')).toBe('50');
  expect(home.text()).toContain('今日未签到');

  // 3. Check in.
  wx.setNow(at('10:05:00'));
  const checkin = await renderPage('checkin');
  expect(checkin.text()).toContain('今日签到可得 2 积分');
  await checkin.tap('#checkin');
  expect(wx.lastCall('showToast')).toMatchObject({ title: '+2 积分' });
  expect(checkin.text()).toContain('已连续签到 1 天');
  expect(checkin.text('#checkin')).toBe('今日已签到');
  await checkin.unload();
  await home.show();
  expect(home.text('#balance')).toBe('52');

  // 4. Points detail shows both entries.
  wx.setNow(at('10:10:00'));
  const ledger = await renderPage('ledger');
  const rows = ledger.data().rows.map((r: { reasonText: string; deltaText: string; balanceAfter: number }) => [r.reasonText, r.deltaText, r.balanceAfter]);
  expect(rows).toEqual([['每日签到', '+2', 52], ['首次绑定读者证奖励', '+50', 50]]);
  expect(ledger.text('#list-end')).toBe('没有更多了');
  await ledger.unload();

  // 5. A family member's card, and the new card of the same person.
  wx.setNow(at('10:15:00'));
  expect(await bindOnPage(family)).toContain('首次绑定奖励 50 积分');
  expect(await bindOnPage(renewed)).toContain('首次绑定奖励 50 积分');
  const mine = await renderPage('mine');
  expect(mine.text('#holder')).toBe('周**');
  expect(mine.text('#balance')).toBe('52');

  // 6. Transfer between the two cards of the same person.
  wx.setNow(at('10:20:00'));
  const transfer = await renderPage('transfer');
  await transferOnPage(transfer, own.cardNo, renewed.cardNo, 30);
  expect(transfer.text('#result-from')).toBe(`原读者证 ${mask(own.cardNo)} 剩余 22 积分`);
  expect(transfer.text('#result-to')).toBe(`新读者证 ${mask(renewed.cardNo)} 现有 80 积分`);

  // 7. Refused between different people, with a message that reveals neither record.
  await transfer.tap('#again');
  await transferOnPage(transfer, own.cardNo, family.cardNo, 10);
  expect(wx.lastToast()).toBe('两张读者证的持有人信息不一致，无法转移积分');
  expect(transfer.has('#result')).toBe(false);
  await transfer.unload();
  expect((await ok('points', openid, { action: 'summary', cardNo: family.cardNo }, { now: at('10:20:00') })).balance).toBe(50);

  // 8. Change the phone of the current card (code to the new phone).
  wx.setNow(at('10:25:00'));
  const newPhone = `137${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  const change = await renderPage('change-phone');
  expect(change.text()).toContain(own.cardNo);
  await change.input('#old-phone', own.phone);
  await change.input('#new-phone', newPhone);
  await change.tap('#send-code');
  await change.input('#code', await latestSmsCode(newPhone));
  await change.tap('#submit');
  expect(wx.lastToast()).toBe(`手机号已修改为 ${maskPhone(newPhone)}`);
  await change.unload();
  await mine.show();
  expect(mine.text('#card')).toContain(maskPhone(newPhone));
  expect(mine.text('#balance')).toBe('22');

  // 9. Unbind the family card on the cards page; its points stay with the card.
  wx.setNow(at('10:30:00'));
  const cards = await renderPage('cards');
  expect(cards.has(`#card-${family.cardNo}`)).toBe(true);
  await cards.tap(`#unbind-${family.cardNo}`);
  expect(wx.lastCall('showModal').content).toContain(mask(family.cardNo));
  expect(wx.lastToast()).toBe('已解绑');
  expect(cards.has(`#card-${family.cardNo}`)).toBe(false);
  expect(cards.has(`#card-${own.cardNo}`)).toBe(true);
  expect(cards.has(`#card-${renewed.cardNo}`)).toBe(true);

  const profile = await ok('account', openid, { action: 'profile' });
  expect(profile.cards.map((c: { cardNo: string; points: number }) => [c.cardNo, c.points])).toEqual([
    [own.cardNo, 22],
    [renewed.cardNo, 80],
  ]);
});
