// An inactive card at 签到打卡: the patron is told the card is stopped and why (the library's reason); nothing is credited.
import { installWx, renderPage } from './harness';
import { ADMIN, newPatron, ok } from '../support/cloud';

test('check-in with a card the library stopped: the reason shows, the balance stays', async () => {
  const { openid, reader } = await newPatron();
  await ok('admin', ADMIN, { action: 'importReaders', readers: [{ ...reader, status: 'inactive', statusReason: '读者证已挂失' }] });
  const wx = installWx({ openid });
  const page = await renderPage('checkin');
  await page.tap('#checkin');
  const told = [wx.lastToast(), ...wx.calls('showModal').map((c: { content?: string }) => c.content)].join(' ');
  expect(told).toContain('该读者证已停用，请到服务台咨询（读者证已挂失）');
  expect(page.text()).toContain('已连续签到 0 天');
  expect((await ok('points', openid, { action: 'summary' })).balance).toBe(50);
});
