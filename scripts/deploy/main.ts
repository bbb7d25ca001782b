// `npm run deploy [-- --plan] [--env <id>]`: brings a CloudBase environment to the state this
// repository describes (functions, collections, indexes, security rules, variables) with
// Tencent's own management SDK. Re-runnable: a second run right after prints "no changes".
import path from 'path';
import { listFunctions, ROOT, staleBundle } from '../functions';
import { checkVariables, functionVariables, readEnvFile } from './variables';
import { ACL, CODE_MARK, describeStep, desiredState, plan, type Desired, type DesiredFunction, type Live, type LiveCollection, type LiveFunction, type Step } from './state';

interface Args { plan: boolean; env: string | null; secrets: string }

export class DeployError extends Error {}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Args {
  const args: Args = { plan: false, env: env.YUE_CLOUD_ENV || null, secrets: path.join(ROOT, '.env.production') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--plan') args.plan = true;
    else if (a === '--env') args.env = argv[++i] ?? null;
    else if (a.startsWith('--env=')) args.env = a.slice(6);
    else if (a === '--secrets') args.secrets = path.resolve(argv[++i] ?? '');
    else throw new DeployError(`unknown argument ${a} (use --plan, --env <id>, --secrets <file>)`);
  }
  return args;
}

/** Everything checked before the first request: credentials, environment id, secrets, bundles. */
function preflight(args: Args, env: NodeJS.ProcessEnv): { vars: Record<string, string>; secretId: string; secretKey: string; token?: string; envId: string } {
  const problems: string[] = [];
  const secretId = env.TENCENTCLOUD_SECRETID ?? '';
  const secretKey = env.TENCENTCLOUD_SECRETKEY ?? '';
  if (!secretId || !secretKey) problems.push('TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY must be set (an API key of the account that owns the environment: Tencent Cloud console → 访问管理 → API 密钥)');
  if (!args.env) problems.push('no environment: pass --env <env-id> or set YUE_CLOUD_ENV (the id shown in the CloudBase console, e.g. yue-1a2b3c)');
  const vars = readEnvFile(args.secrets);
  if (!vars) problems.push(`${path.relative(ROOT, args.secrets) || args.secrets} not found: copy .env.production.example to .env.production and fill it in`);
  else problems.push(...checkVariables(vars).map((p) => `${path.basename(args.secrets)}: ${p}`));
  const stale = listFunctions().map(staleBundle).filter((s): s is string => !!s);
  if (stale.length) problems.push(`${stale.join('; ')}: run npm run build first`);
  if (problems.length) throw new DeployError(`nothing was changed:\n  - ${problems.join('\n  - ')}`);
  return { vars: vars!, secretId, secretKey, token: env.TENCENTCLOUD_SESSIONTOKEN || undefined, envId: args.env! };
}

/** Requests in flight at once (CloudBase's API allows about 20 per second per action). */
const PARALLEL = 8;

interface SdkError { code?: string; message: string; requestId?: string }
const isNotFound = (e: unknown): boolean => String((e as SdkError).code ?? '').startsWith('ResourceNotFound');

/** What an API error means for the operator. */
function advice(code: string): string {
  if (code.startsWith('AuthFailure')) return 'check TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys)';
  if (code.startsWith('UnauthorizedOperation') || code === 'OperationDenied') return 'the API key lacks permission: grant its user QcloudTCBFullAccess and QcloudSCFFullAccess in 访问管理';
  if (code.startsWith('LimitExceeded') || code.startsWith('RequestLimitExceeded')) return 'a quota or rate limit was hit: wait a minute and run the deploy again (it continues where it stopped)';
  if (code.startsWith('ResourceInUse') || code.startsWith('FailedOperation')) return 'the resource is busy or in another state: wait a minute and run the deploy again';
  return 'see the message; fix it and run the deploy again (it continues where it stopped)';
}

function apiFailure(doing: string, e: unknown): DeployError {
  const err = e as SdkError;
  const code = err.code ?? 'UnknownError';
  return new DeployError(`${doing} failed: ${code}: ${err.message}${err.requestId ? ` (RequestId ${err.requestId})` : ''}\n  what to do: ${advice(code)}`);
}

async function guard<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw apiFailure(doing, e);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type App = any;

async function readLive(app: App, envId: string, desired: Desired): Promise<Live> {
  const tcb = app.commonService('tcb', '2018-06-08');
  const functions = new Map<string, LiveFunction | null>();
  const collections = new Map<string, LiveCollection | null>();
  await Promise.all(desired.functions.map(async (f) => {
    try {
      const d = await app.functions.getFunctionDetail(f.name);
      const variables: Record<string, string> = {};
      for (const v of d.Environment?.Variables ?? []) variables[v.Key] = v.Value;
      const triggers = (d.Triggers ?? []).map((t: { TriggerName: string; Type: string; TriggerDesc: string }) => {
        let config = t.TriggerDesc;
        try { config = JSON.parse(t.TriggerDesc).cron ?? t.TriggerDesc; } catch { /* a plain cron string */ }
        return { name: t.TriggerName, type: t.Type, config };
      });
      functions.set(f.name, { runtime: d.Runtime, timeout: Number(d.Timeout), description: d.Description ?? '', variables, triggers });
    } catch (e) {
      if (!isNotFound(e)) throw apiFailure(`reading function ${f.name}`, e);
      functions.set(f.name, null);
    }
  }));
  await limited(desired.collections, PARALLEL, async (c) => {
    try {
      const t = await app.database.describeCollection(c.name);
      const indexes = (t.Indexes ?? []).filter((i: { Name: string }) => i.Name !== '_id_').map((i: { Name: string; Unique: boolean; Keys: { Name: string; Direction: string }[] }) => ({
        name: i.Name, unique: !!i.Unique, keys: Object.fromEntries((i.Keys ?? []).map((k) => [k.Name, Number(k.Direction)])),
      }));
      const acl = await guard(`reading the security rule of ${c.name}`, () => tcb.call({ Action: 'DescribeDatabaseACL', Param: { EnvId: envId, CollectionName: c.name } }));
      collections.set(c.name, { indexes, acl: (acl as { AclTag?: string }).AclTag ?? null });
    } catch (e) {
      if (e instanceof DeployError) throw e;
      if (!isNotFound(e)) throw apiFailure(`reading collection ${c.name}`, e);
      collections.set(c.name, null);
    }
  });
  return { functions, collections };
}

const funcParams = (f: DesiredFunction) => ({
  name: f.name,
  runtime: f.runtime,
  timeout: f.timeout,
  description: CODE_MARK + f.codeHash,
  installDependency: true,
  envVariables: f.variables,
  ignore: ['index.ts', 'node_modules', 'node_modules/**/*'],
});

async function apply(app: App, envId: string, step: Step): Promise<void> {
  const doing = describeStep(step).slice(2);
  await guard(doing, async () => {
    if (step.kind === 'collection') {
      if (step.create) await app.database.createCollection(step.name);
      if (step.indexes.length) {
        await app.database.updateCollection(step.name, {
          CreateIndexes: step.indexes.map((ix) => ({
            IndexName: ix.name,
            MgoKeySchema: { MgoIsUnique: !!ix.unique, MgoIndexKeys: Object.entries(ix.keys).map(([Name, dir]) => ({ Name, Direction: String(dir) })) },
          })),
        });
      }
      if (step.acl) await app.commonService('tcb', '2018-06-08').call({ Action: 'ModifyDatabaseACL', Param: { EnvId: envId, CollectionName: step.name, AclTag: ACL } });
      return;
    }
    const root = path.join(ROOT, 'cloudfunctions');
    if (step.create) {
      // CreateFunction (code, runtime, timeout, variables, description), then its timer triggers
      await app.functions.createFunction({ func: { ...funcParams(step.fn), triggers: step.addTriggers }, functionRootPath: root, force: false, deployMode: 'zip' });
      return;
    }
    if (step.code) await app.functions.updateFunctionCode({ func: funcParams(step.fn), functionRootPath: root, deployMode: 'zip' });
    // the description carries the code hash: written after the code; variables always as the full set
    if (step.code || step.config.length) {
      await app.functions.updateFunctionConfig({ name: step.fn.name, description: CODE_MARK + step.fn.codeHash, timeout: step.fn.timeout, envVariables: step.fn.variables });
    }
    for (const name of step.removeTriggers) await app.functions.deleteFunctionTrigger(step.fn.name, name);
    if (step.addTriggers.length) await app.functions.createFunctionTriggers(step.fn.name, step.addTriggers);
  });
}

/** Runs `work` over `items`, at most `n` at a time; the first failure stops new work and is thrown. */
async function limited<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (failed === null && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (e) {
        failed ??= e;
      }
    }
  }));
  if (failed !== null) throw failed;
}

export async function deploy(argv: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const args = parseArgs(argv, env);
  const pre = preflight(args, env);
  const desired = desiredState(functionVariables(pre.vars));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node');
  const app: App = new CloudBase({ secretId: pre.secretId, secretKey: pre.secretKey, token: pre.token, envId: pre.envId });
  const envs = await guard('listing the environments of these credentials (DescribeEnvs)', () => app.env.describeEnvs({}));
  const known = ((envs as { EnvList?: { EnvId: string }[] }).EnvList ?? []).map((e) => e.EnvId);
  if (!known.includes(pre.envId)) {
    throw new DeployError(`environment ${pre.envId} is not one of these credentials' environments (${known.join(', ') || 'none'}): check --env / YUE_CLOUD_ENV, or use an API key of the account that owns it. Nothing was changed.`);
  }
  const live = await readLive(app, pre.envId, desired);
  const { steps, blockers } = plan(desired, live);
  log(`Environment ${pre.envId}: ${desired.functions.length} functions, ${desired.collections.length} collections`);
  if (blockers.length) {
    throw new DeployError(`cannot deploy as is; nothing was changed:\n${blockers.map((b) => `  - ${b.what}\n    what to do: ${b.fix}`).join('\n')}`);
  }
  if (!steps.length) log('no changes');
  for (const s of steps) log(describeStep(s));
  const devtools = desired.functions.filter((f) => f.openapi.length);
  const created = new Set(steps.flatMap((s) => (s.kind === 'function' && s.create ? [s.fn.name] : [])));
  if (args.plan) {
    if (steps.length) log(`Plan only: ${steps.length} change(s), nothing applied. Run without --plan to apply.`);
  } else {
    // collections first (the functions use them), a few requests at a time (API rate limits)
    const work = async (s: Step) => {
      await apply(app, pre.envId, s);
      log(`  done: ${describeStep(s).slice(2)}`);
    };
    await limited(steps.filter((s) => s.kind === 'collection'), PARALLEL, work);
    await limited(steps.filter((s) => s.kind === 'function'), PARALLEL, work);
    if (steps.length) log(`Applied ${steps.length} change(s).`);
  }
  const first = devtools.filter((f) => created.has(f.name) || !live.functions.get(f.name));
  if (first.length) {
    log('Once, in WeChat DevTools (no API can register openapi permissions): right-click each of these folders under cloudfunctions/ → 上传并部署：云端安装依赖 (then run npm run deploy again):');
    for (const f of first) log(`  ${f.name}: ${f.openapi.join(', ')}`);
  }
}

if (require.main === module) {
  deploy(process.argv.slice(2), process.env, (line) => console.log(line)).catch((e: unknown) => {
    console.error(`deploy: ${e instanceof DeployError ? e.message : (e as Error).stack ?? String(e)}`);
    process.exit(1);
  });
}
