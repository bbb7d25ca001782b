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

export const inbox = {
  messages: query(z.object({}), z.object({ messages: z.array(messageView), unread: z.number().int() })),
  markRead: command(z.object({ ids: z.array(id).min(1).max(100) }), z.object({ updated: z.number().int() })),
  feedback: command(
    z.object({ content: text(500, { min: 5, minMessage: '请至少写5个字', multiline: true }), contact: text(50).optional() }),
    z.object({}),
  ),
  content: query(
    z.object({ key: contentKey }),
    z.object({ content: z.object({ key: z.string(), title: z.string(), sections: z.array(z.object({ title: z.string(), body: z.string() })) }) }),
  ),
};
