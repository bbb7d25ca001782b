import { z } from 'zod';
import { command, id, query, text } from './common';

export const contentKey = z.enum(['faq', 'rules', 'returnGuide', 'pickup', 'register']);
export const messageView = z.object({
  messageId: z.string(),
  title: z.string(),
  body: z.string(),
  read: z.boolean(),
  createdAt: z.string(),
});

const contentView = z.object({ key: z.string(), title: z.string(), sections: z.array(z.object({ title: z.string(), body: z.string() })) });

export const feedbackStatus = z.enum(['new', 'replied', 'closed']);
export const feedbackView = z.object({
  feedbackId: z.string(),
  content: z.string(),
  /** Masked on every staff screen; in full only through revealContact (staff, logged). */
  contact: z.string(),
  status: feedbackStatus,
  read: z.boolean(),
  createdAt: z.string(),
  replies: z.array(z.object({ text: z.string(), at: z.string() })),
});

export const inbox = {
  messages: query(z.object({}), z.object({ messages: z.array(messageView), unread: z.number().int() })),
  /** Also answers the caller's unread count after it (全部已读 needs no re-read). */
  markRead: command(z.object({ ids: z.array(id).min(1).max(100) }), z.object({ updated: z.number().int(), unread: z.number().int() })),
  feedback: command(
    z.object({ content: text(500, { min: 5, minMessage: '请至少写5个字', multiline: true }), contact: text(50).optional() }),
    z.object({}),
  ),
  content: query(z.object({ key: contentKey }), z.object({ content: contentView })),
  /** 积分规则 in one call: the rules text and the pickup text, both generated from the rules in force, and its version. */
  rulesText: query(z.object({}), z.object({ version: z.number().int(), rules: contentView, pickup: contentView })),
  /** Staff: feedback newest first, optionally one status; `cursor` from the previous page. */
  feedbackList: query(
    z.object({ status: feedbackStatus.optional(), cursor: z.string().max(100).optional() }),
    z.object({ items: z.array(feedbackView), cursor: z.string().nullable(), unread: z.number().int() }),
    'staff',
  ),
  /** Staff: one feedback (contact masked); marks it read. */
  feedbackDetail: query(z.object({ feedbackId: id }), z.object({ item: feedbackView }), 'staff'),
  /** Staff: the feedback's contact in full; each reveal is logged with who and when (audit_log). */
  revealContact: command(z.object({ feedbackId: id }), z.object({ contact: z.string() }), 'staff'),
  /** Staff: replies; the writer gets the reply in My messages (and a subscribe message where allowed). */
  replyFeedback: command(z.object({ feedbackId: id, reply: text(500, { min: 2, multiline: true }) }), z.object({ item: feedbackView }), 'staff'),
  /** Staff: marks it handled. */
  closeFeedback: command(z.object({ feedbackId: id }), z.object({ item: feedbackView }), 'staff'),
};
