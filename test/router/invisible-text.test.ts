// Invisible and direction-override characters are refused in every free-text field, by the
// contract's one text filter: each action below answers INVALID_INPUT naming the field, and
// nothing is written.
import { ADMIN, call, newPatron, storedDocs, uid } from '../support/cloud';

const HIDDEN = [
  ['U+202E right-to-left override', '\u202e'],
  ['U+200B zero-width space', '\u200b'],
  ['U+2066 left-to-right isolate', '\u2066'],
  ['U+FEFF inside the text', '\ufeff'],
] as const;

test.each(HIDDEN)('a family member named with %s is refused and not stored', async (_what, ch) => {
  const me = uid();
  const name = `张${ch}三丰`;
  const res = await call('account', me, { action: 'addMember', name, relation: '子女' });
  expect(res.error).toMatchObject({ code: 'INVALID_INPUT', field: 'name' });
  expect((await storedDocs('members')).filter((m) => m.openid === me)).toEqual([]);
});

test('feedback, volunteer sign-up, a book recommendation and a prize refuse them too; plain text passes', async () => {
  const patron = await newPatron();
  const rlo = '\u202e';
  const attempts = [
    { fn: 'inbox', openid: patron.openid, event: { action: 'feedback', content: `借书很方便${rlo}谢谢你们` }, field: 'content' },
    { fn: 'inbox', openid: patron.openid, event: { action: 'feedback', content: '借书很方便，谢谢你们', contact: `微信\u200bwx123` }, field: 'contact' },
    { fn: 'events', openid: patron.openid, event: { action: 'registerVolunteer', name: `\u2066李四`, phone: patron.reader.phone }, field: 'name' },
    { fn: 'books', openid: patron.openid, event: { action: 'recommend', isbn: '9787544253994', title: '百年孤独', reason: `好书${rlo}推荐` }, field: 'reason' },
    { fn: 'admin', openid: ADMIN, event: { action: 'upsertPrize', name: `书签${rlo}`, cost: 10, stock: 1 }, field: 'name' },
  ];
  for (const a of attempts) {
    const res = await call(a.fn, a.openid, a.event);
    expect({ action: a.event.action, error: res.error }).toMatchObject({ action: a.event.action, error: { code: 'INVALID_INPUT', field: a.field } });
  }
  expect((await storedDocs('feedback')).filter((f) => f.openid === patron.openid)).toEqual([]);
  expect((await storedDocs('volunteers')).filter((v) => v.openid === patron.openid)).toEqual([]);
  expect((await storedDocs('recommendations')).filter((r) => r.openid === patron.openid)).toEqual([]);
  expect((await storedDocs('prizes')).filter((p) => String(p.name).includes(rlo))).toEqual([]);

  // The same texts without the hidden character are accepted.
  expect((await call('inbox', patron.openid, { action: 'feedback', content: '借书很方便，谢谢你们👨\u200d👩\u200d👧' })).ok).toBe(true);
  expect((await call('events', patron.openid, { action: 'registerVolunteer', name: '李四', phone: patron.reader.phone })).ok).toBe(true);
});
