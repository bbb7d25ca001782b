import { contract } from '../../miniprogram/contract';
import { getContent, rulesText } from '../../server/domain/content';
import * as inbox from '../../server/domain/inbox';
import { createMain } from '../../server/runtime/router';

export const main = createMain('inbox', contract.inbox, {
  messages: (ctx) => inbox.messages(ctx),
  markRead: (ctx, i) => inbox.markRead(ctx, i.ids),
  feedback: (ctx, i) => inbox.feedback(ctx, i),
  feedbackList: (ctx, i) => inbox.feedbackList(ctx, i),
  feedbackDetail: (ctx, i) => inbox.feedbackDetail(ctx, i.feedbackId),
  revealContact: (ctx, i) => inbox.revealContact(ctx, i.feedbackId),
  replyFeedback: (ctx, i) => inbox.replyFeedback(ctx, i.feedbackId, i.reply),
  closeFeedback: (ctx, i) => inbox.closeFeedback(ctx, i.feedbackId),
  content: async (ctx, i) => ({ content: await getContent(ctx, i.key) }),
  rulesText: (ctx) => rulesText(ctx),
});
