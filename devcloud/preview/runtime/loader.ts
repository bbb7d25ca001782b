// Registers mini-program components (pages, app components, vant) with j-component, the same
// engine miniprogram-simulate uses, from what devcloud/preview/build.ts produced.
/* eslint-disable @typescript-eslint/no-explicit-any */
import jComponent from 'j-component';
import type { ComponentMeta, PreviewMeta } from '../meta';

export type { ComponentMeta, PreviewMeta };

const w = window as any;
export const meta = (): PreviewMeta => w.__YUE_META__;

/** Deterministic ids, so a relation can name its target before the target is registered. */
export const idOf = (rel: string) => `c_${rel.replace(/[^a-zA-Z0-9]/g, '_')}`;

function joinRel(fromRel: string, rel: string): string {
  const parts = rel.startsWith('/') ? [] : fromRel.split('/').slice(0, -1);
  for (const p of rel.replace(/^\//, '').split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p) parts.push(p);
  }
  return parts.join('/');
}

let loading: { rel: string; meta: ComponentMeta } | null = null;
const loaded = new Set<string>();

/** The global Component() of the mini-program: registers the file being loaded. */
export function Component(options: Record<string, any>): void {
  const current = loading;
  if (!current) throw new Error('Component() called outside a component file');
  const { rel, meta: m } = current;
  const relations: Record<string, any> = {};
  for (const [key, value] of Object.entries((options.relations ?? {}) as Record<string, any>)) {
    const target = idOf(joinRel(rel, key));
    relations[target] = { ...value, target };
  }
  const template = w.__YUE_GWX__(`${rel}.wxml`);
  jComponent.register({
    ...options,
    id: idOf(rel),
    path: `/${rel}`,
    template,
    tagName: m.tag,
    usingComponents: Object.fromEntries(Object.entries(m.using).map(([tag, target]) => [tag, idOf(target)])),
    relations,
    options: { ...(options.options ?? {}), classPrefix: m.prefix },
  } as any);
}

/** Loads a component file once: its dependencies first, then its script (which calls Component()). */
export function loadComponent(rel: string): string {
  if (loaded.has(rel)) return idOf(rel);
  const m = meta().components[rel];
  if (!m) throw new Error(`预览中没有组件 ${rel}`);
  loaded.add(rel);
  for (const target of Object.values(m.using)) loadComponent(target);
  const style = document.createElement('style');
  style.dataset.component = rel;
  style.textContent = m.css;
  document.head.appendChild(style);
  const mod = w.__YUE_MODULES__[rel];
  if (!mod) throw new Error(`预览中没有 ${rel} 的脚本`);
  const outer = loading;
  loading = { rel, meta: m };
  try {
    mod();
  } finally {
    loading = outer;
  }
  return idOf(rel);
}
