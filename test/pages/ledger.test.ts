// 积分明细: rows, paging with onReachBottom, pull-down refresh, empty and error states.
import { installWx, renderPage } from './harness';
import { ADMIN, bindCard, newPatron, newReader, ok, shanghai, uid } from '../support/cloud';

const day = (d: number) => `2031-05-${String(d).padStart(2, '0')}`;

const ledgerCalls = (wx: ReturnType<typeof installWx>) =>
  wx.calls('callFunction').filter((c: { data: { action: string } }) => c.data.action === 'ledger');

test('each row: reason, signed and coloured delta, time, balance after', async () => {
  const openid = uid('p');
  const reader = await newReader();
  const now = shanghai(day(6), '09:00:00');
  await bindCard(openid, reader, { now });
  await ok('points', openid, { action: 'checkin' }, { now: shanghai(day(6), '09:30:00') });
  const { prize } = await ok('admin', ADMIN, { action: 'upsertPrize', name: `帆布袋${uid('')}`, cost: 30, stock: 3 });
  await ok('rewards', openid, { action: 'redeem', prizeId: prize.prizeId, requestId: uid('req-ledger') }, { now: shanghai(day(6), '10:00:00') });

  installWx({ openid, now: shanghai(day(6), '12:00:00') });
  const page = await renderPage('ledger');
  expect(page.text()).toContain('近一个月的积分变动');
  const row = (i: number) => page.text(`#row-${i}`).replace(/\s+/g, '');
  expect(row(0)).toMatch(/^兑换奖品.*2031-05-0610:00-30余额22$/);
  expect(row(1)).toBe('每日签到2031-05-0609:30+2余额52');
  expect(row(2)).toBe('首次绑定读者证奖励2031-05-0609:00+50余额50');
  expect(page.data().rows.map((r: { gain: boolean }) => r.gain)).toEqual([false, true, true]); // spend / gain colours
  expect(page.text('#list-end')).toBe('没有更多了');
});

test('pages by cursor as the patron scrolls; 没有更多了 at the end; pull-down starts over', async () => {
  const openid = uid('p');
  const reader = await newReader();
  await bindCard(openid, reader, { now: shanghai(day(1), '08:00:00') });
  for (let d = 2; d <= 22; d++) await ok('points', openid, { action: 'checkin' }, { now: shanghai(day(d), '08:00:00') });

  const wx = installWx({ openid, now: shanghai(day(22), '12:00:00') });
  const page = await renderPage('ledger');
  expect(page.data().rows).toHaveLength(20);
  expect(page.text('#list-end')).toBe('');
  expect(page.text('#row-0')).toContain('2031-05-22 08:00');

  await page.reachBottom();
  expect(page.data().rows).toHaveLength(22);
  expect(page.text('#row-21')).toContain('首次绑定读者证奖励');
  expect(new Set(page.data().rows.map((r: { entryId: string }) => r.entryId)).size).toBe(22);
  expect(page.text('#list-end')).toBe('没有更多了');
  await page.reachBottom(); // nothing more to ask
  expect(ledgerCalls(wx)).toHaveLength(2);

  await ok('points', openid, { action: 'checkin' }, { now: shanghai(day(23), '08:00:00') });
  wx.setNow(shanghai(day(23), '12:00:00'));
  await page.pullDown();
  expect(page.data().rows).toHaveLength(20);
  expect(page.text('#row-0')).toContain('2031-05-23 08:00');
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
});

test('a failed next page can be retried from the list end', async () => {
  const openid = uid('p');
  const reader = await newReader();
  await bindCard(openid, reader, { now: shanghai(day(1), '08:00:00') });
  for (let d = 2; d <= 21; d++) await ok('points', openid, { action: 'checkin' }, { now: shanghai(day(d), '08:00:00') });
  const wx = installWx({ openid, now: shanghai(day(21), '12:00:00') });
  const page = await renderPage('ledger');
  expect(page.data().rows).toHaveLength(20);
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  await page.reachBottom();
  expect(page.text('#list-end')).toBe('加载失败，点击重试');
  await page.tap('#more-retry');
  expect(page.data().rows).toHaveLength(21);
  expect(page.text('#list-end')).toBe('没有更多了');
});

test('empty: nothing in the last month', async () => {
  const openid = uid('p');
  await bindCard(openid, await newReader(), { now: shanghai('2031-01-05') });
  installWx({ openid, now: shanghai(day(6)) });
  const page = await renderPage('ledger');
  expect(page.text()).toContain('近一个月没有积分变动');
  expect(page.text()).not.toContain('没有更多了');
});

test('?cardNo= shows another bound card', async () => {
  const { openid } = await newPatron();
  const family = await newReader();
  await bindCard(openid, family, { now: shanghai(day(6), '08:00:00') });
  installWx({ openid, now: shanghai(day(6)) });
  const page = await renderPage(`ledger?cardNo=${family.cardNo}`);
  expect(page.data().rows).toHaveLength(1);
  expect(page.text('#row-0')).toContain('首次绑定读者证奖励');
});

test('a transport failure asks to retry; declined, the page offers 重新加载', async () => {
  const openid = uid('p');
  await bindCard(openid, await newReader(), { now: shanghai(day(6), '08:00:00') });
  const wx = installWx({ openid, now: shanghai(day(6)) });
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('ledger');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  await page.tapText('重新加载');
  expect(page.text('#row-0')).toContain('首次绑定读者证奖励');
});

test('without a card the page says to bind one', async () => {
  const wx = installWx({ openid: uid('p'), now: shanghai(day(6)) });
  const page = await renderPage('ledger');
  expect(page.text()).toContain('请先绑定读者证');
  expect(page.text()).not.toContain('重新加载');
  await page.tap('#bind');
  expect(wx.lastCall('navigateTo')).toMatchObject({ url: '/pages/bind-card/bind-card' });
});
