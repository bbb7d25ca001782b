import type { Ctx } from '../runtime/context';
import type { Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { toIso } from '../util/time';

/** Writes a message to a patron's inbox and tries a subscribe message (best effort, after the write). */
export async function sendMessage(ctx: Ctx, msg: { openid: string; cardNo?: string | null; title: string; body: string; page?: string }): Promise<void> {
  await ctx.db.collection('messages').add({ data: { openid: msg.openid, cardNo: msg.cardNo ?? null, title: msg.title, body: msg.body, read: false, createdAt: ctx.now } });
  await ctx.ports.notify({ openid: msg.openid, title: msg.title, body: msg.body, page: msg.page }).catch(() => false);
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
