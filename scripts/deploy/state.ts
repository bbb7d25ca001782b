// Desired state (from the repository) and the plan that brings a live environment to it.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type { IndexDef } from '../../devcloud/db';
import { bundlePath, FUNCTIONS_DIR, listFunctions, readFunctionConfig, ROOT, RUNTIME, type TimerTrigger } from '../functions';

/** The function description the deploy writes: it carries the code's hash, so an unchanged bundle is not uploaded again. */
export const CODE_MARK = 'YUE积分社 code ';
/** Every collection: only the functions read and write (the mini-program goes through them). */
export const ACL = 'ADMINONLY';

export interface DesiredFunction {
  name: string;
  runtime: string;
  timeout: number;
  triggers: TimerTrigger[];
  variables: Record<string, string>;
  codeHash: string;
  openapi: string[];
}
export interface DesiredCollection { name: string; indexes: IndexDef[] }
export interface Desired { functions: DesiredFunction[]; collections: DesiredCollection[] }

/** What the deploy reads back from the environment. */
export interface LiveFunction { runtime: string; timeout: number; description: string; variables: Record<string, string>; triggers: TimerTrigger[] }
export interface LiveIndex { name: string; keys: Record<string, number>; unique: boolean }
export interface LiveCollection { indexes: LiveIndex[]; acl: string | null }
export interface Live { functions: Map<string, LiveFunction | null>; collections: Map<string, LiveCollection | null> }

export function codeHash(fn: string): string {
  const h = crypto.createHash('sha256');
  for (const file of [bundlePath(fn), path.join(FUNCTIONS_DIR, fn, 'package.json')]) h.update(fs.readFileSync(file)).update('\0');
  return h.digest('hex').slice(0, 16);
}

export function desiredState(variables: Record<string, string>): Desired {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'db', 'indexes.json'), 'utf8')) as { collections: Record<string, IndexDef[]> };
  return {
    functions: listFunctions().map((name) => {
      const config = readFunctionConfig(name);
      return { name, runtime: RUNTIME, timeout: config.timeout, triggers: config.triggers, variables, codeHash: codeHash(name), openapi: config.openapi };
    }),
    collections: Object.entries(spec.collections).map(([name, indexes]) => ({ name, indexes })),
  };
}

/** What one function or collection needs; the deploy applies each as one unit. */
export type Step =
  | { kind: 'function'; fn: DesiredFunction; create: boolean; code: boolean; config: string[]; removeTriggers: string[]; addTriggers: TimerTrigger[] }
  | { kind: 'collection'; name: string; create: boolean; indexes: IndexDef[]; acl: { from: string | null } | null };

/** A change no API can apply (the deploy stops before any write). */
export interface Blocker { what: string; fix: string }

const sameKeys = (a: Record<string, number>, b: Record<string, number>): boolean =>
  JSON.stringify(Object.entries(a).map(([k, v]) => [k, Number(v)])) === JSON.stringify(Object.entries(b).map(([k, v]) => [k, Number(v)]));

export function plan(desired: Desired, live: Live): { steps: Step[]; blockers: Blocker[] } {
  const steps: Step[] = [];
  const blockers: Blocker[] = [];
  for (const c of desired.collections) {
    const have = live.collections.get(c.name) ?? null;
    const missing: IndexDef[] = [];
    for (const ix of c.indexes) {
      const got = have?.indexes.find((i) => i.name === ix.name);
      if (!got) missing.push(ix);
      else if (!sameKeys(got.keys, ix.keys) || got.unique !== !!ix.unique) {
        blockers.push({
          what: `index ${c.name}.${ix.name} exists with other keys or uniqueness`,
          fix: `drop it in the CloudBase console (数据库 → ${c.name} → 索引管理) or give the index in db/indexes.json a new name, then deploy again`,
        });
      }
    }
    const acl = have?.acl === ACL ? null : { from: have?.acl ?? null };
    if (!have || missing.length || acl) steps.push({ kind: 'collection', name: c.name, create: !have, indexes: missing, acl });
  }
  for (const fn of desired.functions) {
    const have = live.functions.get(fn.name) ?? null;
    if (!have) {
      steps.push({ kind: 'function', fn, create: true, code: true, config: [], removeTriggers: [], addTriggers: fn.triggers });
      continue;
    }
    if (have.runtime !== fn.runtime) {
      blockers.push({
        what: `function ${fn.name} runs ${have.runtime}, the bundles target ${fn.runtime}`,
        fix: `a runtime cannot be changed in place: delete ${fn.name} in the CloudBase console (云函数), then deploy again (it is re-created)`,
      });
      continue;
    }
    const code = have.description !== CODE_MARK + fn.codeHash;
    const config: string[] = [];
    if (have.timeout !== fn.timeout) config.push(`timeout ${have.timeout} s → ${fn.timeout} s`);
    const names = new Set([...Object.keys(have.variables), ...Object.keys(fn.variables)]);
    const added = [...names].filter((n) => !(n in have.variables)).sort();
    const removed = [...names].filter((n) => !(n in fn.variables)).sort();
    const changed = [...names].filter((n) => n in have.variables && n in fn.variables && have.variables[n] !== fn.variables[n]).sort();
    if (added.length) config.push(`variables added: ${added.join(', ')}`);
    if (changed.length) config.push(`variables changed: ${changed.join(', ')}`);
    if (removed.length) config.push(`variables removed: ${removed.join(', ')}`);
    const key = (t: TimerTrigger) => `${t.name}|${t.type}|${t.config}`;
    const want = new Set(fn.triggers.map(key));
    const got = new Set(have.triggers.map(key));
    const removeTriggers = have.triggers.filter((t) => !want.has(key(t))).map((t) => t.name);
    const addTriggers = fn.triggers.filter((t) => !got.has(key(t)));
    if (code || config.length || removeTriggers.length || addTriggers.length) {
      steps.push({ kind: 'function', fn, create: false, code, config, removeTriggers, addTriggers });
    }
  }
  return { steps, blockers };
}

const keysText = (keys: Record<string, number>) => Object.entries(keys).map(([k, v]) => `${k} ${Number(v) < 0 ? 'desc' : 'asc'}`).join(', ');

/** One line per step; variables by name only, never values. */
export function describeStep(s: Step): string {
  if (s.kind === 'collection') {
    const parts = s.indexes.map((ix) => `${ix.unique ? 'unique ' : ''}index ${ix.name} (${keysText(ix.keys)})`);
    if (s.acl) parts.push(s.create ? `rule ${ACL}` : `rule ${s.acl.from ?? 'default'} → ${ACL}`);
    return s.create ? `+ collection ${s.name}${parts.length ? ` (${parts.join('; ')})` : ''}` : `~ collection ${s.name}: ${parts.map((p) => (p.startsWith('rule') ? p : `add ${p}`)).join('; ')}`;
  }
  const f = s.fn;
  const triggers = s.addTriggers.map((t) => `timer ${t.name} "${t.config}"`);
  if (s.create) {
    const vars = Object.keys(f.variables).sort();
    return `+ function ${f.name} (${f.runtime}, timeout ${f.timeout} s, code ${f.codeHash}, variables: ${vars.join(', ') || 'none'}${triggers.length ? `, trigger ${triggers.join(', ')}` : ''})`;
  }
  const parts: string[] = [];
  if (s.code) parts.push(`upload code ${f.codeHash}`);
  parts.push(...s.config);
  if (s.removeTriggers.length) parts.push(`remove trigger ${s.removeTriggers.join(', ')}`);
  if (triggers.length) parts.push(`add trigger ${triggers.join(', ')}`);
  return `~ function ${f.name}: ${parts.join('; ')}`;
}
