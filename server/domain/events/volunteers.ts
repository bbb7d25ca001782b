import { maskName, maskPhone } from '../../../miniprogram/utils/mask';
import type { Ctx } from '../../runtime/context';
import { getOrNull, isDuplicateKey, type Doc } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { digest } from '../../util/crypto';
import { sendMessage } from '../inbox';
import { VOLUNTEERS, iso } from './model';

// volunteers/<vol_…>: one per WeChat user { openid, name, phone, skills, status, reason,
// createdAt, reviewedAt, reviewedBy, reviews, serviceHours }. The id hides the OPENID from staff.

export type VolunteerStatus = 'pending' | 'approved' | 'rejected';

export function volunteerIdOf(openid: string): string {
  return `vol_${digest(`volunteer|${openid}`, 24)}`;
}

/** Staff and the patron both see name and phone masked (the patron typed them; staff need no more). */
export function volunteerView(doc: Doc) {
  return {
    volunteerId: String(doc._id),
    name: maskName(String(doc.name)),
    phone: maskPhone(String(doc.phone)),
    skills: String(doc.skills ?? ''),
    status: doc.status as VolunteerStatus,
    reason: (doc.reason as string | null) ?? null,
    createdAt: iso(doc.createdAt),
    reviewedAt: doc.reviewedAt ? iso(doc.reviewedAt) : null,
    serviceHours: Number(doc.serviceHours ?? 0),
  };
}

export async function loadVolunteer(ctx: Ctx, openid = ctx.openid): Promise<Doc | null> {
  return getOrNull(ctx.db.collection(VOLUNTEERS).doc(volunteerIdOf(openid)));
}

/** Registers (or, after a rejection, registers again) for review. */
export async function registerVolunteer(ctx: Ctx, input: { name: string; phone: string; skills?: string }) {
  const id = volunteerIdOf(ctx.openid);
  const col = ctx.db.collection(VOLUNTEERS);
  const fields = { name: input.name, phone: input.phone, skills: input.skills ?? '', status: 'pending', reason: null, reviewedAt: null, updatedAt: ctx.now };
  try {
    await col.add({ data: { _id: id, openid: ctx.openid, ...fields, createdAt: ctx.now, reviews: 0, serviceHours: 0 } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Only a rejected registration may be submitted again (service hours are kept).
    const res = await col.where({ _id: id, status: 'rejected' }).update({ data: { ...fields, createdAt: ctx.now } });
    if (res.stats.updated !== 1) fail('ALREADY_VOLUNTEER');
  }
  return { volunteer: volunteerView((await getOrNull(col.doc(id)))!) };
}

export async function volunteerStatus(ctx: Ctx) {
  const doc = await loadVolunteer(ctx);
  if (!doc) return { status: 'none' as const, reason: null, volunteer: null };
  return { status: doc.status as VolunteerStatus, reason: (doc.reason as string | null) ?? null, volunteer: volunteerView(doc) };
}

export async function volunteerQueue(ctx: Ctx, status: VolunteerStatus = 'pending') {
  const res = await ctx.db.collection(VOLUNTEERS).where({ status }).orderBy('createdAt', status === 'pending' ? 'asc' : 'desc').limit(100).get();
  return { volunteers: res.data.map(volunteerView) };
}

/** Staff: approve, or reject with a reason; exactly one review wins, and the volunteer is messaged. */
export async function reviewVolunteer(ctx: Ctx, input: { volunteerId: string; approve: boolean; reason?: string }) {
  const reason = input.reason?.trim() || null;
  if (!input.approve && !reason) fail('REASON_REQUIRED', 'reason');
  const col = ctx.db.collection(VOLUNTEERS);
  const doc = await getOrNull(col.doc(input.volunteerId));
  if (!doc) fail('VOLUNTEER_NOT_FOUND');
  if (doc.status !== 'pending') fail('ALREADY_REVIEWED');
  const reviews = Number(doc.reviews ?? 0) + 1;
  const change = { status: input.approve ? 'approved' : 'rejected', reason: input.approve ? null : reason, reviewedAt: ctx.now, reviewedBy: ctx.openid, reviews, updatedAt: ctx.now };
  const res = await col.where({ _id: input.volunteerId, status: 'pending', reviews: Number(doc.reviews ?? 0) }).update({ data: change });
  if (res.stats.updated !== 1) fail('ALREADY_REVIEWED');
  const done = { ...doc, ...change };
  await sendMessage(ctx, {
    openid: String(doc.openid),
    title: input.approve ? '志愿者审核已通过' : '志愿者审核未通过',
    body: input.approve ? '您的志愿者注册已通过审核，现在可以报名志愿者活动了。' : `您的志愿者注册未通过审核，原因：${reason}。可修改后重新提交。`,
    page: 'events/volunteer/volunteer',
  }, `volunteer_reviewed_${input.volunteerId}_${reviews}`);
  return { volunteer: volunteerView(done) };
}
