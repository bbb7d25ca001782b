// Globals the mini-program runtime has and the simulator lacks. Imported by harness.ts (and safe
// to list in jest `setupFiles`); idempotent.
/* eslint-disable @typescript-eslint/no-require-imports */
import 'miniprogram-simulate'; // defines Component, Behavior and a mock `wx`

// Untyped internals of the simulator (same module instances as miniprogram-simulate's).
const exparser = require('miniprogram-exparser') as { Component: { prototype: object } };

type AnyPage = WechatMiniprogram.Page.Instance<Record<string, unknown>, Record<string, unknown>>;

interface HarnessGlobals {
  __yueAppOptions?: Record<string, unknown>;
  __yueApp?: Record<string, unknown>;
  __yuePages?: AnyPage[];
  __yueSimulateWx?: Record<string, unknown>;
}
const g = globalThis as unknown as HarnessGlobals & Record<string, unknown>;

// The simulator's own wx mock, kept as the base that installWx() builds on.
g.__yueSimulateWx ??= { ...(g.wx as Record<string, unknown>) };
g.__yuePages ??= [];

// App() keeps its options; installWx() (harness.ts) makes a fresh app from them for getApp().
g.App = (options: Record<string, unknown>) => {
  g.__yueAppOptions = options;
};
g.getApp = () => {
  if (!g.__yueApp) throw new Error('getApp(): no app yet (call installWx() from the harness first)');
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

// The simulator's built-in tags ignore `hidden`; the runtime hides the node. Re-register the
// common ones with a `hidden` property reflected to the DOM (harness text() skips hidden nodes),
// and inputs with `disabled` (harness input() refuses to type into a disabled field).
const jComponent = require('j-component') as { register(definition: object): string };
const BUILTINS = [
  'view', 'text', 'image', 'button', 'label', 'navigator', 'scroll-view', 'swiper', 'swiper-item',
  'form', 'input', 'textarea', 'icon', 'rich-text', 'cover-view', 'cover-image', 'progress',
];
if (!g.__yueHiddenBuiltins) {
  for (const name of BUILTINS) {
    jComponent.register({
      id: name,
      tagName: `wx-${name}`,
      template: '<slot/>',
      properties: {
        ...(name === 'input' || name === 'textarea' ? { disabled: Boolean } : {}),
        hidden: {
          type: Boolean,
          value: false,
          observer(this: { $$?: Element }, hidden: boolean) {
            this.$$?.toggleAttribute('hidden', hidden);
          },
        },
      },
    });
  }
  g.__yueHiddenBuiltins = true;
}
