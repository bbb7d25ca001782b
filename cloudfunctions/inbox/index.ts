import { contract } from '../../miniprogram/contract';
import { getContent } from '../../server/domain/content';
import * as inbox from '../../server/domain/inbox';
import { createMain } from '../../server/runtime/router';

export const main = createMain('inbox', contract.inbox, {
  messages: (ctx) => inbox.messages(ctx),
  markRead: (ctx, i) => inbox.markRead(ctx, i.ids),
  feedback: (ctx, i) => inbox.feedback(ctx, i),
  content: async (ctx, i) => ({ content: await getContent(ctx, i.key) }),
});
