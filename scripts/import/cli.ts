// `npm run readers:import -- FILE [--dry-run] [--encoding GBK] [--url URL --openid ADMIN | --env ENV_ID]`
// `npm run holdings:import -- FILE …` (same options)
// FILE: .xlsx, or .csv/.txt in UTF-8 or GBK/GB18030 (detected; --encoding overrides).
// By default rows go to the admin actions of a running local cloud (as an admin OPENID); with
// --env they are written straight into a cloud environment's database by the same domain code
// (credentials: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY, key: YUE_HMAC_KEY).
import { importReaders, recordImport } from '../../server/domain/readers';
import { loadConfig, secretProblems } from '../../server/runtime/config';
import type { Ctx } from '../../server/runtime/context';
import type { Db } from '../../server/runtime/db';
import { httpJson } from '../../server/util/http-json';
import type { ImportKind } from './columns';
import { formatReport, ImportError, runImport, type BatchResult, type RecordSummary, type Sink } from './run';

interface ReadersAnswer {
  changes: { row: number; cardNo: string; change: 'created' | 'updated' }[];
  unchanged: number;
  conflicts: { row: number; cardNo: string | null; reason: string }[];
  rejected: { row: number; cardNo: string | null; reason: string }[];
}

function fromReaders(a: ReadersAnswer): BatchResult {
  return {
    changes: a.changes.map((c) => ({ row: c.row, key: c.cardNo, change: c.change })),
    unchanged: a.unchanged,
    conflicts: a.conflicts.map((c) => ({ row: c.row, key: c.cardNo, reason: c.reason })),
    rejected: a.rejected.map((r) => ({ row: r.row, key: r.cardNo, reason: r.reason })),
  };
}

const ACTIONS: Record<ImportKind, { action: string; payload: (rows: Record<string, string>[], dryRun: boolean) => object; result: (data: never) => BatchResult }> = {
  readers: { action: 'importReaders', payload: (rows, dryRun) => ({ readers: rows, dryRun }), result: fromReaders },
  holdings: { action: 'importHoldings', payload: (rows, dryRun) => ({ isbns: rows.map((r) => r.isbn), dryRun }), result: fromHoldings },
};

interface HoldingsAnswer {
  changes?: { row: number; isbn13: string; change: 'created' | 'updated' }[];
  imported: number;
  unchanged?: number;
  rejected: { row: number; value?: string | null; reason: string }[];
}

function fromHoldings(a: HoldingsAnswer): BatchResult {
  return {
    changes: (a.changes ?? []).map((c) => ({ row: c.row, key: c.isbn13, change: c.change })),
    unchanged: a.unchanged ?? 0,
    conflicts: [],
    rejected: a.rejected.map((r) => ({ row: r.row, key: r.value ?? null, reason: r.reason })),
  };
}

/** The admin actions of a running local cloud. */
export function localCloudSink(baseUrl: string, admin: string): { sink: Sink; record: (s: RecordSummary) => Promise<void> } {
  const callAdmin = async (event: object) => {
    const answer = (await httpJson('POST', `${baseUrl}/fn/admin`, event, { 'X-WX-OPENID': admin })).json;
    if (!answer?.ok) throw new Error(`${answer?.error?.code ?? 'HTTP'}: ${answer?.error?.message ?? '本地云没有应答'}`);
    return answer.data;
  };
  return {
    sink: async (kind, rows, dryRun) => {
      const spec = ACTIONS[kind];
      return spec.result((await callAdmin({ action: spec.action, ...spec.payload(rows, dryRun) })) as never);
    },
    record: async (summary) => { await callAdmin({ action: 'recordImport', ...summary }); },
  };
}

/** Straight into a cloud environment's database (readers only: holdings go through the admin action). */
function cloudEnvSink(env: string): { sink: Sink; record: (s: RecordSummary) => Promise<void> } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tcb = require('@cloudbase/node-sdk');
  const app = tcb.init({ env, secretId: process.env.TENCENTCLOUD_SECRETID, secretKey: process.env.TENCENTCLOUD_SECRETKEY });
  const ctx = () => ({ db: app.database() as Db, now: new Date(), config: loadConfig(), openid: 'import-script' }) as Ctx;
  return {
    sink: async (kind, rows, dryRun) => {
      if (kind !== 'readers') throw new ImportError('--env 只支持读者导入；馆藏请通过本地云或管理员接口导入');
      return fromReaders(await importReaders(ctx(), rows, { dryRun }));
    },
    record: async (summary) => { await recordImport(ctx(), summary); },
  };
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

const VALUED = ['--url', '--openid', '--env', '--encoding'];

export async function cli(kind: ImportKind, argv: string[]): Promise<number> {
  const file = argv.find((a, i) => !a.startsWith('--') && !VALUED.includes(argv[i - 1]));
  if (!file) {
    console.error(`用法：npm run ${kind}:import -- 文件.xlsx|文件.csv [--dry-run] [--encoding GBK] [--url URL --openid 管理员 | --env 云环境ID]`);
    return 1;
  }
  const env = arg(argv, 'env');
  // Writing to a cloud environment: the key check the functions make (ID hashes made with a
  // weak or published key could be reversed, and the functions could not match them).
  const problems = env ? secretProblems(process.env, ['YUE_HMAC_KEY']) : [];
  if (problems.length) {
    console.error(`拒绝写入云环境 ${env}：${problems.join('; ')}（没有写入任何数据）`);
    return 1;
  }
  const target = env
    ? cloudEnvSink(env)
    : localCloudSink(arg(argv, 'url') ?? `http://127.0.0.1:${process.env.YUE_PORT ?? 3030}`, arg(argv, 'openid') ?? (process.env.YUE_ADMIN_OPENIDS ?? 'admin-local').split(',')[0]);
  try {
    const report = await runImport(kind, file, { dryRun: argv.includes('--dry-run'), encoding: arg(argv, 'encoding'), progress: true, ...target });
    console.log(formatReport(report));
    return report.counts.rejected ? 2 : 0;
  } catch (err) {
    console.error(err instanceof ImportError ? `无法导入：${err.message}（没有写入任何数据）` : err instanceof Error ? err.message : err);
    return 1;
  }
}
