import type { Rules } from '../../../miniprogram/contract/points';
import type { Ctx } from '../../runtime/context';
import { getOrNull } from '../../runtime/db';
import { addDays, asDate, dayStart, shanghaiDay } from '../../util/time';
import { notify } from '../inbox';
import { loadRules } from '../rules';
import { BLOCKS, EVENTS, SIGNUPS, iso } from './model';
import { promoteWaitlisted } from './seats';

// The events' part of the maintenance timer. Every step is re-runnable: a timer may fire twice.

const DAY_MS = 24 * 3600 * 1000;
const LOOKBACK_DAYS = 30;

/** Recomputes a patron's no-show block from their no-shows: `limit` within `windowDays` → blocked for `blockDays` after the latest. */
async function updateBlock(ctx: Ctx, rules: Rules, openid: string): Promise<boolean> {
  if (rules.noShowLimit <= 0 || rules.noShowBlockDays <= 0) return false;
  const res = await ctx.db.collection(SIGNUPS).where({ openid, status: 'absent' }).orderBy('eventEndAt', 'desc')
    .field({ eventEndAt: true }).limit(rules.noShowLimit).get();
  if (res.data.length < rules.noShowLimit) return false;
  const latest = asDate(res.data[0].eventEndAt);
  const oldest = asDate(res.data[rules.noShowLimit - 1].eventEndAt);
  if (latest.getTime() - oldest.getTime() > rules.noShowWindowDays * DAY_MS) return false;
  const until = addDays(latest, rules.noShowBlockDays);
  const ref = ctx.db.collection(BLOCKS).doc(openid);
  const cur = await getOrNull(ref);
  if (cur && asDate(cur.until).getTime() >= until.getTime()) return false;
  await ref.set({ data: { until, noShows: res.data.length, updatedAt: ctx.now } });
  return true;
}

/** After a reader event's check-in window: confirmed sign-ups that never checked in become 缺席. */
export async function markNoShows(ctx: Ctx, rules: Rules): Promise<{ events: number; absent: number; blocked: number }> {
  const _ = ctx.db.command;
  const closedBefore = new Date(ctx.now.getTime() - rules.attendanceWindowMinutes * 60_000);
  const res = await ctx.db.collection(EVENTS).where({
    kind: 'reader', status: 'published', noShowsMarkedAt: _.exists(false),
    endAt: _.and(_.lt(closedBefore), _.gte(addDays(ctx.now, -LOOKBACK_DAYS))),
  }).limit(100).get();
  let absent = 0;
  let blocked = 0;
  // endAt < now - window: every event here is past its check-in window (checkInWindow closes at endAt + window).
  for (const ev of res.data) {
    const marked = await ctx.db.collection(SIGNUPS).where({ eventId: ev._id, status: 'confirmed', attendedAt: null })
      .update({ data: { status: 'absent', absentAt: ctx.now, eventEndAt: ev.endAt, updatedAt: ctx.now } });
    absent += marked.stats.updated;
    // Blocks come from the stored no-shows, so a run cut short here is completed by the next one.
    const absentees = await ctx.db.collection(SIGNUPS).where({ eventId: ev._id, status: 'absent' }).field({ openid: true }).limit(1000).get();
    for (const openid of new Set(absentees.data.map((s) => String(s.openid)))) if (await updateBlock(ctx, rules, openid)) blocked += 1;
    await ctx.db.collection(EVENTS).doc(String(ev._id)).update({ data: { noShowsMarkedAt: ctx.now } });
  }
  return { events: res.data.length, absent, blocked };
}

/**
 * The day before an event (Asia/Shanghai), one subscribe message per sign-up whose patron allowed
 * it at sign-up (one consent, one message): claimed by a conditional update first, so a second
 * run sends nothing.
 */
export async function sendReminders(ctx: Ctx): Promise<{ sent: number }> {
  const _ = ctx.db.command;
  const tomorrow = shanghaiDay(addDays(ctx.now, 1));
  const from = dayStart(tomorrow);
  const to = addDays(from, 1);
  const evs = await ctx.db.collection(EVENTS).where({ status: 'published', startAt: _.and(_.gte(from), _.lt(to)) }).limit(100).get();
  let sent = 0;
  for (const ev of evs.data) {
    const due = await ctx.db.collection(SIGNUPS).where({ eventId: ev._id, status: 'confirmed', remind: true, remindedAt: null })
      .field({ openid: true }).limit(1000).get();
    for (const su of due.data) {
      const claim = await ctx.db.collection(SIGNUPS).where({ _id: su._id, remindedAt: null }).update({ data: { remindedAt: ctx.now } });
      if (claim.stats.updated !== 1) continue;
      await notify(ctx, {
        openid: String(su.openid), title: '活动明天开始',
        body: `${String(ev.title)} ${iso(ev.startAt).slice(11, 16)} ${String(ev.place)}`,
        page: `events/detail/detail?eventId=${String(ev._id)}`,
        template: 'reminder',
      });
      sent += 1;
    }
  }
  return { sent };
}

/** Upcoming events with free seats and a waitlist (a sign-up that joined the waitlist as seats were freed). */
async function promotePass(ctx: Ctx): Promise<number> {
  const _ = ctx.db.command;
  const evs = await ctx.db.collection(EVENTS).where({ status: 'published', startAt: _.gt(ctx.now) }).limit(200).get();
  let promoted = 0;
  for (const ev of evs.data) promoted += await promoteWaitlisted(ctx, ev);
  return promoted;
}

export async function eventsTimer(ctx: Ctx) {
  const rules = await loadRules(ctx);
  const noShows = await markNoShows(ctx, rules);
  const reminders = await sendReminders(ctx);
  const promoted = await promotePass(ctx);
  return { ...noShows, reminders: reminders.sent, promoted };
}
