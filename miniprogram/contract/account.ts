import { z } from 'zod';
import { cardNo, command, empty, id, personName, phone, query, smsCode, text } from './common';

/** The reader's password in the library system (AD); printable, no separators of the wire protocol. */
export const libraryPassword = z.string().min(1).max(32).regex(/^[\x21-\x7E]+$/, '密码为1-32位字母、数字或符号').refine((s) => !s.includes('|'), '密码不能含有 |');

export const cardView = z.object({
  cardNo: z.string(),
  name: z.string(), // masked
  phone: z.string(), // masked
  current: z.boolean(),
  points: z.number().int(),
});
export const memberView = z.object({ memberId: z.string(), name: z.string(), relation: z.string() });

export const account = {
  profile: query(empty, z.object({
    /** The caller's own OPENID, in full (我的 shows it to copy: an admin grants staff roles by it). */
    openid: z.string(),
    openidTail: z.string(),
    cards: z.array(cardView),
    members: z.array(memberView),
    roles: z.array(z.enum(['staff', 'admin'])),
  })),
  /** 我的 in one call: the profile and the unread message count. */
  center: query(empty, z.object({
    openid: z.string(),
    openidTail: z.string(),
    cards: z.array(cardView),
    members: z.array(memberView),
    roles: z.array(z.enum(['staff', 'admin'])),
    unread: z.number().int(),
  })),
  sendSmsCode: command(
    // cardNo (bind): the library system finds readers by card, so the code request names it.
    z.object({ phone, purpose: z.enum(['bind', 'changePhone']), cardNo: cardNo.optional() }),
    z.object({ retryAfter: z.number().int() }),
  ),
  bindCard: command(
    z.object({ cardNo, phone, code: smsCode, password: libraryPassword.optional() }),
    z.object({ card: cardView, pointsAwarded: z.number().int() }),
  ),
  /** What binding asks for besides the SMS code: the phone on record, or the reader's library password. */
  bindOptions: query(empty, z.object({ verify: z.enum(['phone', 'password']) })),
  /** Answers the caller's cards after the unbind, as profile shows them (which card is current now). */
  unbindCard: command(z.object({ cardNo }), z.object({ cards: z.array(cardView) })),
  setCurrentCard: command(z.object({ cardNo }), z.object({})),
  changePhone: command(
    z.object({ cardNo, oldPhone: phone, newPhone: phone, code: smsCode }),
    z.object({ phone: z.string() }),
  ),
  addMember: command(
    z.object({ name: personName, relation: text(10, { min: 1 }) }),
    z.object({ member: memberView }),
  ),
  removeMember: command(z.object({ memberId: id }), z.object({})),
};
