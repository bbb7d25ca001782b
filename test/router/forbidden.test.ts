// Every staff or admin action in the contract refuses a patron with FORBIDDEN, whatever the
// input (the router checks the role before it reads the input). New actions join by being in
// the contract; nothing to add here.
import { contract } from '../../miniprogram/contract';
import type { ActionSpec } from '../../miniprogram/contract/common';
import { call, uid } from '../support/cloud';
import { makeStaff } from '../rewards/helpers';

const restricted = Object.entries(contract as unknown as Record<string, Record<string, ActionSpec>>)
  .flatMap(([fn, actions]) => Object.entries(actions).map(([action, spec]) => ({ fn, action, name: `${fn}.${action}`, role: spec.role })))
  .filter((a) => a.role !== 'user');

const FORBIDDEN = { code: 'FORBIDDEN', message: '无权进行此操作' };

let staff: string;
beforeAll(async () => { staff = await makeStaff(); });

test('the table holds the known staff and admin actions', () => {
  const names = restricted.map((a) => a.name);
  expect(names).toEqual(expect.arrayContaining(['rewards.staffLookup', 'rewards.fulfil', 'admin.grantRole', 'admin.upsertPrize']));
});

test.each(restricted)('$name ($role) refuses a patron, with no input and with junk', async ({ fn, action }) => {
  const patron = uid('patron');
  expect((await call(fn, patron, { action })).error).toEqual(FORBIDDEN);
  expect((await call(fn, patron, { action, requestId: 'forbidden-0001', code: 'X', cardNo: 1, rules: null })).error).toEqual(FORBIDDEN);
});

test.each(restricted.filter((a) => a.role === 'admin'))('$name (admin) refuses staff', async ({ fn, action }) => {
  expect((await call(fn, staff, { action })).error).toEqual(FORBIDDEN);
});
