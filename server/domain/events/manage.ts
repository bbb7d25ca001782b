import type { z } from 'zod';
import type { eventInput } from '../../../miniprogram/contract/events';
import type { Ctx } from '../../runtime/context';
import { getOrNull, isDuplicateKey, type Doc } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { digest, randomId } from '../../util/crypto';
import { sendMessage } from '../inbox';
import { EVENTS, SEATS, SIGNUPS, adminEventView, countEvent, iso } from './model';
import { compactSeats, promoteWaitlisted } from './seats';
import { asDate } from '../../util/time';

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
  let ev: Doc; // the event as stored after this save
  if (eventId) {
    before = await getOrNull(col.doc(eventId));
    if (!before) fail('EVENT_NOT_FOUND');
    if (before.kind !== input.kind) {
      const { total } = await ctx.db.collection(SIGNUPS).where({ eventId }).count();
      if (total > 0) fail('EVENT_KIND_LOCKED');
    }
    const change = { ...fields, status: input.status ?? before.status };
    await col.doc(eventId).update({ data: change });
    ev = { ...before, ...change };
  } else {
    // A retried create (same requestId) collides on the id instead of making a second event.
    eventId = ctx.request.key ? `ev${digest(ctx.request.key, 16)}` : `ev${randomId(8)}`;
    const doc = { ...fields, status: input.status ?? 'published', createdAt: ctx.now, createdBy: ctx.openid };
    try {
      await col.add({ data: { _id: eventId, ...doc } });
      ev = { _id: eventId, ...doc };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      ev = (await getOrNull(col.doc(eventId)))!;
    }
  }

  // Re-runnable: a cancel cut short (function timeout) is completed by the next save as cancelled.
  if (input.status === 'cancelled') await cancelSignups(ctx, eventId, ev);
  else if (before && input.capacity > Number(before.capacity)) await promoteWaitlisted(ctx, ev);
  else if (before && input.capacity < Number(before.capacity)) await compactSeats(ctx, ev);

  return { event: adminEventView(ev, await countEvent(ctx, eventId, true), ctx.now) };
}

/** Sign-ups read (and messaged) per page by cancelSignups; messages sent this many at a time. */
const CANCEL_PAGE = 100;
const SEND_PARALLEL = 10;

/**
 * A cancelled event: its live sign-ups turn cancelled, seats are freed, each patron is messaged
 * once. Re-runnable: every sign-up the event cancelled is looked at again, and those whose message
 * (deterministic id) already exists are skipped, so a run cut short is finished by the next.
 */
async function cancelSignups(ctx: Ctx, eventId: string, ev: Doc): Promise<void> {
  const _ = ctx.db.command;
  const signups = ctx.db.collection(SIGNUPS);
  await signups.where({ eventId, status: _.in(['confirmed', 'waitlisted']) })
    .update({ data: { status: 'cancelled', cancelledBy: 'event', cancelledAt: ctx.now, slots: [], waitKey: null, updatedAt: ctx.now } });
  await ctx.db.collection(SEATS).where({ eventId }).remove();
  const body = `很抱歉，您报名的活动“${String(ev.title)}”（${when(asDate(ev.startAt))}，${String(ev.place)}）已取消。`;
  const messageId = (su: Doc) => `event_cancelled_${String(su._id)}_${Number(su.round ?? 1)}`;
  for (let last = ''; ;) {
    const page = await signups.where({ eventId, status: 'cancelled', cancelledBy: 'event', _id: _.gt(last) }).orderBy('_id', 'asc')
      .field({ openid: true, cardNo: true, round: true }).limit(CANCEL_PAGE).get();
    if (!page.data.length) break;
    const ids = page.data.map(messageId);
    const sent = await ctx.db.collection('messages').where({ _id: _.in(ids) }).field({ _id: true }).limit(ids.length).get();
    const done = new Set(sent.data.map((m) => String(m._id)));
    const todo = page.data.filter((su) => !done.has(messageId(su)));
    for (let i = 0; i < todo.length; i += SEND_PARALLEL) {
      // sendMessage with an id writes it once: a message added meanwhile is neither written nor sent again.
      await Promise.all(todo.slice(i, i + SEND_PARALLEL).map((su) => sendMessage(ctx, {
        openid: String(su.openid), cardNo: String(su.cardNo), title: '活动已取消', body, page: 'events/mine/mine',
      }, messageId(su))));
    }
    if (page.data.length < CANCEL_PAGE) break;
    last = String(page.data[page.data.length - 1]._id);
  }
}
