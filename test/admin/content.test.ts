import { ADMIN, call, ok, storedDocs, uid } from '../support/cloud';

// setContent runs the text through content security (openapi security.msgSecCheck), so admin's
// config.json must declare that permission: the local cloud refuses an undeclared call (-604101).
describe('admin edits a content page', () => {
  test('an edited page is shown to patrons; text failing the security check is refused and not stored', async () => {
    const sections = [{ title: '还书', body: `自助还书机在一楼大厅 ${uid()}` }];
    await ok('admin', ADMIN, { action: 'setContent', key: 'returnGuide', title: '还书指南', sections });
    const { content } = await ok('inbox', uid(), { action: 'content', key: 'returnGuide' });
    expect(content).toEqual({ key: 'returnGuide', title: '还书指南', sections });

    const bad = await call('admin', ADMIN, { action: 'setContent', key: 'returnGuide', title: '还书指南', sections: [{ title: '还书', body: '这里有违禁词' }] });
    expect(bad.error?.code).toBe('CONTENT_REJECTED');
    const stored = (await storedDocs('content')).find((d) => d._id === 'returnGuide');
    expect(stored?.sections).toEqual(sections);
  });
});
