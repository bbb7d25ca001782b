// Globals the mini-program runtime has and the simulator lacks. Imported by harness.ts (and safe
// to list in jest `setupFiles`); idempotent.
import 'miniprogram-simulate'; // defines Component, Behavior and a mock `wx`

// Untyped internals of the simulator (same module instances as miniprogram-simulate's).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exparser = require('miniprogram-exparser') as { Component: { prototype: object } };

type AnyPage = WechatMiniprogram.Page.Instance<Record<string, unknown>, Record<string, unknown>>;

interface HarnessGlobals {
  __yueApp?: Record<string, unknown>;
  __yuePages?: AnyPage[];
  __yueSimulateWx?: Record<string, unknown>;
}
const g = globalThis as unknown as HarnessGlobals & Record<string, unknown>;

// The simulator's own wx mock, kept as the base that installWx() builds on.
g.__yueSimulateWx ??= { ...(g.wx as Record<string, unknown>) };
g.__yuePages ??= [];

// App() stores the app object; getApp() returns it (harness.ts loads miniprogram/app.ts).
g.App = (options: Record<string, unknown>) => {
  g.__yueApp = options;
};
g.getApp = () => {
  if (!g.__yueApp) throw new Error('getApp(): app.ts not loaded (use installWx() from the harness)');
  return g.__yueApp;
};
g.getCurrentPages = () => g.__yuePages ?? [];
g.Page = () => {
  throw new Error('Pages are written with Component() so the simulator can render them');
};

// Base library >= 2.4 batches setData with groupSetData (vant tabs); run the batch at once.
const proto = exparser.Component.prototype as unknown as Record<string, unknown>;
if (typeof proto.groupSetData !== 'function') {
  proto.groupSetData = function groupSetData(cb: () => void) {
    cb();
  };
}
