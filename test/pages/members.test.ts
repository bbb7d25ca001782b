// 成员管理: add and remove the family members a patron can sign up for events.
import { installWx, renderPage, type WxHarness } from './harness';
import { ok, uid } from '../support/cloud';

jest.setTimeout(60_000);

let wx: WxHarness;
let openid: string;
beforeEach(() => {
  openid = uid('p');
  wx = installWx({ openid });
});

const stored = async () => (await ok('account', openid, { action: 'profile' })).members as Array<{ memberId: string; name: string; relation: string }>;

test('with no members yet the page says so and explains what members are for', async () => {
  const page = await renderPage('members');
  expect(page.text()).toContain('还没有添加家庭成员');
  expect(page.text()).toContain('报名读者活动时可以为他们一同报名');
});

test('a patron adds a member with name and relation; it is listed and stored', async () => {
  const page = await renderPage('members');
  await page.input('#name', '李小雨');
  await page.tapText('子女');
  expect(page.data().relation).toBe('子女');
  await page.tap('#add');
  expect(wx.lastToast()).toBe('已添加');
  expect(page.text()).toContain('已添加的成员（1）');
  expect(page.text('#list')).toContain('李小雨');
  expect(page.text('#list')).toContain('子女');
  expect(page.text()).not.toContain('还没有添加家庭成员');
  expect(page.data()).toMatchObject({ name: '', relation: '' });
  expect(await stored()).toEqual([expect.objectContaining({ name: '李小雨', relation: '子女' })]);
});

test('name and relation are required before anything is sent', async () => {
  const page = await renderPage('members');
  await page.tap('#add');
  expect(wx.lastToast()).toBe('请输入成员姓名');
  await page.input('#name', '王芳');
  await page.tap('#add');
  expect(wx.lastToast()).toBe('请选择与您的关系');
  expect(wx.calls('callFunction').map((c) => c.data.action)).toEqual(['profile']);
});

test('removing asks first; cancelling keeps the member, confirming removes it', async () => {
  const { member } = await ok('account', openid, { action: 'addMember', name: '张大山', relation: '父母' });
  await ok('account', openid, { action: 'addMember', name: '张小山', relation: '子女' });
  const page = await renderPage('members');
  expect(page.text()).toContain('已添加的成员（2）');

  wx.script('showModal', { confirm: false });
  await page.tap(`#remove-${member.memberId}`);
  expect(wx.lastCall('showModal').content).toContain('张大山');
  expect(page.text()).toContain('张大山');
  expect(await stored()).toHaveLength(2);

  await page.tap(`#remove-${member.memberId}`);
  expect(wx.lastToast()).toBe('已删除');
  expect(page.text()).not.toContain('张大山');
  expect(page.text()).toContain('已添加的成员（1）');
  expect((await stored()).map((m) => m.name)).toEqual(['张小山']);
});

test('past the limit the cloud refuses with its message and the list stays as it was', async () => {
  const { rules } = await ok('points', openid, { action: 'rules' });
  for (let i = 0; i < rules.maxMembersPerUser; i++) {
    await ok('account', openid, { action: 'addMember', name: `成员${i + 1}`, relation: '其他' });
  }
  const page = await renderPage('members');
  await page.input('#name', '多一个');
  await page.tapText('配偶');
  await page.tap('#add');
  expect(wx.lastToast()).toBe('家庭成员数量已达上限');
  expect(page.text()).not.toContain('多一个');
  expect(page.data().members).toHaveLength(rules.maxMembersPerUser);
  expect(page.data().name).toBe('多一个'); // kept, so nothing typed is lost
});

test('a member removed elsewhere disappears from the list too', async () => {
  const { member } = await ok('account', openid, { action: 'addMember', name: '赵六', relation: '配偶' });
  const page = await renderPage('members');
  await ok('account', openid, { action: 'removeMember', memberId: member.memberId });
  await page.tap(`#remove-${member.memberId}`);
  expect(wx.lastToast()).toBe('成员不存在');
  expect(page.text()).toContain('还没有添加家庭成员');
});

test('pull-down reloads; a failed load offers to retry and the reload button recovers', async () => {
  wx.failNextCall('before');
  wx.script('showModal', { confirm: false });
  const page = await renderPage('members');
  expect(wx.lastCall('showModal')).toMatchObject({ content: '网络异常，是否重试？' });
  expect(page.text()).toContain('网络异常，请稍后再试');
  expect(page.text()).not.toContain('添加成员');
  await page.tap('#state >>> #state-retry');
  expect(page.text()).toContain('还没有添加家庭成员');

  await ok('account', openid, { action: 'addMember', name: '孙七', relation: '祖父母' });
  await page.pullDown();
  expect(wx.calls('stopPullDownRefresh')).toHaveLength(1);
  expect(page.text()).toContain('孙七');
});
