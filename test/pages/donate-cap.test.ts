// 图书捐赠 at the day's cap: the patron is told how many copies a card may pledge a day; nothing is pledged.
import { installWx, renderPage } from './harness';
import { newPatron, ok, uid } from '../support/cloud';
import { randomIsbn } from '../books/helpers';
import { DEMO_CATALOGUE } from '../../devcloud/seed-books';

const NOW = '2032-07-03T10:00:00+08:00';

test('a card that pledged 30 copies today is refused a 31st, with the reason; the list stays', async () => {
  const patron = await newPatron();
  for (const copies of [20, 10]) {
    await ok('books', patron.openid, { action: 'donate', requestId: uid('req'), books: [{ isbn: randomIsbn(), title: '已登记', copies }] }, { now: NOW });
  }
  const wx = installWx({ openid: patron.openid, now: NOW });
  const page = await renderPage('books/donate/donate');
  const book = DEMO_CATALOGUE[4];
  wx.script('scanCode', { result: book.isbn13, scanType: 'EAN_13' });
  await page.tap('#scan');
  expect(page.text('#totals')).toBe('共 1 种 1 册');
  wx.script('showModal', { confirm: true });
  await page.tap('#confirm');
  const told = [wx.lastToast(), ...wx.calls('showModal').map((c: { content?: string }) => c.content)].join(' ');
  expect(told).toContain('每张读者证每天最多登记 30 册，今天还可登记 0 册');
  expect(wx.calls('navigateTo')).toEqual([]);
  expect(page.text('#totals')).toBe('共 1 种 1 册');
  expect((await ok('books', patron.openid, { action: 'mine' })).donations).toHaveLength(2);
});
