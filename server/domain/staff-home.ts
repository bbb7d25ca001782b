import type { Ctx } from '../runtime/context';
import { gateRoles } from './roles';

/** Staff home: the number of items waiting in each queue (one count query each, in parallel). */
export async function consoleSummary(ctx: Ctx) {
  const count = async (collection: string, where: Record<string, unknown>) => (await ctx.db.collection(collection).where(where).count()).total;
  const [feedbackUnread, volunteersPending, recommendationsPending, donationsPledged] = await Promise.all([
    count('feedback', { read: false }),
    count('volunteers', { status: 'pending' }),
    count('recommendations', { status: 'pending' }),
    count('donations', { status: 'pledged' }),
  ]);
  return { feedbackUnread, volunteersPending, recommendationsPending, donationsPledged, roles: gateRoles(ctx) };
}
