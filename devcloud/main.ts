// `npm start`: the local cloud with the real functions and demo data.
import path from 'path';
import { ROOT } from '../scripts/functions';
import { startLocalCloud } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.YUE_PORT ?? 3030);
  const dataDir = path.resolve(ROOT, process.env.YUE_DATA_DIR ?? '.devcloud');
  const seed = process.env.YUE_SEED === 'none' ? 'none' : 'demo';
  const adminOpenids = (process.env.YUE_ADMIN_OPENIDS ?? 'admin-local').split(',').map((s) => s.trim()).filter(Boolean);
  // YUE_SIP2_STANDIN=1: a stand-in library system (SIP2) on loopback; the functions ask it live (README "Library system").
  const env = process.env;
  const sip2 = env.YUE_SIP2_STANDIN === '1' ? {
    encoding: (['gbk', 'gb18030'].includes(String(env.YUE_SIP2_ENCODING)) ? env.YUE_SIP2_ENCODING : 'utf8') as 'utf8' | 'gbk' | 'gb18030',
    terminator: (env.YUE_SIP2_TERMINATOR === 'CRLF' ? 'CRLF' : 'CR') as 'CR' | 'CRLF',
    checksum: env.YUE_SIP2_CHECKSUM !== 'false',
    verify: (env.YUE_SIP2_VERIFY === 'password' ? 'password' : 'phone') as 'phone' | 'password',
  } : undefined;
  const cloud = await startLocalCloud({ port, dataDir, seed, adminOpenids, workers: Number(process.env.YUE_WORKERS ?? 4), preview: true, sip2 });
  console.log(`YUE积分社 local cloud ready at ${cloud.url}  (data: ${dataDir}, seed: ${seed}, admins: ${adminOpenids.join(',')})`);
  console.log(`  browser preview of the mini-program: ${cloud.url}/`);
  if (cloud.sip2) console.log(`  stand-in library system (SIP2, ${cloud.sip2.opts.encoding}, ${cloud.sip2.opts.terminator}) on 127.0.0.1:${cloud.sip2.port}: register e-cards in the dev panel or POST /dev/sip2/readers`);
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
