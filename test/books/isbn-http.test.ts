import http from 'http';
import type { AddressInfo } from 'net';
import { httpIsbnSource } from '../../server/ports/isbn-http';

// The production ISBN adapter against a small local HTTP server (never the internet): every
// failure means "not found" (manual entry), and only validated, cleaned fields come through.
const ISBN = '9780141439518';
type Reply = (res: http.ServerResponse, url: URL) => void;
const replies = new Map<string, Reply>();
let server: http.Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url.pathname + url.search);
    const reply = replies.get(url.pathname);
    if (reply) reply(res, url);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function source(path: string, reply: Reply, timeoutMs = 300) {
  replies.set(path, reply);
  return httpIsbnSource({ url: `${base}${path}?bibkeys=ISBN:{isbn}&format=json&jscmd=data&key={key}`, key: 'k&1', timeoutMs });
}
const json = (body: unknown, status = 200): Reply => (res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

test("an Open Library answer becomes the book, with the ISBN and key filled into the URL template", async () => {
  const s = source('/ok', json({
    [`ISBN:${ISBN}`]: {
      title: 'Pride and Prejudice', subtitle: 'Penguin Classics',
      authors: [{ name: 'Jane Austen', url: 'x' }], publishers: [{ name: 'Penguin Books' }],
      cover: { medium: 'https://covers.openlibrary.org/b/id/1-M.jpg' },
    },
  }));
  expect(await s.lookup(ISBN)).toEqual({
    isbn13: ISBN, title: 'Pride and Prejudice：Penguin Classics', author: 'Jane Austen', publisher: 'Penguin Books',
    cover: 'https://covers.openlibrary.org/b/id/1-M.jpg',
  });
  expect(seen).toContain(`/ok?bibkeys=ISBN:${ISBN}&format=json&jscmd=data&key=k%261`);
});

test('a flat answer { title, author, publisher } is understood too', async () => {
  const s = source('/flat', json({ title: '红楼梦', author: '曹雪芹', publisher: '人民文学出版社' }));
  expect(await s.lookup('9787020002207')).toMatchObject({ title: '红楼梦', author: '曹雪芹', publisher: '人民文学出版社', cover: null });
});

test.each([
  ['an unknown ISBN ({})', json({})],
  ['HTTP 500', json({ error: 'boom' }, 500)],
  ['HTTP 404', json({}, 404)],
  ['malformed JSON', ((res) => res.writeHead(200).end('{"ISBN:9780141439518": {"title": "Pri')) as Reply],
  ['a title of the wrong type', json({ [`ISBN:${ISBN}`]: { title: 42 } })],
  ['an empty title', json({ [`ISBN:${ISBN}`]: { title: '   ' } })],
  ['an array', json([{ title: 'x' }])],
  ['no answer within the timeout', ((res) => setTimeout(() => { if (!res.destroyed) json({ [`ISBN:${ISBN}`]: { title: 'late' } })(res, new URL('http://x')); }, 1500)) as Reply],
  ['a connection closed midway', ((res) => { res.writeHead(200); res.write('{"ISBN:'); res.destroy(); }) as Reply],
])('%s → not found', async (_what, reply) => {
  const s = source(`/fail-${Math.random().toString(36).slice(2)}`, reply);
  expect(await s.lookup(ISBN)).toBeNull();
});

test('a service that is down → not found', async () => {
  const s = httpIsbnSource({ url: 'http://127.0.0.1:1/api?isbn={isbn}', key: '', timeoutMs: 300 });
  expect(await s.lookup(ISBN)).toBeNull();
});

test('outside text is cleaned and bounded; non-https covers are dropped', async () => {
  const s = source('/dirty', json({
    [`ISBN:${ISBN}`]: { title: `  Pride\u0000 and\n\tPrejudice${'!'.repeat(200)}`, authors: [{ name: 'Jane\u001b[31m Austen' }], cover: { medium: 'javascript:alert(1)' } },
  }));
  const book = await s.lookup(ISBN);
  expect(book!.title.startsWith('Pride and Prejudice!')).toBe(true);
  expect(book!.title.length).toBeLessThanOrEqual(100);
  expect(book!.author).toBe('Jane [31m Austen');
  expect(book!.cover).toBeNull();
});
