import type { Ctx } from '../../runtime/context';
import { getOrNull } from '../../runtime/db';
import { fail } from '../../runtime/fail';
import { recordResult, together, transact } from '../../runtime/tx';
import { sendMessage } from '../inbox';
import { post } from '../ledger';
import { loadRules } from '../rules';
import { SERVICE, SIGNUPS, VOLUNTEERS, loadEvent, readerName, rosterEntry, signupIdOf } from './model';
import { volunteerIdOf } from './volunteers';
import { asDate } from '../../util/time';

// service/<signupId>: { eventId, signupId, volunteerId, cardNo, openid, hours, points, confirmedAt,
// confirmedBy }. Confirming is once per sign-up: the sign-up turns 'served' in the same transaction
// as the points (entry volunteer_<signupId>) and the hours added to the volunteer's record.

export interface ConfirmServiceInput { eventId: string; signupId?: string; cardNo?: string; hours: number }

export async function confirmService(ctx: Ctx, input: ConfirmServiceInput) {
  const signupId = input.signupId ?? (input.cardNo ? signupIdOf(ctx, input.eventId, input.cardNo) : null);
  if (!signupId) fail('INVALID_INPUT', 'signupId');
  const [ev, rules] = await Promise.all([loadEvent(ctx, input.eventId), loadRules(ctx)]);
  if (ev.kind !== 'volunteer') fail('NOT_VOLUNTEER_EVENT');
  if (ev.status === 'cancelled') fail('EVENT_CANCELLED');
  if (ctx.now.getTime() < asDate(ev.startAt).getTime()) fail('SERVICE_TOO_EARLY');

  const out = await transact(ctx, async (tx) => {
    const su = await getOrNull(tx.collection(SIGNUPS).doc(signupId));
    if (!su || su.eventId !== ev._id) fail('NOT_SIGNED_UP');
    if (su.status === 'served') fail('ALREADY_CONFIRMED');
    if (!['confirmed', 'attended', 'absent'].includes(String(su.status))) fail('NOT_SIGNED_UP');
    const cardNo = String(su.cardNo);
    const volunteerId = volunteerIdOf(String(su.openid));
    const [vol, card, name] = await Promise.all([
      getOrNull(tx.collection(VOLUNTEERS).doc(volunteerId)),
      getOrNull(tx.collection('cards').doc(cardNo)),
      readerName(ctx, cardNo), // plain read for the roster line, with the first reads (not after the writes)
    ]);
    const points = Number(ev.points);
    const totalHours = Number(vol?.serviceHours ?? 0) + input.hours;
    const change = { status: 'served', hours: input.hours, awarded: points, servedAt: ctx.now, updatedAt: ctx.now };
    await together([
      tx.collection(SIGNUPS).doc(signupId).update({ data: change }),
      tx.collection(SERVICE).add({
        data: { _id: signupId, eventId: String(ev._id), signupId, volunteerId, cardNo, openid: String(su.openid), hours: input.hours, points, confirmedAt: ctx.now, confirmedBy: ctx.openid },
      }),
      vol ? tx.collection(VOLUNTEERS).doc(volunteerId).update({ data: { serviceHours: totalHours, updatedAt: ctx.now } }) : Promise.resolve(),
      points > 0
        ? post(tx, ctx, card ?? {}, {
          cardNo, delta: points, reason: 'volunteer', refId: String(ev._id), entryId: `volunteer_${signupId}`,
          rulesVersion: rules.version, note: String(ev.title), createCard: !card,
        })
        : Promise.resolve(0),
    ]);
    const result = { awarded: points, hours: input.hours, totalHours, signup: rosterEntry({ ...su, ...change }, ev, name, null) };
    await recordResult(tx, ctx, result);
    return { result, openid: String(su.openid), cardNo };
  });
  await sendMessage(ctx, {
    openid: out.openid, cardNo: out.cardNo, title: '志愿服务已确认',
    body: `您在“${String(ev.title)}”的志愿服务已确认：${input.hours} 小时，获得 ${out.result.awarded} 积分。感谢您的付出！`,
    page: 'events/mine/mine',
  }, `service_confirmed_${signupId}`);
  return out.result;
}
