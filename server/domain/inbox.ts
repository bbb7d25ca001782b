import { maskPhone } from '../../miniprogram/utils/mask';
import type { SubscribeTemplate } from '../ports';
import type { Ctx } from '../runtime/context';
import { getOrNull, isDuplicateKey, type Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { recordResult, transact } from '../runtime/tx';
import { digest, randomId } from '../util/crypto';
import { shanghaiDay, toIso } from '../util/time';
import { loadRules } from './rules';
import { logFailure } from '../runtime/log';

export interface MessageInput { openid: string; cardNo?: string | null; title: string; body: string; page?: string; template?: SubscribeTemplate }

/** The stored form of an inbox message (also added inside transactions by callers). */
export function messageDoc(ctx: Ctx, msg: MessageInput): Doc {
  return { openid: msg.openid, cardNo: msg.cardNo ?? null, title: msg.title, body: msg.body, read: false, createdAt: ctx.now };
}

/** Best effort subscribe message: a patron without consent simply gets none. Never inside a transaction. */
export async function notify(ctx: Ctx, msg: MessageInput): Promise<void> {
  if (!msg.openid) return;
  try {
    await ctx.ports.notify({ openid: msg.openid, title: msg.title, body: msg.body, page: msg.page, template: msg.template });
  } catch (err) {
    logFailure(ctx, 'notify failed', err, { warn: true });
  }
}

/**
 * Writes a message to My messages, then tries a subscribe message. With `id`, the message is
 * written once however often this runs (a repeat neither writes nor notifies again).
 */
export async function sendMessage(ctx: Ctx, msg: MessageInput, id?: string): Promise<void> {
  try {
    await ctx.db.collection('messages').add({ data: id ? { _id: id, ...messageDoc(ctx, msg) } : messageDoc(ctx, msg) });
  } catch (err) {
    if (id && isDuplicateKey(err)) return;
    throw err;
  }
  await notify(ctx, msg);
}

function messageView(d: Doc) {
  return { messageId: String(d._id), title: String(d.title), body: String(d.body), read: Boolean(d.read), createdAt: toIso(new Date(d.createdAt)) };
}

/** The caller's unread messages (one count query). */
export async function unreadCount(ctx: Ctx): Promise<number> {
  return (await ctx.db.collection('messages').where({ openid: ctx.openid, read: false }).count()).total;
}

export async function messages(ctx: Ctx) {
  const [list, unread] = await Promise.all([
    ctx.db.collection('messages').where({ openid: ctx.openid }).orderBy('createdAt', 'desc').limit(100).get(),
    unreadCount(ctx),
  ]);
  return { messages: list.data.map(messageView), unread };
}

export async function markRead(ctx: Ctx, ids: string[]) {
  const res = await ctx.db.collection('messages').where({ _id: ctx.db.command.in(ids), openid: ctx.openid, read: false }).update({ data: { read: true, readAt: ctx.now } });
  return { updated: res.stats.updated, unread: await unreadCount(ctx) };
}

// feedback/<id>: { openid, content, contact, status: new|replied|closed, read, replies[], createdAt }.
// feedback_quota/<digest(openid)>: { day, count } — the per-user daily cap (one document per user,
// the count starts again on a new day), exact under concurrency.
const FEEDBACK = 'feedback';
const FEEDBACK_PAGE = 20;

/** Today's feedback count in a quota document. */
function sentToday(quota: Doc | null, today: string): number {
  return quota?.day === today ? Number(quota.count ?? 0) : 0;
}

/** A patron's feedback, after the content check; at most rules.feedbackPerDay a day per user. */
export async function feedback(ctx: Ctx, input: { content: string; contact?: string }) {
  const quotaId = digest(ctx.openid);
  const today = shanghaiDay(ctx.now);
  const [rules, seen] = await Promise.all([loadRules(ctx), getOrNull(ctx.db.collection('feedback_quota').doc(quotaId))]);
  // Over the cap already: refused before the content check is asked.
  if (sentToday(seen, today) >= rules.feedbackPerDay) fail('FEEDBACK_LIMIT_REACHED');
  if (!(await ctx.ports.checkText(ctx.openid, `${input.content} ${input.contact ?? ''}`))) fail('CONTENT_REJECTED');
  await transact(ctx, async (tx) => {
    const count = sentToday(await getOrNull(tx.collection('feedback_quota').doc(quotaId)), today);
    if (count >= rules.feedbackPerDay) fail('FEEDBACK_LIMIT_REACHED');
    await tx.collection('feedback_quota').doc(quotaId).set({ data: { count: count + 1, day: today, updatedAt: ctx.now } });
    await tx.collection(FEEDBACK).add({
      data: { _id: `fb_${randomId(8)}`, openid: ctx.openid, content: input.content, contact: input.contact ?? '', status: 'new', read: false, replies: [], createdAt: ctx.now },
    });
    await recordResult(tx, ctx, {});
  });
  return {};
}

/** Staff views: the contact always masked (revealContact shows it in full, logged). */
function feedbackView(d: Doc) {
  return {
    feedbackId: String(d._id),
    content: String(d.content),
    contact: maskContact(String(d.contact ?? '')),
    status: (d.status ?? 'new') as 'new' | 'replied' | 'closed',
    read: Boolean(d.read),
    createdAt: toIso(new Date(d.createdAt)),
    replies: ((d.replies ?? []) as Doc[]).map((r) => ({ text: String(r.text), at: toIso(new Date(r.at)) })),
  };
}

/** Staff: newest first, optionally one status, keyset-paged by createdAt. */
export async function feedbackList(ctx: Ctx, input: { status?: 'new' | 'replied' | 'closed'; cursor?: string }) {
  const _ = ctx.db.command;
  const where: Doc = input.status ? { status: input.status } : {};
  if (input.cursor) where.createdAt = _.lt(new Date(input.cursor));
  const [page, unread] = await Promise.all([
    ctx.db.collection(FEEDBACK).where(where).orderBy('createdAt', 'desc').limit(FEEDBACK_PAGE).get(),
    ctx.db.collection(FEEDBACK).where({ read: false }).count(),
  ]);
  const last = page.data[page.data.length - 1];
  return {
    items: page.data.map((d) => feedbackView(d)),
    cursor: page.data.length === FEEDBACK_PAGE && last ? toIso(new Date(last.createdAt)) : null,
    unread: unread.total,
  };
}

async function loadFeedback(ctx: Ctx, feedbackId: string): Promise<Doc> {
  const doc = await getOrNull(ctx.db.collection(FEEDBACK).doc(feedbackId));
  if (!doc) fail('FEEDBACK_NOT_FOUND');
  return doc;
}

/** Staff: one feedback, contact masked; opening it marks it read. */
export async function feedbackDetail(ctx: Ctx, feedbackId: string) {
  const doc = await loadFeedback(ctx, feedbackId);
  if (!doc.read) await ctx.db.collection(FEEDBACK).doc(feedbackId).update({ data: { read: true, readAt: ctx.now, readBy: ctx.openid } });
  return { item: feedbackView({ ...doc, read: true }) };
}

// audit_log/<random>: { kind, ref, by, at } — a staff member saw personal data in full (who, what, when).
export const AUDIT_LOG = 'audit_log';

/** Staff: the contact in full, after its reveal is logged (no log written, no contact shown). */
export async function revealContact(ctx: Ctx, feedbackId: string) {
  const doc = await loadFeedback(ctx, feedbackId);
  await ctx.db.collection(AUDIT_LOG).add({ data: { kind: 'feedback_contact', ref: feedbackId, by: ctx.openid, at: ctx.now } });
  return { contact: String(doc.contact ?? '') };
}

/** Staff: the reply goes to exactly the patron who wrote the feedback, in My messages. */
export async function replyFeedback(ctx: Ctx, feedbackId: string, reply: string) {
  const updated = await transact(ctx, async (tx) => {
    const ref = tx.collection(FEEDBACK).doc(feedbackId);
    const doc = await getOrNull(ref);
    if (!doc) fail('FEEDBACK_NOT_FOUND');
    const replies = [...((doc.replies ?? []) as Doc[]), { text: reply, at: ctx.now, by: ctx.openid }];
    const next = { ...doc, replies, status: 'replied', read: true };
    await ref.update({ data: { replies, status: 'replied', read: true, updatedAt: ctx.now } });
    await tx.collection('messages').add({
      data: { _id: `fbreply_${feedbackId}_${replies.length}`, ...messageDoc(ctx, replyMessage(doc, reply)) },
    });
    const result = { item: feedbackView(next) };
    await recordResult(tx, ctx, result);
    return { result, doc };
  });
  await notify(ctx, replyMessage(updated.doc, reply));
  return updated.result;
}

function replyMessage(doc: Doc, reply: string): MessageInput {
  const quoted = String(doc.content).length > 20 ? `${String(doc.content).slice(0, 20)}…` : String(doc.content);
  return { openid: String(doc.openid), title: '意见反馈有回复了', body: `您反馈的“${quoted}”已收到回复：${reply}`, page: 'pages/messages/messages' };
}

/** Staff: marks the feedback handled. */
export async function closeFeedback(ctx: Ctx, feedbackId: string) {
  const doc = await loadFeedback(ctx, feedbackId);
  await ctx.db.collection(FEEDBACK).doc(feedbackId).update({ data: { status: 'closed', read: true, closedAt: ctx.now, closedBy: ctx.openid } });
  return { item: feedbackView({ ...doc, status: 'closed', read: true }) };
}

/** A phone is masked like phones everywhere; anything else keeps its first and last character. */
function maskContact(contact: string): string {
  if (/^1\d{10}$/.test(contact)) return maskPhone(contact);
  if (contact.length <= 2) return contact ? '*'.repeat(contact.length) : '';
  return `${contact[0]}${'*'.repeat(Math.min(6, contact.length - 2))}${contact[contact.length - 1]}`;
}
