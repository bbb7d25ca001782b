// Nothing the mini-program shows loads from outside its package (issue 25): this finds every
// external http(s) (or protocol-relative //host) reference in a mini-program directory — WXSS
// url()/@import, WXML attribute values, string literals of JS/WXS/TS and JSON values (comments and
// source maps are not shipped code) — except what ALLOWED lists. Used by test/a11y/no-external.test.ts.
import fs from 'node:fs';
import path from 'node:path';

/** The allow-list: short on purpose; every entry says why (docs/CONVENTIONS.md). */
export const ALLOWED: Array<{ prefix: string; why: string }> = [
  { prefix: 'https://mp.weixin.qq.com/', why: 'WeChat official-account articles the product links to on purpose (opened by WeChat, not loaded into a page)' },
  { prefix: 'http://www.w3.org/', why: 'XML namespace names in SVG (identifiers, never fetched)' },
];

export interface ExternalRef { file: string; line: number; url: string }

const URL_RE = /(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s'"`)<>]*/gi;

function stripComments(code: string): string {
  // Block comments, then line comments that do not start inside a string or a URL ("http://").
  return code
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\\w])\/\/[^\n]*/g, (_m, before: string) => before);
}

/** Parts of a file that are references: what a fetch could come from. */
function referenceText(file: string, text: string): string {
  const ext = path.extname(file);
  if (ext === '.wxss') return [...text.matchAll(/url\(([^)]*)\)|@import\s+([^;]+)/g)].map((m) => m[1] ?? m[2]).join('\n');
  if (ext === '.wxml') return [...text.matchAll(/=\s*("[^"]*"|'[^']*')/g)].map((m) => m[1]).join('\n');
  if (ext === '.svg') return text;
  if (['.js', '.wxs', '.ts'].includes(ext)) return [...stripComments(text).matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]).join('\n');
  if (ext === '.json') return text;
  return '';
}

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => !f.split(path.sep).includes('node_modules') && !f.endsWith('.map') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile());
}

export function externalRefs(dir: string): ExternalRef[] {
  const out: ExternalRef[] = [];
  for (const file of filesUnder(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    const refs = referenceText(file, text);
    for (const m of refs.matchAll(URL_RE)) {
      const url = m[0];
      if (ALLOWED.some((a) => url.startsWith(a.prefix))) continue;
      const at = text.indexOf(url);
      out.push({ file: path.relative(dir, file), line: at < 0 ? 0 : text.slice(0, at).split('\n').length, url });
    }
  }
  return out;
}
