// Starts one local cloud (real functions, real wx-server-sdk, emulator in memory) for the whole run.
import { startLocalCloud } from '../../devcloud/server';
import { buildNpm } from '../../scripts/build-npm';

export default async function globalSetup(): Promise<void> {
  await buildNpm({ quiet: true }); // page tests load vant from miniprogram_npm (skips when up to date)
  if (process.env.YUE_TEST_URL) return; // an already running local cloud was named
  const cloud = await startLocalCloud({
    port: 0,
    dataDir: null,
    seed: 'demo',
    adminOpenids: ['admin-test'],
    workers: Number(process.env.YUE_TEST_WORKERS ?? 6),
    env: { YUE_RULES_CACHE_MS: '0' },
  });
  process.env.YUE_TEST_URL = cloud.url;
  (globalThis as { __YUE_CLOUD__?: unknown }).__YUE_CLOUD__ = cloud;
}
