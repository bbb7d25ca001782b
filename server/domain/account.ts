import type { Ctx } from '../runtime/context';
import { getOrNull, type Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { recordResult, transact } from '../runtime/tx';
import { maskName, maskPhone } from '../../miniprogram/utils/mask';
import { digest, randomId } from '../util/crypto';
import { loadUser } from './cards';
import { post } from './ledger';
import { unreadCount } from './inbox';
import { loadRoles } from './roles';
import { loadRules } from './rules';
import { consumeCode, phoneIsFreeForCaller, verifyCode } from './sms';
import { directory, readerForBind } from './directory';

function cardView(cardNo: string, reader: Doc | undefined, card: Doc | undefined, current: string | null) {
  return {
    cardNo,
    name: reader ? maskName(String(reader.name)) : '',
    phone: reader ? maskPhone(String(reader.phone)) : '',
    current: cardNo === current,
    points: Number(card?.balance ?? 0),
  };
}

async function byIds(ctx: Ctx, collection: string, ids: string[]): Promise<Map<string, Doc>> {
  if (!ids.length) return new Map();
  const res = await ctx.db.collection(collection).where({ _id: ctx.db.command.in(ids) }).limit(ids.length).get();
  return new Map(res.data.map((d) => [String(d._id), d]));
}

/** The caller's cards as profile shows them, for a user's card list and current card. */
async function cardViews(ctx: Ctx, user: { cards: string[]; current: string | null }) {
  const [readers, cards] = await Promise.all([byIds(ctx, 'readers', user.cards), byIds(ctx, 'cards', user.cards)]);
  return user.cards.map((no) => cardView(no, readers.get(no), cards.get(no), user.current));
}

export async function profile(ctx: Ctx) {
  const user = await loadUser(ctx);
  const [cards, members, roles] = await Promise.all([
    cardViews(ctx, user),
    ctx.db.collection('members').where({ openid: ctx.openid }).orderBy('createdAt', 'asc').limit(100).get(),
    loadRoles(ctx),
  ]);
  return {
    openid: ctx.openid, // the caller's own: 我的 shows it for an admin to grant a role
    openidTail: ctx.openid.slice(-4),
    cards,
    members: members.data.map(memberView),
    roles,
  };
}

/** 我的: the profile and the unread message count, read in parallel. */
export async function center(ctx: Ctx) {
  const [me, unread] = await Promise.all([profile(ctx), unreadCount(ctx)]);
  return { ...me, unread };
}

/**
 * Binds a reader card: code first (it proves the phone), then the directory, then one
 * transaction for card, user, code and the first-binding bonus (granted once per card, ever).
 */
export async function bindCard(ctx: Ctx, input: { cardNo: string; phone: string; code: string; password?: string }) {
  const { cardNo, phone } = input;
  const verified = await verifyCode(ctx, phone, 'bind', input.code);
  // The reader directory (imported table, or the library system live): refusals come before the code is used.
  const found = await readerForBind(ctx, input);
  const reader = { ...found, phone: found.phone ?? phone };
  const rules = await loadRules(ctx);

  return transact(ctx, async (tx) => {
    const user = (await getOrNull(tx.collection('users').doc(ctx.openid))) ?? {};
    const card = await getOrNull(tx.collection('cards').doc(cardNo));
    if (card?.boundTo && card.boundTo !== ctx.openid) fail('CARD_ALREADY_BOUND');
    const cards: string[] = (user.cards as string[] | undefined) ?? [];
    const already = cards.includes(cardNo);
    if (!already && cards.length >= rules.maxCardsPerUser) fail('CARD_LIMIT_REACHED');
    await consumeCode(tx, verified);
    // A live card whose library system keeps no phone: the phone this code proved is the reader's here.
    if (found.phone === null) await tx.collection('readers').doc(cardNo).update({ data: { phone, updatedAt: ctx.now } });

    const current = (user.current as string | null | undefined) ?? cardNo;
    await tx.collection('users').doc(ctx.openid).set({
      data: { cards: already ? cards : [...cards, cardNo], current, createdAt: user.createdAt ?? ctx.now, updatedAt: ctx.now },
    });
    const binding = { boundTo: ctx.openid, boundAt: ctx.now, bonusGranted: true };
    let awarded = 0;
    let balance = Number(card?.balance ?? 0);
    if (!card?.bonusGranted && rules.firstBindBonus > 0) {
      awarded = rules.firstBindBonus;
      balance = await post(tx, ctx, card ?? { balance: 0 }, {
        cardNo, delta: awarded, reason: 'bind_bonus', refId: null, entryId: `bonus_${cardNo}`,
        rulesVersion: rules.version, cardPatch: binding, createCard: !card,
      });
    } else if (card) {
      await tx.collection('cards').doc(cardNo).update({ data: { ...binding, updatedAt: ctx.now } });
    } else {
      await tx.collection('cards').doc(cardNo).set({ data: { ...binding, balance: 0, createdAt: ctx.now, updatedAt: ctx.now } });
    }
    const result = { card: cardView(cardNo, reader, { balance }, current), pointsAwarded: awarded };
    await recordResult(tx, ctx, result);
    return result;
  });
}

/** Unbinds a card from the caller; its points stay with the card. Answers the caller's cards after it. */
export async function unbindCard(ctx: Ctx, cardNo: string) {
  const after = await transact(ctx, async (tx) => {
    const user = await getOrNull(tx.collection('users').doc(ctx.openid));
    const cards: string[] = (user?.cards as string[] | undefined) ?? [];
    if (!cards.includes(cardNo)) fail('CARD_NOT_BOUND');
    const rest = cards.filter((c) => c !== cardNo);
    const current = user?.current === cardNo ? rest[0] ?? null : user?.current ?? null;
    await tx.collection('users').doc(ctx.openid).update({ data: { cards: rest, current, updatedAt: ctx.now } });
    await tx.collection('cards').doc(cardNo).update({ data: { boundTo: null, unboundAt: ctx.now, updatedAt: ctx.now } });
    return { cards: rest, current: current as string | null };
  });
  // The router stores this answer under the requestId: a retry answers the same cards.
  return { cards: await cardViews(ctx, after) };
}

export async function setCurrentCard(ctx: Ctx, cardNo: string) {
  // Conditional: only a card that is (still) in the caller's list can become current.
  const res = await ctx.db.collection('users').where({ _id: ctx.openid, cards: cardNo }).update({ data: { current: cardNo, updatedAt: ctx.now } });
  if (res.stats.updated !== 1) {
    const user = await loadUser(ctx);
    if (!user.cards.includes(cardNo)) fail('CARD_NOT_BOUND');
  }
  return {};
}

/** Changes the phone on a bound card's reader record: old phone must match, code went to the new one. */
export async function changePhone(ctx: Ctx, input: { cardNo: string; oldPhone: string; newPhone: string; code: string }) {
  const user = await loadUser(ctx);
  if (!user.cards.includes(input.cardNo)) fail('CARD_NOT_BOUND');
  // No code went to another person's reader phone: a guessed one is refused as any wrong code.
  if (!(await phoneIsFreeForCaller(ctx, input.newPhone))) fail('SMS_CODE_INVALID');
  const verified = await verifyCode(ctx, input.newPhone, 'changePhone', input.code);
  const found = await directory(ctx).find(input.cardNo, { cached: true });
  if (found.kind === 'unavailable') fail('ILS_UNAVAILABLE');
  if (found.kind === 'unknown') fail('CARD_NOT_FOUND');
  if (found.reader.phone !== input.oldPhone) fail('CARD_PHONE_MISMATCH');
  await transact(ctx, async (tx) => {
    const reader = await getOrNull(tx.collection('readers').doc(input.cardNo));
    if (!reader) fail('CARD_NOT_FOUND');
    if (reader.phone !== input.oldPhone) fail('CARD_PHONE_MISMATCH');
    await consumeCode(tx, verified);
    await tx.collection('readers').doc(input.cardNo).update({ data: { phone: input.newPhone, phoneChangedAt: ctx.now } });
  });
  return { phone: maskPhone(input.newPhone) };
}

function memberView(d: Doc) {
  return { memberId: String(d._id), name: String(d.name), relation: String(d.relation) };
}

// member_counts/<digest(openid)>: { count } — the caller's number of family members, written in
// the same transaction as every add and remove, so concurrent adds cannot pass the cap. A user
// whose members predate it starts from a count of the members collection.
const MEMBER_COUNTS = 'member_counts';

export async function addMember(ctx: Ctx, input: { name: string; relation: string }) {
  const counterId = digest(ctx.openid);
  const [rules, counter] = await Promise.all([loadRules(ctx), getOrNull(ctx.db.collection(MEMBER_COUNTS).doc(counterId))]);
  const base = counter ? null : (await ctx.db.collection('members').where({ openid: ctx.openid }).count()).total;
  if ((counter ? Number(counter.count ?? 0) : base!) >= rules.maxMembersPerUser) fail('MEMBER_LIMIT_REACHED');
  const data = { openid: ctx.openid, name: input.name, relation: input.relation, createdAt: ctx.now };
  const _id = `m_${randomId(10)}`;
  return transact(ctx, async (tx) => {
    const cur = await getOrNull(tx.collection(MEMBER_COUNTS).doc(counterId));
    const count = cur ? Number(cur.count ?? 0) : base ?? 0;
    if (count >= rules.maxMembersPerUser) fail('MEMBER_LIMIT_REACHED');
    await tx.collection(MEMBER_COUNTS).doc(counterId).set({ data: { count: count + 1, updatedAt: ctx.now } });
    await tx.collection('members').add({ data: { _id, ...data } });
    const result = { member: memberView({ ...data, _id }) };
    await recordResult(tx, ctx, result);
    return result;
  });
}

export async function removeMember(ctx: Ctx, memberId: string) {
  const counterId = digest(ctx.openid);
  await transact(ctx, async (tx) => {
    const member = await getOrNull(tx.collection('members').doc(memberId));
    if (!member || member.openid !== ctx.openid) fail('MEMBER_NOT_FOUND');
    const cur = await getOrNull(tx.collection(MEMBER_COUNTS).doc(counterId));
    await tx.collection('members').doc(memberId).remove();
    if (cur) await tx.collection(MEMBER_COUNTS).doc(counterId).set({ data: { count: Math.max(0, Number(cur.count ?? 0) - 1), updatedAt: ctx.now } });
    await recordResult(tx, ctx, {});
  });
  return {};
}
