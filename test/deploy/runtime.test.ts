import { CLOUDBASE_NODE_RUNTIMES, RUNTIME, TARGET } from '../../scripts/functions';

// The deploy creates every function with RUNTIME; the bundler compiles for TARGET. A bundle whose
// syntax the runtime cannot parse would fail only in production, at its first invocation.
const version = (s: string): number[] => (/(\d+)(?:\.(\d+))?/.exec(s) ?? []).slice(1).map((n) => Number(n ?? 0));
const atLeast = (a: number[], b: number[]): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);

test('the runtime the deploy chooses is a CloudBase Node.js runtime that runs the bundles\' target', () => {
  expect(CLOUDBASE_NODE_RUNTIMES).toContain(RUNTIME);
  expect(TARGET).toMatch(/^node\d+(\.\d+)?$/);
  expect({ runtime: RUNTIME, target: TARGET, runs: atLeast(version(RUNTIME), version(TARGET)) }).toEqual({ runtime: RUNTIME, target: TARGET, runs: true });
});

