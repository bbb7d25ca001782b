// One cloud-function instance: runs one invocation at a time, like a CloudBase instance, so the
// caller's OPENID (read by wx-server-sdk from process.env) never mixes between concurrent calls.
interface Invoke { type: 'invoke'; id: number; fn: string; bundle: string; event: unknown; openid: string; now: string | null }

const RealDate = Date;
let offsetMs = 0;

// X-Dev-Now: shift this process's clock for one invocation; function code is unaware.
class DevDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [string]));
  }
  static now(): number {
    return RealDate.now() + offsetMs;
  }
}
globalThis.Date = DevDate as DateConstructor;

process.on('message', async (msg: Invoke) => {
  if (msg?.type !== 'invoke') return;
  process.env.WX_OPENID = msg.openid;
  // The running function's name, by which the dev outbox checks its openapi permissions. Not
  // SCF_FUNCTIONNAME: that one tells a function it runs in Tencent's cloud (config.ts inCloud).
  process.env.YUE_LOCAL_FN = msg.fn;
  offsetMs = msg.now ? RealDate.parse(msg.now) - RealDate.now() : 0;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(msg.bundle);
    const result = await mod.main(msg.event, { function_name: 'local', request_id: String(msg.id) });
    process.send?.({ id: msg.id, result });
  } catch (err) {
    process.send?.({ id: msg.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  } finally {
    offsetMs = 0;
  }
});
// Like an instance's init phase: the SDK loads before the first invocation, so its cold start
// does not count against the function's timeout (the host times invocations only).
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('wx-server-sdk');
} catch {
  // A bundle without the SDK installed fails on its own call, with its own message.
}
process.send?.({ ready: true });
