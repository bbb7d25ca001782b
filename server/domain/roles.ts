import type { Role } from '../../miniprogram/contract/common';
import type { Ctx } from '../runtime/context';
import { getOrNull } from '../runtime/db';

type StaffRole = Exclude<Role, 'user'>;

/** Roles of the caller: admins named in YUE_ADMIN_OPENIDS plus the roles collection. */
export async function loadRoles(ctx: Ctx, openid = ctx.openid): Promise<StaffRole[]> {
  const doc = await getOrNull(ctx.db.collection('roles').doc(openid));
  const roles = new Set<StaffRole>(((doc?.roles as StaffRole[] | undefined) ?? []).filter((r) => r === 'staff' || r === 'admin'));
  if (ctx.config.adminOpenids.includes(openid)) roles.add('admin');
  return [...roles].sort();
}

export async function grantRole(ctx: Ctx, openid: string, role: StaffRole, revoke = false): Promise<StaffRole[]> {
  const doc = await getOrNull(ctx.db.collection('roles').doc(openid));
  const roles = new Set<StaffRole>((doc?.roles as StaffRole[] | undefined) ?? []);
  if (revoke) roles.delete(role);
  else roles.add(role);
  await ctx.db.collection('roles').doc(openid).set({ data: { roles: [...roles].sort(), updatedAt: ctx.now, updatedBy: ctx.openid } });
  return loadRoles(ctx, openid);
}
