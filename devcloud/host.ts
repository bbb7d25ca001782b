import { fork, type ChildProcess } from 'child_process';
import { buildSync } from 'esbuild';
import fs from 'fs';
import path from 'path';
import { bundlePath, listFunctions, readFunctionConfig, ROOT, type FunctionConfig } from '../scripts/functions';

/** An invocation that ran past its function's timeout (the cloud answers errCode -504003). */
export class FunctionTimeout extends Error {
  constructor(readonly fn: string, readonly seconds: number) {
    super(`Invoking task timed out after ${seconds} seconds`);
  }
}

export interface Invocation { fn: string; event: unknown; openid: string; now: string | null }
/** worker, startedAt, endedAt (host clock, ms): which instance ran the call and when (race tests prove overlap with them). */
export interface InvocationResult { result: unknown; dbRoundTrips: number; dbWrites: number; ms: number; worker: string; startedAt: number; endedAt: number }

interface Worker { proc: ChildProcess; tag: string; busy: boolean; ready: Promise<void> }
interface Pending { inv: Invocation; resolve: (r: InvocationResult) => void; reject: (e: Error) => void }

/** Compiles the worker once per process start (it runs as plain node, no loader). */
function workerScript(): string {
  const out = path.join(ROOT, '.build', 'devcloud-worker.js');
  buildSync({ entryPoints: [path.join(__dirname, 'worker.ts')], outfile: out, platform: 'node', format: 'cjs', target: 'node18', bundle: false, logLevel: 'warning' });
  return out;
}

/**
 * A pool of function instances. Each worker is a child process with its own database tag,
 * so the emulator's per-tag request counter gives each invocation's database round trips.
 */
export class FunctionHost {
  private workers: Worker[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private readonly known = new Set(listFunctions());

  /**
   * `log`: a file that also receives every instance's output (stdout and stderr), as the cloud's
   * function logs would; the test run scans it for personal data (test/setup/global-teardown.ts).
   */
  constructor(private readonly opts: { size: number; baseUrl: string; env: NodeJS.ProcessEnv; counter: (tag: string) => number; writes?: (tag: string) => number; onWorkerExit?: (tag: string) => void; log?: string }) {
    const script = workerScript();
    for (let i = 0; i < opts.size; i++) this.workers.push(this.spawn(script, `w${i}`));
  }

  get size(): number {
    return this.workers.length;
  }

  has(fn: string): boolean {
    return this.known.has(fn);
  }

  private spawn(script: string, tag: string): Worker {
    const env: NodeJS.ProcessEnv = {
      ...this.opts.env,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${this.opts.baseUrl}/admin/${tag}` }),
      TCB_ENV: 'local',
      // Tells the SDK it runs in the cloud, so it skips probing Tencent's metadata server per request.
      TENCENTCLOUD: 'true',
      SCF_NAMESPACE: 'local',
      TENCENTCLOUD_SECRETID: 'local-dummy-id',
      TENCENTCLOUD_SECRETKEY: 'local-dummy-key',
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
      WX_APPID: 'wx-local-app',
      WX_OPENID: '',
      YUE_DEV_OUTBOX_URL: `${this.opts.baseUrl}/dev/outbox`,
    };
    const proc = fork(script, [], { env, stdio: ['ignore', this.opts.log ? 'pipe' : 'inherit', this.opts.log ? 'pipe' : 'inherit', 'ipc'] });
    if (this.opts.log) {
      const log = this.opts.log;
      proc.stdout?.on('data', (chunk: Buffer) => { process.stdout.write(chunk); fs.appendFileSync(log, chunk); });
      proc.stderr?.on('data', (chunk: Buffer) => { process.stderr.write(chunk); fs.appendFileSync(log, chunk); });
    }
    let markReady: () => void = () => undefined;
    const w: Worker = { proc, tag, busy: false, ready: new Promise<void>((r) => { markReady = r; }) };
    proc.on('message', (m: { ready?: boolean }) => { if (m?.ready) markReady(); });
    proc.on('exit', (code) => {
      if (this.closing) return;
      console.error(`[devcloud] worker ${tag} exited (${code}); restarting`);
      this.opts.onWorkerExit?.(tag); // its open transactions die with it
      const idx = this.workers.indexOf(w);
      if (idx >= 0) this.workers[idx] = this.spawn(script, tag);
      this.pump();
    });
    return w;
  }

  private closing = false;

  invoke(inv: Invocation): Promise<InvocationResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ inv, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const w of this.workers) {
      if (!this.queue.length) return;
      if (w.busy || !w.proc.connected) continue;
      const job = this.queue.shift()!;
      w.busy = true;
      void this.run(w, job).finally(() => {
        w.busy = false;
        this.pump();
      });
    }
  }

  private async run(w: Worker, job: Pending): Promise<void> {
    await w.ready;
    const id = this.nextId++;
    const before = this.opts.counter(w.tag);
    const writesBefore = this.opts.writes?.(w.tag) ?? 0;
    const started = Date.now();
    await new Promise<void>((done) => {
      const onMessage = (m: { id?: number; result?: unknown; error?: string }) => {
        if (m?.id !== id) return;
        cleanup();
        if (m.error !== undefined) job.reject(new Error(m.error));
        else {
          const endedAt = Date.now();
          job.resolve({ result: m.result, dbRoundTrips: this.opts.counter(w.tag) - before, dbWrites: (this.opts.writes?.(w.tag) ?? 0) - writesBefore, ms: endedAt - started, worker: w.tag, startedAt: started, endedAt });
        }
        done();
      };
      const onExit = () => {
        cleanup();
        job.reject(timedOut ? new FunctionTimeout(job.inv.fn, seconds) : new Error('function instance crashed'));
        done();
      };
      // Like the cloud: past its config.json timeout the instance is killed (its open
      // transactions abort with it) and a fresh one takes its place.
      const seconds = this.timeoutSeconds(job.inv.fn);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        console.error(`[devcloud] ${job.inv.fn} timed out after ${seconds} s on worker ${w.tag}; killing the instance`);
        w.proc.kill('SIGKILL');
      }, seconds * 1000);
      const cleanup = () => {
        clearTimeout(timer);
        w.proc.off('message', onMessage);
        w.proc.off('exit', onExit);
      };
      w.proc.on('message', onMessage);
      w.proc.on('exit', onExit);
      w.proc.send({ type: 'invoke', id, fn: job.inv.fn, bundle: bundlePath(job.inv.fn), event: job.inv.event, openid: job.inv.openid, now: job.inv.now });
    });
  }

  private readonly configs = new Map<string, FunctionConfig>();

  /** The function's config.json (read once). */
  config(fn: string): FunctionConfig {
    let c = this.configs.get(fn);
    if (!c) {
      c = readFunctionConfig(fn);
      this.configs.set(fn, c);
    }
    return c;
  }

  /** The function's `timeout` from its config.json (seconds), CloudBase's 3 s when unset. */
  private timeoutSeconds(fn: string): number {
    // YUE_FN_TIMEOUT_MS (local cloud only) caps every function's timeout, to try timeouts out.
    const cap = Number(this.opts.env.YUE_FN_TIMEOUT_MS ?? process.env.YUE_FN_TIMEOUT_MS ?? 0);
    if (cap > 0) return cap / 1000;
    return this.config(fn).timeout;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => new Promise<void>((r) => {
      if (w.proc.exitCode !== null) return r();
      w.proc.once('exit', () => r());
      w.proc.kill();
    })));
  }
}
