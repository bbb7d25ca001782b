// Concurrency tests that really overlap: warm every function instance, release the racers
// together, and prove from the local cloud's invocation spans that they ran at the same time.
// See docs/page-tests.md ("Races").
import { contract } from '../../miniprogram/contract';
import type { ActionSpec } from '../../miniprogram/contract/common';
import { call, request, type Answer } from './cloud';

let workers: number | undefined;

/** Number of function instances the local cloud runs (YUE_TEST_WORKERS, default 6). */
export async function instanceCount(): Promise<number> {
  workers ??= Number((await request('GET', '/dev/host')).json.workers);
  return workers;
}

/** A harmless event for `fn`: its first read action that accepts `{}` (the caller has no card: a refusal is fine). */
function harmlessEvent(fn: string): Record<string, unknown> {
  const spec = (contract as unknown as Record<string, Record<string, ActionSpec>>)[fn];
  const action = spec && Object.keys(spec).find((a) => !spec[a].mutating && spec[a].role === 'user' && spec[a].input.safeParse({}).success);
  if (!action) throw new Error(`warmAll('${fn}'): no read action accepts {}; pass a harmless event`);
  return { action };
}

/**
 * Makes every instance run `fn` once (bundle loaded, SDK and database connection up), so no
 * racer pays a cold start while another finishes. Repeats rounds until each instance has answered.
 */
export async function warmAll(fn: string, event: Record<string, unknown> = harmlessEvent(fn), openid = 'race-warm-up'): Promise<void> {
  const n = await instanceCount();
  const seen = new Set<string>();
  for (let round = 0; seen.size < n; round++) {
    if (round === 10) throw new Error(`warmAll('${fn}'): only ${seen.size} of ${n} instances answered`);
    const answers = await Promise.all(Array.from({ length: n }, () => call(fn, openid, event)));
    for (const a of answers) if (a.span) seen.add(a.span.worker);
  }
}

export interface Race<T> {
  answers: Answer<T>[];
  /** Most racers running in a function instance at the same instant. */
  peak: number;
  /** Instances that ran a racer. */
  workers: number;
  /** The peak this race must reach to count as overlapping: min(racers, instances). */
  needed: number;
}

/**
 * Releases `n` racers together: `racer(i)` must only make the call (prepare codes, cards and
 * requestIds before). Warm the functions first (warmAll), then check `expectOverlap(result)`.
 */
export async function race<T = any>(n: number, racer: (i: number) => Promise<Answer<T>>): Promise<Race<T>> {
  const instances = await instanceCount();
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => racer(i)));
  const spans = answers.map((a, i) => {
    if (!a.span) throw new Error(`racer ${i}: the answer has no invocation span (not a local cloud call?)`);
    return a.span;
  });
  // Sweep the start/end instants: an end at the same millisecond as a start does not overlap.
  const edges = spans.flatMap((s) => [[s.start, 1], [s.end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (running += d));
  return { answers, peak, workers: new Set(spans.map((s) => s.worker)).size, needed: Math.min(n, instances) };
}

/** Fails unless every instance (or every racer, when fewer) ran a racer at one and the same instant. */
export function expectOverlap(r: Race<unknown>): void {
  expect({ peak: r.peak, workers: r.workers }).toEqual({ peak: r.needed, workers: r.needed });
}

/**
 * Repeats a race round (fresh data and its own assertions each time) until one shows real
 * contention, e.g. a loser that got past the pre-check. Every round must hold the rule; which
 * round interleaves the way we want is up to the scheduler, so allow a few.
 */
export async function untilContended(rounds: number, round: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < rounds; i++) if (await round()) return;
  throw new Error(`none of ${rounds} rounds showed contention: the racers never met inside the function`);
}
