// Child side of cloud-process.ts: an in-memory local cloud, no seed; prints READY <url>.
import { startLocalCloud } from '../../devcloud/server';

const opts = JSON.parse(process.argv[2] ?? '{}') as { adminOpenids: string[]; workers?: number; env?: Record<string, string> };
startLocalCloud({ port: 0, dataDir: null, seed: 'none', adminOpenids: opts.adminOpenids, workers: opts.workers ?? 2, build: false, env: opts.env }).then((cloud) => {
  console.log(`READY ${cloud.url}`);
  process.on('SIGTERM', () => { void cloud.close().then(() => process.exit(0)); });
}, (err) => {
  console.error(err);
  process.exit(1);
});
