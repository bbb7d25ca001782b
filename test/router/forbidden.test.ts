// Every staff or admin action refuses a patron with FORBIDDEN (and every admin action refuses
// staff), whatever the input: the router checks the role before it reads the input. The roles are
// written here by hand, not read from the contract, so a role dropped or changed in the contract
// fails the first test; a new staff or admin action must be added to ROLES on purpose.
import { contract } from '../../miniprogram/contract';
import type { ActionSpec } from '../../miniprogram/contract/common';
import { call, uid } from '../support/cloud';
import { makeStaff } from '../rewards/helpers';

const ROLES: Record<string, 'staff' | 'admin'> = {
  'inbox.feedbackList': 'staff',
  'inbox.feedbackDetail': 'staff',
  'inbox.revealContact': 'staff',
  'inbox.replyFeedback': 'staff',
  'inbox.closeFeedback': 'staff',
  'rewards.staffLookup': 'staff',
  'rewards.fulfil': 'staff',
  'rewards.expireSweep': 'admin',
  'books.recommendationQueue': 'staff',
  'books.reviewRecommendation': 'staff',
  'books.donationLookup': 'staff',
  'books.confirmDonation': 'staff',
  'events.listAll': 'staff',
  'events.attendanceToken': 'staff',
  'events.roster': 'staff',
  'events.manualAttend': 'staff',
  'events.volunteerQueue': 'staff',
  'events.reviewVolunteer': 'staff',
  'events.confirmService': 'staff',
  'admin.consoleSummary': 'staff',
  'admin.importReaders': 'admin',
  'admin.recordImport': 'admin',
  'admin.setRules': 'admin',
  'admin.grantRole': 'admin',
  'admin.revokeRole': 'admin',
  'admin.listRoles': 'admin',
  'admin.rulesHistory': 'admin',
  'admin.rulesEditor': 'admin',
  'admin.report': 'admin',
  'admin.exportReport': 'admin',
  'admin.cardHistory': 'staff',
  'admin.contentEditor': 'admin',
  'admin.readerStats': 'admin',
  'admin.findReader': 'admin',
  'admin.setContent': 'admin',
  'admin.importHoldings': 'admin',
  'admin.upsertPrize': 'admin',
  'admin.listPrizes': 'admin',
  'admin.upsertEvent': 'admin',
};

const restricted = Object.entries(ROLES).map(([name, role]) => ({ name, role, fn: name.split('.')[0], action: name.split('.')[1] }));

const FORBIDDEN = { code: 'FORBIDDEN', message: '无权进行此操作' };

let staff: string;
beforeAll(async () => { staff = await makeStaff(); });

test('the contract gives exactly these actions a staff or admin role (every other action is a patron\'s)', () => {
  const inContract = Object.fromEntries(Object.entries(contract as unknown as Record<string, Record<string, ActionSpec>>)
    .flatMap(([fn, actions]) => Object.entries(actions).map(([action, spec]) => [`${fn}.${action}`, spec.role] as const))
    .filter(([, role]) => role !== 'user'));
  expect(inContract).toEqual(ROLES);
});

test.each(restricted)('$name ($role) refuses a patron, with no input and with junk', async ({ fn, action }) => {
  const patron = uid('patron');
  expect((await call(fn, patron, { action })).error).toEqual(FORBIDDEN);
  expect((await call(fn, patron, { action, requestId: 'forbidden-0001', code: 'X', cardNo: 1, rules: null })).error).toEqual(FORBIDDEN);
});

test.each(restricted.filter((a) => a.role === 'admin'))('$name (admin) refuses staff', async ({ fn, action }) => {
  expect((await call(fn, staff, { action })).error).toEqual(FORBIDDEN);
});
