// Rewards: prize catalogue, redemption, My redemptions, and the desk's scan and hand-over.
import { rewards } from '../../miniprogram/contract/rewards';
import { listPrizes } from '../../server/domain/prizes';
import { expireSweep, fulfil, myRedemptions, redeem, staffLookup } from '../../server/domain/redemption';
import { createMain } from '../../server/runtime/router';

export const main = createMain('rewards', rewards, {
  list: (ctx, i) => listPrizes(ctx, i.cardNo),
  redeem: (ctx, i) => redeem(ctx, i),
  mine: (ctx, i) => myRedemptions(ctx, i.cardNo),
  staffLookup: (ctx, i) => staffLookup(ctx, i.code),
  fulfil: (ctx, i) => fulfil(ctx, i.code),
  expireSweep: (ctx) => expireSweep(ctx),
});
