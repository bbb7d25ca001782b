import type { z } from 'zod';
import type { eventInput } from '../../../miniprogram/contract/events';
import type { Ctx } from '../../runtime/context';
import { getOrNull, isDuplicateKey, type Doc } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { digest, randomId } from '../../util/crypto';
import { sendMessage } from '../inbox';
import { EVENTS, SEATS, SIGNUPS, adminEventView, countEvent, date, iso } from './model';
import { compactSeats, promoteWaitlisted } from './seats';

export type EventInput = z.output<typeof eventInput>;

/** 'MM月DD日 HH:mm' in Shanghai time, for message text. */
function when(d: unknown): string {
  const s = iso(d);
  return `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${s.slice(11, 16)}`;
}

/**
 * Admin: creates (no eventId) or edits an event. Times must be in order (deadline ≤ start < end).
 * A capacity raise promotes waitlisted sign-ups that now fit; a lowering never removes a taken
 * seat (seats above it move down as seats free up). status 'cancelled' cancels the event and
 * messages everyone signed up.
 */
export async function upsertEvent(ctx: Ctx, input: EventInput) {
  const startAt = new Date(input.startAt);
  const endAt = new Date(input.endAt);
  const signupDeadline = new Date(input.signupDeadline);
  if (!(endAt.getTime() > startAt.getTime())) fail('EVENT_TIMES_INVALID', 'endAt');
  if (signupDeadline.getTime() > startAt.getTime()) fail('EVENT_TIMES_INVALID', 'signupDeadline');
  const col = ctx.db.collection(EVENTS);
  const fields = {
    kind: input.kind, title: input.title, description: input.description ?? '', place: input.place,
    startAt, endAt, signupDeadline, capacity: input.capacity, points: input.points, updatedAt: ctx.now, updatedBy: ctx.openid,
  };

  let eventId = input.eventId;
  let before: Doc | null = null;
  if (eventId) {
    before = await getOrNull(col.doc(eventId));
    if (!before) fail('EVENT_NOT_FOUND');
    if (before.kind !== input.kind) {
      const { total } = await ctx.db.collection(SIGNUPS).where({ eventId }).count();
      if (total > 0) fail('EVENT_KIND_LOCKED');
    }
    await col.doc(eventId).update({ data: { ...fields, status: input.status ?? before.status } });
  } else {
    // A retried create (same requestId) collides on the id instead of making a second event.
    eventId = ctx.request.key ? `ev${digest(ctx.request.key, 16)}` : `ev${randomId(8)}`;
    try {
      await col.add({ data: { _id: eventId, ...fields, status: input.status ?? 'published', createdAt: ctx.now, createdBy: ctx.openid } });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  if (before && input.status === 'cancelled' && before.status !== 'cancelled') await cancelSignups(ctx, eventId, { ...before, ...fields });
  else if (before && input.capacity > Number(before.capacity)) await promoteWaitlisted(ctx, eventId);
  else if (before && input.capacity < Number(before.capacity)) await compactSeats(ctx, eventId);

  const ev = (await getOrNull(col.doc(eventId)))!;
  return { event: adminEventView(ev, await countEvent(ctx, eventId, true), ctx.now) };
}

/** A cancelled event: its live sign-ups turn cancelled, seats are freed, each patron is messaged once. */
async function cancelSignups(ctx: Ctx, eventId: string, ev: Doc): Promise<void> {
  const _ = ctx.db.command;
  const live = await ctx.db.collection(SIGNUPS).where({ eventId, status: _.in(['confirmed', 'waitlisted']) })
    .field({ openid: true, cardNo: true, round: true }).limit(1000).get();
  await ctx.db.collection(SIGNUPS).where({ eventId, status: _.in(['confirmed', 'waitlisted']) })
    .update({ data: { status: 'cancelled', cancelledBy: 'event', cancelledAt: ctx.now, slots: [], waitKey: null, updatedAt: ctx.now } });
  await ctx.db.collection(SEATS).where({ eventId }).remove();
  const body = `很抱歉，您报名的活动“${String(ev.title)}”（${when(date(ev.startAt))}，${String(ev.place)}）已取消。`;
  for (const su of live.data) {
    await sendMessage(ctx, { openid: String(su.openid), cardNo: String(su.cardNo), title: '活动已取消', body, page: 'events/mine/mine' },
      `event_cancelled_${String(su._id)}_${Number(su.round ?? 1)}`);
  }
}
