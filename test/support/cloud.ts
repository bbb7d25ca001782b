// Test client of the local cloud started by test/setup/global-setup.ts (POST /fn/<name>).
import { httpJson } from '../../server/util/http-json';
import { randomBytes } from 'crypto';
import { withCheckChar } from '../../server/util/idcard';

export const ADMIN = 'admin-test';

/** `span`: which function instance ran the call and when, in the host's clock (see test/support/race.ts). */
export interface Answer<T = any> {
  ok: boolean;
  data: T;
  error?: { code: string; message: string; field?: string };
  roundTrips: number;
  span?: { worker: string; start: number; end: number };
}

function baseUrl(): string {
  const url = process.env.YUE_TEST_URL;
  if (!url) throw new Error('YUE_TEST_URL is not set: run through jest (global setup starts the local cloud)');
  return url;
}

export function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return httpJson(method, `${baseUrl()}${path}`, body, headers);
}

/** Calls a cloud function as `openid` (optionally with the clock at `now`). */
export async function call<T = any>(fn: string, openid: string, event: Record<string, unknown>, opts: { now?: string } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { 'X-WX-OPENID': openid };
  if (opts.now) headers['X-Dev-Now'] = opts.now;
  const res = await request('POST', `/fn/${fn}`, event, headers);
  const [start, end] = String(res.headers['x-dev-span'] ?? '').split('-').map(Number);
  const span = res.headers['x-dev-worker'] ? { worker: String(res.headers['x-dev-worker']), start, end } : undefined;
  return { ...res.json, roundTrips: Number(res.headers['x-db-round-trips'] ?? -1), span };
}

/** Like call, but fails the test with the error when the answer is not ok. */
export async function ok<T = any>(fn: string, openid: string, event: Record<string, unknown>, opts: { now?: string } = {}): Promise<T> {
  const res = await call<T>(fn, openid, event, opts);
  if (!res.ok) throw new Error(`${fn}.${String(event.action)} failed: ${JSON.stringify(res.error)}`);
  return res.data;
}

export function uid(prefix = 'u'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** Newest SMS code sent to `phone` (from the dev outbox). */
export async function latestSmsCode(phone: string): Promise<string> {
  const res = await request('GET', `/dev/sms?phone=${phone}`);
  const msg = res.json.messages[0];
  if (!msg) throw new Error(`no SMS for ${phone}`);
  return msg.code;
}

let serial = 0;
function fileBlock(): string {
  const file = String(expect.getState().testPath ?? process.pid);
  let h = 7;
  for (const ch of file) h = (h * 31 + ch.charCodeAt(0)) % 10007;
  return String(h % 10000).padStart(4, '0');
}
/** A fresh reader with a unique card number, phone and valid ID number, imported by the admin. */
export async function newReader(over: Partial<{ name: string; idNumber: string; phone: string; cardNo: string; status: 'active' | 'inactive' }> = {}) {
  serial += 1;
  // Unique across test files (a file's path picks its block) and within a file (serial).
  const n = fileBlock() + String(serial).padStart(4, '0');
  const reader = {
    cardNo: over.cardNo ?? `T${n}`,
    name: over.name ?? '测试读者',
    idNumber: over.idNumber ?? withCheckChar(`11010119900101${n.slice(-3)}`),
    phone: over.phone ?? `139${n}`,
    ...(over.status ? { status: over.status } : {}),
  };
  await ok('admin', ADMIN, { action: 'importReaders', readers: [reader] });
  return reader;
}

/** Binds a reader's card to `openid` through the real SMS flow. Returns bindCard's data. */
export async function bindCard(openid: string, reader: { cardNo: string; phone: string }, opts: { now?: string } = {}) {
  await ok('account', openid, { action: 'sendSmsCode', phone: reader.phone, purpose: 'bind' }, opts);
  const code = await latestSmsCode(reader.phone);
  return ok('account', openid, { action: 'bindCard', cardNo: reader.cardNo, phone: reader.phone, code }, opts);
}

/** A new patron with one freshly bound card. */
export async function newPatron(over: Parameters<typeof newReader>[0] = {}) {
  const openid = uid('p');
  const reader = await newReader(over);
  const bound = await bindCard(openid, reader);
  return { openid, reader, cardNo: reader.cardNo, bound };
}

/** Documents of a collection as the local cloud stores them (dev endpoint). */
export async function storedDocs(collection: string): Promise<any[]> {
  const res = await request('GET', `/dev/db/${collection}`);
  return res.json.docs;
}

/** Sum of every ledger entry of a card, read page by page through points.ledger. */
export async function ledgerSum(openid: string, cardNo: string): Promise<{ sum: number; count: number }> {
  let cursor: string | null = null;
  let sum = 0;
  let count = 0;
  do {
    const page: any = await ok('points', openid, { action: 'ledger', cardNo, from: '2000-01-01T00:00:00+08:00', to: '2100-01-01T00:00:00+08:00', pageSize: 50, ...(cursor ? { cursor } : {}) });
    for (const e of page.entries) sum += e.delta;
    count += page.entries.length;
    cursor = page.cursor;
  } while (cursor);
  return { sum, count };
}

/** The ledger invariant: balance = Σ entries ≥ 0. */
export async function expectLedgerInvariant(openid: string, cardNo: string): Promise<number> {
  const { balance } = await ok('points', openid, { action: 'summary', cardNo });
  const { sum } = await ledgerSum(openid, cardNo);
  expect(balance).toBe(sum);
  expect(balance).toBeGreaterThanOrEqual(0);
  return balance;
}

/** An ISO time in Asia/Shanghai: day 'YYYY-MM-DD' and clock 'HH:MM:SS'. */
export function shanghai(day: string, clock = '12:00:00'): string {
  return `${day}T${clock}+08:00`;
}
