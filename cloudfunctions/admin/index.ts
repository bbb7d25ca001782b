import { contract } from '../../miniprogram/contract';
import { importHoldings } from '../../server/domain/books/holdings';
import { setContent } from '../../server/domain/content';
import { upsertEvent } from '../../server/domain/events/manage';
import { listAllPrizes, upsertPrize } from '../../server/domain/prizes';
import { findReader, importReaders, readerStats, recordImport } from '../../server/domain/readers';
import { grantRole, listRoles, revokeRole } from '../../server/domain/roles';
import { rulesHistory, setRules } from '../../server/domain/rules';
import { cardHistory } from '../../server/domain/reports/card-history';
import { exportReport } from '../../server/domain/reports/export';
import { report } from '../../server/domain/reports/report';
import { consoleSummary } from '../../server/domain/staff-home';
import { createMain } from '../../server/runtime/router';

export const main = createMain('admin', contract.admin, {
  importHoldings: (ctx, i) => importHoldings(ctx, i.isbns, { dryRun: i.dryRun }),
  importReaders: (ctx, i) => importReaders(ctx, i.readers, { dryRun: i.dryRun }),
  recordImport: (ctx, i) => recordImport(ctx, i),
  setRules: async (ctx, i) => ({ rules: await setRules(ctx, i.rules) }),
  grantRole: async (ctx, i) => ({ roles: await grantRole(ctx, i.openid, i.role, i.revoke, i.note) }),
  revokeRole: async (ctx, i) => ({ roles: await revokeRole(ctx, i.openid, i.role) }),
  listRoles: (ctx) => listRoles(ctx),
  rulesHistory: (ctx) => rulesHistory(ctx),
  readerStats: (ctx) => readerStats(ctx),
  findReader: (ctx, i) => findReader(ctx, i.cardNo),
  consoleSummary: (ctx) => consoleSummary(ctx),
  setContent: async (ctx, i) => {
    await setContent(ctx, i.key, { title: i.title, sections: i.sections });
    return {};
  },
  upsertPrize: (ctx, i) => upsertPrize(ctx, i),
  listPrizes: (ctx) => listAllPrizes(ctx),
  upsertEvent: (ctx, i) => upsertEvent(ctx, i),
  report: (ctx, i) => report(ctx, i),
  exportReport: (ctx, i) => exportReport(ctx, i),
  cardHistory: (ctx, i) => cardHistory(ctx, i),
});
