import type { Role } from '../../miniprogram/contract/common';
import type { Ctx } from '../runtime/context';
import { maskOpenid } from '../../miniprogram/utils/mask';
import { getOrNull } from '../runtime/db';
import { fail } from '../runtime/fail';
import { transact } from '../runtime/tx';
import { keyedHash } from '../util/crypto';

type StaffRole = Exclude<Role, 'user'>;

/** Roles of the caller: admins named in YUE_ADMIN_OPENIDS plus the roles collection. */
export async function loadRoles(ctx: Ctx, openid = ctx.openid): Promise<StaffRole[]> {
  const doc = await getOrNull(ctx.db.collection('roles').doc(openid));
  const roles = new Set<StaffRole>(((doc?.roles as StaffRole[] | undefined) ?? []).filter((r) => r === 'staff' || r === 'admin'));
  if (ctx.config.adminOpenids.includes(openid)) roles.add('admin');
  return [...roles].sort();
}

/** In a staff or admin action: the caller's roles, as the router loaded them for the role gate (no read). */
export function gateRoles(ctx: Ctx): StaffRole[] {
  return ctx.roles.filter((r): r is StaffRole => r !== 'user');
}

/** Admin: adds a role (or, with revoke, removes it). */
export async function grantRole(ctx: Ctx, openid: string, role: StaffRole, revoke = false, note?: string): Promise<StaffRole[]> {
  return revoke ? revokeRole(ctx, openid, role) : changeRole(ctx, openid, role, true, note);
}

/**
 * Admin: removes a role; takes effect on the holder's next call (roles are read per call).
 * Admins named in YUE_ADMIN_OPENIDS cannot be revoked here, and the last admin stays.
 */
export async function revokeRole(ctx: Ctx, openid: string, role: StaffRole): Promise<StaffRole[]> {
  if (role === 'admin' && ctx.config.adminOpenids.includes(openid)) fail('ROLE_FIXED');
  return changeRole(ctx, openid, role, false);
}

// role_counts/admins: { admins } — the number of admins in the roles collection, written in the
// same transaction as every admin grant or revoke, so two admins revoking each other at the same
// moment cannot leave none.
const ADMIN_COUNT = 'admins';

async function changeRole(ctx: Ctx, openid: string, role: StaffRole, add: boolean, note?: string): Promise<StaffRole[]> {
  const counted = role === 'admin' ? (await ctx.db.collection('roles').where({ roles: 'admin' }).count()).total : 0;
  await transact(ctx, async (tx) => {
    const ref = tx.collection('roles').doc(openid);
    const doc = await getOrNull(ref);
    const before = ((doc?.roles as StaffRole[] | undefined) ?? []);
    const roles = add ? [...new Set([...before, role])].sort() : before.filter((r) => r !== role);
    if (role === 'admin' && before.includes('admin') !== roles.includes('admin')) {
      const counter = tx.collection('role_counts').doc(ADMIN_COUNT);
      const stored = await getOrNull(counter);
      const admins = typeof stored?.admins === 'number' ? stored.admins : counted;
      const next = admins + (add ? 1 : -1);
      if (next < 1 && !ctx.config.adminOpenids.length) fail('LAST_ADMIN');
      await counter.set({ data: { admins: next, updatedAt: ctx.now } });
    }
    await ref.set({ data: { roles, note: note ?? String(doc?.note ?? ''), updatedAt: ctx.now, updatedBy: ctx.openid } });
  });
  return loadRoles(ctx, openid);
}

/** The opaque id listRoles shows for a holder instead of the OPENID (keyed: not reversible, not guessable). */
function holderIdOf(ctx: Ctx, openid: string): string {
  return `h_${keyedHash(ctx.config.hmacKey, 'role-holder', openid).slice(0, 24)}`;
}

async function holders(ctx: Ctx) {
  const res = await ctx.db.collection('roles').where({ roles: ctx.db.command.exists(true) }).limit(200).get();
  return res.data.filter((d) => ((d.roles as StaffRole[]) ?? []).length);
}

/** The OPENID a revoke is about: named in full, or by the holderId listRoles showed (mapped here, on the server). */
export async function roleHolder(ctx: Ctx, input: { holderId?: string; openid?: string }): Promise<string> {
  if (input.openid) return input.openid;
  if (!input.holderId) return fail('INVALID_INPUT', 'holderId');
  const all = [...ctx.config.adminOpenids, ...(await holders(ctx)).map((d) => String(d._id))];
  const openid = all.find((o) => holderIdOf(ctx, o) === input.holderId);
  if (!openid) fail('INVALID_INPUT', 'holderId');
  return openid;
}

/** Admin: everyone with a role, fixed admins first; OPENIDs only as their tail. */
export async function listRoles(ctx: Ctx) {
  const held = await holders(ctx);
  const fixed = ctx.config.adminOpenids.map((openid) => {
    const doc = held.find((d) => d._id === openid);
    const roles = new Set<StaffRole>([...(((doc?.roles as StaffRole[]) ?? [])), 'admin']);
    return { holderId: holderIdOf(ctx, openid), openidTail: maskOpenid(openid), roles: [...roles].sort(), note: String(doc?.note ?? '部署配置指定'), fixed: true };
  });
  const others = held.filter((d) => !ctx.config.adminOpenids.includes(String(d._id))).map((d) => ({
    holderId: holderIdOf(ctx, String(d._id)), openidTail: maskOpenid(String(d._id)), roles: [...((d.roles as StaffRole[]) ?? [])].sort(), note: String(d.note ?? ''), fixed: false,
  }));
  return { roles: [...fixed, ...others] };
}
