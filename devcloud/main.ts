// `npm start`: the local cloud with the real functions and demo data.
import path from 'path';
import { ROOT } from '../scripts/functions';
import { startLocalCloud } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.YUE_PORT ?? 3030);
  const dataDir = path.resolve(ROOT, process.env.YUE_DATA_DIR ?? '.devcloud');
  const seed = process.env.YUE_SEED === 'none' ? 'none' : 'demo';
  const adminOpenids = (process.env.YUE_ADMIN_OPENIDS ?? 'admin-local').split(',').map((s) => s.trim()).filter(Boolean);
  const cloud = await startLocalCloud({ port, dataDir, seed, adminOpenids, workers: Number(process.env.YUE_WORKERS ?? 4), preview: true });
  console.log(`YUE积分社 local cloud ready at ${cloud.url}  (data: ${dataDir}, seed: ${seed}, admins: ${adminOpenids.join(',')})`);
  console.log(`  browser preview of the mini-program: ${cloud.url}/`);
  console.log(`  curl -s -X POST ${cloud.url}/fn/points -H 'X-WX-OPENID: u1' -d '{"action":"rules"}'`);
  console.log(`  curl -s '${cloud.url}/dev/sms?phone=13800000001'`);
  const stop = async () => {
    await cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
