import { call, ok, storedDocs, uid } from '../support/cloud';

describe('inbox and content', () => {
  test('the FAQ includes the three ways to return books and the 5-book limit', async () => {
    const { content } = await ok('inbox', uid(), { action: 'content', key: 'faq' });
    const text = JSON.stringify(content);
    expect(text).toContain('人脸');
    expect(text).toContain('读者证认证');
    expect(text).toContain('身份证');
    expect(text).toContain('5本');
  });

  test('pickup and rules pages follow the rules in force', async () => {
    const pickup = (await ok('inbox', uid(), { action: 'content', key: 'pickup' })).content;
    expect(JSON.stringify(pickup)).toContain('周六、周日 08:30-11:30、13:30-17:00');
    const rules = (await ok('inbox', uid(), { action: 'content', key: 'rules' })).content;
    expect(JSON.stringify(rules)).toContain('奖励 5 积分');
    expect((await call('inbox', uid(), { action: 'content', key: 'nope' })).error?.code).toBe('INVALID_INPUT');
  });

  test('feedback is stored; content failing the security check is refused and not stored', async () => {
    const me = uid();
    await ok('inbox', me, { action: 'feedback', content: '希望周末延长开放时间', contact: '微信同号' });
    const bad = await call('inbox', me, { action: 'feedback', content: '这里有违禁词内容哦' });
    expect(bad.error).toEqual({ code: 'CONTENT_REJECTED', message: '内容含有不当信息，请修改后再提交' });
    const mine = (await storedDocs('feedback')).filter((f) => f.openid === me);
    expect(mine.map((f) => f.content)).toEqual(['希望周末延长开放时间']);
    expect((await call('inbox', me, { action: 'feedback', content: '短' })).error?.code).toBe('INVALID_INPUT');
  });

  test('messages list is empty for a new patron and markRead only touches own messages', async () => {
    const me = uid();
    expect(await ok('inbox', me, { action: 'messages' })).toEqual({ messages: [], unread: 0 });
    expect(await ok('inbox', me, { action: 'markRead', ids: ['someone-elses'] })).toEqual({ updated: 0, unread: 0 });
  });
});
