import { contract } from '../../miniprogram/contract';
import { setContent } from '../../server/domain/content';
import { listAllPrizes, upsertPrize } from '../../server/domain/prizes';
import { importReaders } from '../../server/domain/readers';
import { grantRole } from '../../server/domain/roles';
import { setRules } from '../../server/domain/rules';
import { createMain } from '../../server/runtime/router';

export const main = createMain('admin', contract.admin, {
  importReaders: (ctx, i) => importReaders(ctx, i.readers),
  setRules: async (ctx, i) => ({ rules: await setRules(ctx, i.rules) }),
  grantRole: async (ctx, i) => ({ roles: await grantRole(ctx, i.openid, i.role, i.revoke) }),
  setContent: async (ctx, i) => {
    await setContent(ctx, i.key, { title: i.title, sections: i.sections });
    return {};
  },
  upsertPrize: (ctx, i) => upsertPrize(ctx, i),
  listPrizes: (ctx) => listAllPrizes(ctx),
});
