import fs from 'fs';
import path from 'path';
import { ROOT } from '../../scripts/functions';
import { VARIABLES } from '../../scripts/deploy/variables';

// One list of the functions' variables: what the code reads, what the deploy sends and checks,
// and what .env.production.example tells the operator to fill in.
const LOCAL_ONLY = ['YUE_DEV_OUTBOX_URL', 'YUE_CONTRACT_CHECK', 'YUE_LOCAL_FN'];

function readByCode(dir: string, found = new Set<string>()): Set<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) readByCode(p, found);
    else if (e.name.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/env\.(YUE_[A-Z0-9_]+)/g)) found.add(m[1]);
  }
  return found;
}

test('every variable the functions read is one the deploy sends, and the example file names each of them', () => {
  const names = VARIABLES.map((v) => v.name).sort();
  const read = [...readByCode(path.join(ROOT, 'server'))].filter((n) => !LOCAL_ONLY.includes(n)).sort();
  expect(names).toEqual(read);
  const example = fs.readFileSync(path.join(ROOT, '.env.production.example'), 'utf8');
  const named = [...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
  expect(named).toEqual(names);
  for (const v of VARIABLES) expect(example).toContain(`# ${v.doc}`);
  expect(example).not.toMatch(/^[A-Z0-9_]+=.+$/m); // the example holds no values
});
