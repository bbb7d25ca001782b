// Starts one local cloud (real functions, real wx-server-sdk, emulator in memory) for the whole run.
import os from 'os';
import path from 'path';
import { startLocalCloud } from '../../devcloud/server';
import { buildNpm } from '../../scripts/build-npm';

export default async function globalSetup(): Promise<void> {
  await buildNpm({ quiet: true }); // page tests load vant from miniprogram_npm (skips when up to date)
  if (process.env.YUE_TEST_URL) return; // an already running local cloud was named
  // The functions' log of the whole run: global-teardown.ts scans it for personal data.
  const fnLog = path.join(os.tmpdir(), `yue-test-functions-${process.pid}-${Date.now()}.log`);
  const cloud = await startLocalCloud({
    port: 0,
    dataDir: null,
    seed: 'demo',
    adminOpenids: ['admin-test'],
    workers: Number(process.env.YUE_TEST_WORKERS ?? 6),
    env: { YUE_RULES_CACHE_MS: '0' },
    fnLog,
  });
  process.env.YUE_TEST_URL = cloud.url;
  (globalThis as { __YUE_CLOUD__?: unknown }).__YUE_CLOUD__ = cloud;
  (globalThis as { __YUE_FN_LOG__?: string }).__YUE_FN_LOG__ = fnLog;
}
