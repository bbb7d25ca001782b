import type { Ctx } from '../runtime/context';
import { isDuplicateKey, type Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { toIso } from '../util/time';

export interface MessageInput { openid: string; cardNo?: string | null; title: string; body: string; page?: string }

/** The stored form of an inbox message (also added inside transactions by callers). */
export function messageDoc(ctx: Ctx, msg: MessageInput): Doc {
  return { openid: msg.openid, cardNo: msg.cardNo ?? null, title: msg.title, body: msg.body, read: false, createdAt: ctx.now };
}

/** Best effort subscribe message: a patron without consent simply gets none. Never inside a transaction. */
export async function notify(ctx: Ctx, msg: MessageInput): Promise<void> {
  if (!msg.openid) return;
  try {
    await ctx.ports.notify({ openid: msg.openid, title: msg.title, body: msg.body, page: msg.page });
  } catch (err) {
    console.warn(`[${ctx.fn}] notify failed (log ${ctx.logId}):`, err instanceof Error ? err.message : err);
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

export async function messages(ctx: Ctx) {
  const [list, unread] = await Promise.all([
    ctx.db.collection('messages').where({ openid: ctx.openid }).orderBy('createdAt', 'desc').limit(100).get(),
    ctx.db.collection('messages').where({ openid: ctx.openid, read: false }).count(),
  ]);
  return { messages: list.data.map(messageView), unread: unread.total };
}

export async function markRead(ctx: Ctx, ids: string[]) {
  const res = await ctx.db.collection('messages').where({ _id: ctx.db.command.in(ids), openid: ctx.openid, read: false }).update({ data: { read: true, readAt: ctx.now } });
  return { updated: res.stats.updated };
}

export async function feedback(ctx: Ctx, input: { content: string; contact?: string }) {
  if (!(await ctx.ports.checkText(ctx.openid, `${input.content} ${input.contact ?? ''}`))) fail('CONTENT_REJECTED');
  await ctx.db.collection('feedback').add({ data: { openid: ctx.openid, content: input.content, contact: input.contact ?? '', status: 'new', createdAt: ctx.now } });
  return {};
}
