import { createDbEmulator, type DbEmulator, type DbEmulatorOptions } from './emulator';
import { startDbServer, type DbServer } from './http';

/**
 * Environment that points the unmodified wx-server-sdk at the emulator (`url` = .../admin[/tag]).
 * TENCENTCLOUD=true skips the SDK's per-request cloud-metadata probe (a ~30 ms timeout each time
 * when metadata.tencentyun.com does not answer); it changes nothing else once the URL is injected.
 */
export function sdkEnv(url: string, openid = 'u1'): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: url }),
    TENCENTCLOUD_SECRETID: 'local-dummy-id',
    TENCENTCLOUD_SECRETKEY: 'local-dummy-key',
    TENCENTCLOUD: 'true',
    TCB_ENV: 'local',
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
    WX_OPENID: openid,
    WX_APPID: 'wx-local-app',
  };
}

export interface SdkHarness {
  emu: DbEmulator;
  server: DbServer;
  /** wx-server-sdk, initialised against the emulator */
  cloud: any;
  /** cloud.database() */
  db: any;
  tag: string;
  /** A second SDK client on another tag (its own caller), e.g. for lock waits. */
  otherDb(tag: string): any;
  close(): Promise<void>;
}

/**
 * Emulator + loopback server + the real wx-server-sdk in this process (for tests). As in
 * CloudBase, only declared (indexes) or created collections exist: `collections` names the
 * throwaway ones a test uses, created through the SDK (db.createCollection) before it starts.
 */
export async function startSdkHarness(opts: DbEmulatorOptions & { tag?: string; collections?: string[] }): Promise<SdkHarness> {
  const emu = await createDbEmulator(opts);
  const server = await startDbServer(emu);
  const tag = opts.tag ?? 'test';
  Object.assign(process.env, sdkEnv(`${server.url}/${tag}`));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: 'local' });
  const db = cloud.database();
  for (const name of opts.collections ?? []) await db.createCollection(name);
  return {
    emu,
    server,
    cloud,
    db,
    tag,
    otherDb: (other: string) => cloud.createNewInstance({ env: 'local', serviceUrl: `${server.url}/${other}` }).database(),
    async close() {
      await server.close();
      await emu.close();
    },
  };
}

/** The error a promise rejects with (tests of failures); fails when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
