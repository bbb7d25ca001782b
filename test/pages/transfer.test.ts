// 积分转移: two steps, same-identity transfer, refusal for different holders, validation, states.
import { installWx, renderPage, type PageDriver } from './harness';
import { bindCard, call, newPatron, newReader, ok, shanghai, uid } from '../support/cloud';
import { withCheckChar } from '../../server/util/idcard';

const NOW = shanghai('2031-05-06', '09:00:00');
const mask = (cardNo: string) => `${'*'.repeat(cardNo.length - 4)}${cardNo.slice(-4)}`;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const rand = (n: number) => Math.floor(Math.random() * n);
/** A valid (GB 11643) ID number, random enough that two holders differ. */
const randomId = (area = '320106') => withCheckChar(`${area}1988${pad(1 + rand(12), 2)}${pad(1 + rand(28), 2)}${pad(rand(1000), 3)}`);

/** A patron holding an old card, a new card of the same person and a family member's card. */
async function holder() {
  const idNumber = randomId();
  const openid = uid('p');
  const old = await newReader({ name: '赵敏', idNumber });
  const renewed = await newReader({ name: '赵敏', idNumber });
  const family = await newReader({ name: '赵小敏', idNumber: randomId('110105') });
  for (const r of [old, renewed, family]) await bindCard(openid, r);
  await ok('points', openid, { action: 'checkin', cardNo: old.cardNo }, { now: NOW }); // old: 52
  return { openid, old, renewed, family };
}

async function chooseAndSubmit(page: PageDriver, from: string, to: string, amount: string): Promise<void> {
  await page.tap(`#from-${from}`);
  await page.tap('#next');
  await page.tap(`#to-${to}`);
  await page.input('#amount', amount);
  await page.tap('#submit');
}

test('moves points between cards of the same person and shows both balances', async () => {
  const { openid, old, renewed } = await holder();
  installWx({ openid, now: NOW });
  const page = await renderPage('transfer');
  expect(page.text()).toContain('第一步：选择原读者证');
  expect(page.text()).toContain('只有同姓名、同身份证号的读者证之间可以转移积分');
  await page.tap(`#from-${old.cardNo}`);
  await page.tap('#next');
  expect(page.text()).toContain(`转出：读者证 ${mask(old.cardNo)}（赵*），可转移 52 积分`);
  expect(page.has(`#to-${old.cardNo}`)).toBe(false);
  await page.tap(`#to-${renewed.cardNo}`);
  await page.tap('#all');
  expect(page.data().amount).toBe('52');
  await page.input('#amount', '30');
  await page.tap('#submit');

  expect(page.text('#result-from')).toBe(`原读者证 ${mask(old.cardNo)} 剩余 22 积分`);
  expect(page.text('#result-to')).toBe(`新读者证 ${mask(renewed.cardNo)} 现有 80 积分`);
  const profile = await ok('account', openid, { action: 'profile' });
  const points = Object.fromEntries(profile.cards.map((c: { cardNo: string; points: number }) => [c.cardNo, c.points]));
  expect(points).toMatchObject({ [old.cardNo]: 22, [renewed.cardNo]: 80 });

  // Another one starts over with fresh balances.
  await page.tap('#again');
  expect(page.text(`#from-${old.cardNo}`)).toContain('22 积分');
});

test('different holders: a clear refusal that reveals neither record; nothing moves', async () => {
  const { openid, old, family } = await holder();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('transfer');
  await chooseAndSubmit(page, old.cardNo, family.cardNo, '10');
  expect(wx.lastToast()).toBe('两张读者证的持有人信息不一致，无法转移积分');
  expect(page.has('#result')).toBe(false);
  expect(page.text()).toContain('第二步');
  const summary = await ok('points', openid, { action: 'summary', cardNo: old.cardNo }, { now: NOW });
  expect(summary.balance).toBe(52);
});

test('light validation: a card and an amount within the balance', async () => {
  const { openid, old, renewed } = await holder();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('transfer');
  await page.tap('#next');
  expect(wx.lastToast()).toBe('请选择原读者证');
  await page.tap(`#from-${old.cardNo}`);
  await page.tap('#next');
  await page.input('#amount', '10');
  await page.tap('#submit');
  expect(wx.lastToast()).toBe('请选择新读者证');
  await page.tap(`#to-${renewed.cardNo}`);
  for (const bad of ['0', '53', '1.5']) {
    await page.input('#amount', bad);
    await page.tap('#submit');
    expect(wx.lastToast()).toBe('请输入 1-52 之间的整数积分');
  }
  await page.tap('#back');
  expect(page.text()).toContain('第一步');
  const transfers = wx.calls('callFunction').filter((c: { data: { action: string } }) => c.data.action === 'transfer');
  expect(transfers).toHaveLength(0);
});

test('a card without points cannot be the old card', async () => {
  const idNumber = randomId();
  const openid = uid('p');
  const a = await newReader({ name: '钱多', idNumber });
  const b = await newReader({ name: '钱多', idNumber });
  await bindCard(openid, a);
  await bindCard(openid, b);
  await ok('points', openid, { action: 'transfer', fromCardNo: a.cardNo, toCardNo: b.cardNo, amount: 50 });
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('transfer');
  await page.tap(`#from-${a.cardNo}`);
  await page.tap('#next');
  expect(wx.lastToast()).toBe('该读者证没有可转移的积分');
  expect((await call('points', openid, { action: 'summary', cardNo: b.cardNo })).data.balance).toBe(100);
});

test('fewer than two cards: an explanation and a way to bind the new card', async () => {
  const { openid } = await newPatron();
  const wx = installWx({ openid, now: NOW });
  const page = await renderPage('transfer');
  expect(page.text()).toContain('积分转移需要至少绑定两张读者证');
  expect(page.has('#next')).toBe(false);
  await page.tap('#bind');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/bind-card/bind-card' });
});

test('a transport failure asks to retry; declined, the page offers 重新加载', async () => {
  const { openid, old } = await holder();
  const wx = installWx({ openid, now: NOW });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('transfer');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  await page.tapText('重新加载');
  expect(page.text(`#from-${old.cardNo}`)).toContain('52 积分');
});
