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

export type Step =
  | { kind: 'createFunction'; fn: DesiredFunction }
  | { kind: 'updateCode'; fn: DesiredFunction }
  | { kind: 'updateConfig'; fn: DesiredFunction; what: string[] }
  | { kind: 'setTriggers'; fn: DesiredFunction; remove: string[]; add: TimerTrigger[] }
  | { kind: 'createCollection'; name: string }
  | { kind: 'createIndexes'; name: string; indexes: IndexDef[] }
  | { kind: 'setAcl'; name: string; from: string | null };

/** A change no API can apply (the deploy stops before any write). */
export interface Blocker { what: string; fix: string }

const sameKeys = (a: Record<string, number>, b: Record<string, number>): boolean =>
  JSON.stringify(Object.entries(a).map(([k, v]) => [k, Number(v)])) === JSON.stringify(Object.entries(b).map(([k, v]) => [k, Number(v)]));

export function plan(desired: Desired, live: Live): { steps: Step[]; blockers: Blocker[] } {
  const steps: Step[] = [];
  const blockers: Blocker[] = [];
  for (const c of desired.collections) {
    const have = live.collections.get(c.name) ?? null;
    if (!have) steps.push({ kind: 'createCollection', name: c.name });
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
    if (missing.length) steps.push({ kind: 'createIndexes', name: c.name, indexes: missing });
    if (have?.acl !== ACL) steps.push({ kind: 'setAcl', name: c.name, from: have?.acl ?? null });
  }
  for (const fn of desired.functions) {
    const have = live.functions.get(fn.name) ?? null;
    if (!have) {
      steps.push({ kind: 'createFunction', fn });
      continue;
    }
    if (have.runtime !== fn.runtime) {
      blockers.push({
        what: `function ${fn.name} runs ${have.runtime}, the bundles target ${fn.runtime}`,
        fix: `a runtime cannot be changed in place: delete ${fn.name} in the CloudBase console (云函数), then deploy again (it is re-created)`,
      });
      continue;
    }
    if (have.description !== CODE_MARK + fn.codeHash) steps.push({ kind: 'updateCode', fn });
    const what: string[] = [];
    if (have.timeout !== fn.timeout) what.push(`timeout ${have.timeout} s → ${fn.timeout} s`);
    const names = new Set([...Object.keys(have.variables), ...Object.keys(fn.variables)]);
    const added = [...names].filter((n) => !(n in have.variables)).sort();
    const removed = [...names].filter((n) => !(n in fn.variables)).sort();
    const changed = [...names].filter((n) => n in have.variables && n in fn.variables && have.variables[n] !== fn.variables[n]).sort();
    if (added.length) what.push(`variables added: ${added.join(', ')}`);
    if (changed.length) what.push(`variables changed: ${changed.join(', ')}`);
    if (removed.length) what.push(`variables removed: ${removed.join(', ')}`);
    if (what.length) steps.push({ kind: 'updateConfig', fn, what });
    const key = (t: TimerTrigger) => `${t.name}|${t.type}|${t.config}`;
    const want = new Set(fn.triggers.map(key));
    const got = new Set(have.triggers.map(key));
    const remove = have.triggers.filter((t) => !want.has(key(t))).map((t) => t.name);
    const add = fn.triggers.filter((t) => !got.has(key(t)));
    if (remove.length || add.length) steps.push({ kind: 'setTriggers', fn, remove, add });
  }
  return { steps, blockers };
}

const keysText = (keys: Record<string, number>) => Object.entries(keys).map(([k, v]) => `${k} ${Number(v) < 0 ? 'desc' : 'asc'}`).join(', ');

/** One line per step; variables by name only. */
export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'createFunction': {
      const vars = Object.keys(s.fn.variables).sort();
      const triggers = s.fn.triggers.map((t) => ` timer ${t.name} "${t.config}"`).join(',');
      return `+ function ${s.fn.name}: create (${s.fn.runtime}, timeout ${s.fn.timeout} s, code ${s.fn.codeHash}, variables: ${vars.join(', ') || 'none'}${triggers ? `, triggers:${triggers}` : ''})`;
    }
    case 'updateCode':
      return `~ function ${s.fn.name}: upload code ${s.fn.codeHash}`;
    case 'updateConfig':
      return `~ function ${s.fn.name}: ${s.what.join('; ')}`;
    case 'setTriggers':
      return `~ function ${s.fn.name}: triggers${s.remove.length ? ` remove ${s.remove.join(', ')}` : ''}${s.add.map((t) => ` add timer ${t.name} "${t.config}"`).join(',')}`;
    case 'createCollection':
      return `+ collection ${s.name}: create`;
    case 'createIndexes':
      return `+ collection ${s.name}: ${s.indexes.map((ix) => `${ix.unique ? 'unique ' : ''}index ${ix.name} (${keysText(ix.keys)})`).join('; ')}`;
    case 'setAcl':
      return `~ collection ${s.name}: security rule ${s.from ?? 'default'} → ${ACL} (仅管理端可读写)`;
  }
}
