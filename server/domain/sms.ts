import type { Ctx } from '../runtime/context';
import { getOrNull, type Doc, type Tx } from '../runtime/db';
import { fail } from '../runtime/fail';
import { transact } from '../runtime/tx';
import { digest, keyedHash, randomId, sameHash, sixDigitCode } from '../util/crypto';
import { shanghaiDay } from '../util/time';
import { loadUser } from './cards';
import { logFailure } from '../runtime/log';
import { bindCodeGoesOut } from './directory';

export type SmsPurpose = 'bind' | 'changePhone';

// The SMS code rules, in one place. Threat model: docs/CONVENTIONS.md ("SMS codes").
// perRequesterPhonePerDay: what one WeChat account may ask for one phone (the resend gap is per
// requester and phone too), so a stranger cannot spend what the phone's owner needs;
// perPhonePerDay: a ceiling against SMS bombing, out of reach of a few hostile accounts.
export const SMS = { ttlMs: 5 * 60_000, resendGapMs: 60_000, perRequesterPhonePerDay: 5, perPhonePerDay: 30, perUserPerDay: 10, maxAttempts: 5 } as const;

/** sms_codes/<purpose>_<phone>_<caller>: a code is bound to its phone, purpose and requester. */
function codeId(ctx: Ctx, phone: string, purpose: SmsPurpose): string {
  return `${purpose}_${phone}_${digest(ctx.openid, 16)}`;
}

function codeHash(ctx: Ctx, id: string, code: string): string {
  return keyedHash(ctx.config.hmacKey, 'sms-code', `${id}:${code}`);
}

/**
 * Issues a code. Answers the same whether or not the phone belongs to a reader (no enumeration):
 * for binding, a phone no reader has gets no SMS (nothing to bind with it); for a phone change,
 * only a caller with a bound card may ask, and a phone that is another person's reader phone
 * gets no SMS (it cannot become the caller's).
 */
export async function sendCode(ctx: Ctx, phone: string, purpose: SmsPurpose, cardNo?: string): Promise<{ retryAfter: number }> {
  const deliver = purpose === 'bind' ? await bindCodeGoesOut(ctx, phone, cardNo) : await phoneIsFreeForCaller(ctx, phone);
  const id = codeId(ctx, phone, purpose);
  const code = sixDigitCode();
  const today = shanghaiDay(ctx.now);
  const now = ctx.now.getTime();
  const pairId = `pair_${digest(`${ctx.openid}|${phone}`, 24)}`;

  await transact(ctx, async (tx) => {
    const phoneQuota = await getInTx(tx, 'sms_quota', `phone_${phone}`);
    const userQuota = await getInTx(tx, 'sms_quota', `user_${ctx.openid}`);
    const pairQuota = await getInTx(tx, 'sms_quota', pairId);
    const count = (q: Doc | null) => (q?.day === today ? Number(q.count) : 0);
    const last = pairQuota?.lastSentAt ? new Date(pairQuota.lastSentAt).getTime() : 0;
    if (now - last < SMS.resendGapMs || count(pairQuota) >= SMS.perRequesterPhonePerDay
      || count(phoneQuota) >= SMS.perPhonePerDay || count(userQuota) >= SMS.perUserPerDay) fail('SMS_RATE_LIMITED');
    await tx.collection('sms_quota').doc(`phone_${phone}`).set({ data: { day: today, count: count(phoneQuota) + 1 } });
    await tx.collection('sms_quota').doc(`user_${ctx.openid}`).set({ data: { day: today, count: count(userQuota) + 1 } });
    await tx.collection('sms_quota').doc(pairId).set({ data: { day: today, count: count(pairQuota) + 1, lastSentAt: ctx.now } });
    await tx.collection('sms_codes').doc(id).set({
      data: { hash: codeHash(ctx, id, code), nonce: randomId(8), phone, purpose, openid: ctx.openid, attempts: 0, used: false, sentAt: ctx.now, expiresAt: new Date(now + SMS.ttlMs) },
    });
  });
  if (deliver) {
    try {
      await ctx.ports.sendSms({ phone, code, purpose, ttlMinutes: SMS.ttlMs / 60_000 });
    } catch (err) {
      logFailure(ctx, 'SMS delivery failed', err);
      fail('SMS_SEND_FAILED');
    }
  }
  return { retryAfter: SMS.resendGapMs / 1000 };
}

/**
 * A phone change needs a bound card (else CARD_NOT_BOUND). The new phone may be one no reader
 * has, or one of the caller's own: a reader with it is one of the caller's cards or the same
 * person (ID hash) as one of them. Any other reader's phone is another person's.
 */
export async function phoneIsFreeForCaller(ctx: Ctx, phone: string): Promise<boolean> {
  const user = await loadUser(ctx);
  if (!user.cards.length) fail('CARD_NOT_BOUND');
  const _ = ctx.db.command;
  const [holders, own] = await Promise.all([
    ctx.db.collection('readers').where({ phone }).limit(100).field({ _id: true, idHash: true }).get(),
    ctx.db.collection('readers').where({ _id: _.in(user.cards) }).limit(user.cards.length).field({ _id: true, idHash: true }).get(),
  ]);
  const ownIds = new Set(own.data.map((r) => String(r._id)));
  const ownPersons = new Set(own.data.map((r) => r.idHash).filter(Boolean));
  return holders.data.every((r) => ownIds.has(String(r._id)) || (!!r.idHash && ownPersons.has(r.idHash)));
}

async function getInTx(tx: Tx, collection: string, id: string): Promise<Doc | null> {
  return getOrNull(tx.collection(collection).doc(id));
}

export interface VerifiedCode { id: string; nonce: string }

/**
 * Checks a code without consuming it: each try first takes one of the 5 attempts atomically
 * (so parallel guesses cannot exceed the limit), then compares the keyed hash.
 * The caller consumes it with `consumeCode` inside its own transaction.
 */
export async function verifyCode(ctx: Ctx, phone: string, purpose: SmsPurpose, code: string): Promise<VerifiedCode> {
  const id = codeId(ctx, phone, purpose);
  const doc = await getOrNull(ctx.db.collection('sms_codes').doc(id));
  if (!doc || doc.used) fail('SMS_CODE_INVALID');
  if (new Date(doc.expiresAt).getTime() <= ctx.now.getTime()) fail('SMS_CODE_EXPIRED');
  const _ = ctx.db.command;
  const nonce = String(doc.nonce);
  const taken = await ctx.db.collection('sms_codes')
    .where({ _id: id, nonce, used: false, attempts: _.lt(SMS.maxAttempts) })
    .update({ data: { attempts: _.inc(1) } });
  // No attempt left (or the code was replaced or used meanwhile).
  if (taken.stats.updated !== 1) fail('SMS_TOO_MANY_ATTEMPTS');
  if (!sameHash(String(doc.hash), codeHash(ctx, id, code))) fail(Number(doc.attempts) + 1 >= SMS.maxAttempts ? 'SMS_TOO_MANY_ATTEMPTS' : 'SMS_CODE_INVALID');
  return { id, nonce };
}

/** Marks a verified code used, in the caller's transaction; a code already used fails the transaction. */
export async function consumeCode(tx: Tx, code: VerifiedCode): Promise<void> {
  const doc = await getOrNull(tx.collection('sms_codes').doc(code.id));
  if (!doc || doc.used || doc.nonce !== code.nonce) fail('SMS_CODE_INVALID');
  await tx.collection('sms_codes').doc(code.id).update({ data: { used: true } });
}
