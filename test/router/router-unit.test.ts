import { z } from 'zod';
import { command, query } from '../../miniprogram/contract/common';
import { loadConfig } from '../../server/runtime/config';
import type { Db } from '../../server/runtime/db';
import { createMain, type Runtime } from '../../server/runtime/router';

// The router in process, with a runtime whose database must never be reached.
const untouchable = new Proxy({}, { get: () => { throw new Error('database touched'); } }) as unknown as Db;
const runtime = (openid = 'caller-1'): (() => Runtime) => () => ({
  db: untouchable,
  config: loadConfig({}),
  ports: { sendSms: async () => undefined, notify: async () => true, checkText: async () => true, storage: {} as never },
  openid: () => openid,
});

const spec = {
  echo: query(z.object({ n: z.number().int() }), z.object({ n: z.number(), caller: z.string() })),
  boom: command(z.object({}), z.object({})),
};

describe('router (in process)', () => {
  test('a thrown bug answers INTERNAL with a log id and no internals', async () => {
    const errors: unknown[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args) => { errors.push(args); });
    const main = createMain('t', spec, {
      echo: async (ctx, i) => ({ n: i.n, caller: ctx.openid }),
      boom: async () => { throw new Error('secret table name leaked?'); },
    }, runtime());
    const res = await main({ action: 'boom' });
    spy.mockRestore();
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('INTERNAL');
    expect(res.error.message).toMatch(/^系统繁忙，请稍后再试（[0-9a-f]{12}）$/);
    expect(JSON.stringify(res)).not.toContain('secret');
    const logId = res.error.message.match(/（(.+)）/)![1];
    expect(JSON.stringify(errors)).toContain(logId);
  });

  test('the caller is the context OPENID, never an event field', async () => {
    const main = createMain('t', spec, { echo: async (ctx, i) => ({ n: i.n, caller: ctx.openid }), boom: async () => ({}) }, runtime('real-caller'));
    expect(await main({ action: 'echo', n: 1, openid: 'forged', userInfo: { openId: 'forged' } })).toEqual({ ok: true, data: { n: 1, caller: 'real-caller' } });
  });

  test('validation happens before anything is read: bad input never reaches the database', async () => {
    const main = createMain('t', spec, { echo: async () => { throw new Error('handler reached'); }, boom: async () => ({}) }, runtime());
    expect(await main({ action: 'echo', n: 'one' })).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '输入有误，请检查后重试', field: 'n' } });
    expect(await main({ action: 'nope' })).toEqual({ ok: false, error: { code: 'UNKNOWN_ACTION', message: '不支持的操作' } });
    expect(await main(null)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  });
});
