import { contract } from '../../miniprogram/contract';
import * as account from '../../server/domain/account';
import { bindOptions } from '../../server/domain/directory';
import { sendCode } from '../../server/domain/sms';
import { createMain } from '../../server/runtime/router';

export const main = createMain('account', contract.account, {
  profile: (ctx) => account.profile(ctx),
  center: (ctx) => account.center(ctx),
  sendSmsCode: (ctx, i) => sendCode(ctx, i.phone, i.purpose, i.cardNo),
  bindOptions: async (ctx) => bindOptions(ctx),
  bindCard: (ctx, i) => account.bindCard(ctx, i),
  unbindCard: (ctx, i) => account.unbindCard(ctx, i.cardNo),
  setCurrentCard: (ctx, i) => account.setCurrentCard(ctx, i.cardNo),
  changePhone: (ctx, i) => account.changePhone(ctx, i),
  addMember: (ctx, i) => account.addMember(ctx, i),
  removeMember: (ctx, i) => account.removeMember(ctx, i.memberId),
});
