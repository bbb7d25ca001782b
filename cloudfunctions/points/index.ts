import { contract } from '../../miniprogram/contract';
import * as points from '../../server/domain/points';
import { loadRules } from '../../server/domain/rules';
import { createMain } from '../../server/runtime/router';

export const main = createMain('points', contract.points, {
  summary: (ctx, i) => points.summary(ctx, i.cardNo),
  home: (ctx) => points.home(ctx),
  checkin: (ctx, i) => points.checkin(ctx, i.cardNo),
  calendar: (ctx, i) => points.calendar(ctx, i),
  ledger: (ctx, i) => points.ledger(ctx, i),
  rules: async (ctx) => ({ rules: await loadRules(ctx) }),
  transfer: (ctx, i) => points.transfer(ctx, i),
});
