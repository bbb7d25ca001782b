// The production adapter of the subscribe-message port, with a fake wx-server-sdk openapi.
import { cloudPorts } from '../../server/ports/cloud';
import { loadConfig } from '../../server/runtime/config';

function fakeCloud() {
  const sent: Record<string, unknown>[] = [];
  return { sent, cloud: { openapi: { subscribeMessage: { send: async (req: Record<string, unknown>) => { sent.push(req); } } } } };
}

test('review outcomes and event reminders go out with their own templates; none configured sends nothing', async () => {
  const { sent, cloud } = fakeCloud();
  const ports = cloudPorts(cloud, loadConfig({ YUE_SUBSCRIBE_TEMPLATE_ID: 'tpl-result', YUE_REMINDER_TEMPLATE_ID: 'tpl-reminder' }));
  expect(await ports.notify({ openid: 'o1', title: '图书推荐已采纳', body: '《三体》已采纳' })).toBe(true);
  expect(await ports.notify({ openid: 'o2', title: '活动明天开始', body: '讲座 09:00', template: 'reminder' })).toBe(true);
  expect(sent.map((m) => [m.touser, m.templateId])).toEqual([['o1', 'tpl-result'], ['o2', 'tpl-reminder']]);

  const none = fakeCloud();
  expect(await cloudPorts(none.cloud, loadConfig({})).notify({ openid: 'o3', title: 't', body: 'b', template: 'reminder' })).toBe(false);
  expect(none.sent).toHaveLength(0);
});
