import { contract } from '../../miniprogram/contract';
import { importHoldings } from '../../server/domain/books/holdings';
import { getContent, setContent } from '../../server/domain/content';
import { upsertEvent } from '../../server/domain/events/manage';
import { listAllEvents } from '../../server/domain/events/read';
import { listAllPrizes, upsertPrize } from '../../server/domain/prizes';
import { findReader, importReaders, readerStats, recordImport } from '../../server/domain/readers';
import { grantRole, listRoles, revokeRole, roleHolder } from '../../server/domain/roles';
import { rulesEditor, rulesHistory, setRules } from '../../server/domain/rules';
import { cardHistory } from '../../server/domain/reports/card-history';
import { exportReport } from '../../server/domain/reports/export';
import { report } from '../../server/domain/reports/report';
import { consoleSummary } from '../../server/domain/staff-home';
import { createMain } from '../../server/runtime/router';

export const main = createMain('admin', contract.admin, {
  importHoldings: (ctx, i) => importHoldings(ctx, i.isbns, { dryRun: i.dryRun }),
  importReaders: (ctx, i) => importReaders(ctx, i.readers, { dryRun: i.dryRun }),
  recordImport: (ctx, i) => recordImport(ctx, i),
  setRules: async (ctx, i) => ({ rules: await setRules(ctx, i.rules), versions: (await rulesHistory(ctx)).versions }),
  grantRole: async (ctx, i) => ({ roles: await grantRole(ctx, i.openid, i.role, i.revoke, i.note), holders: (await listRoles(ctx)).roles }),
  revokeRole: async (ctx, i) => ({ roles: await revokeRole(ctx, await roleHolder(ctx, i), i.role), holders: (await listRoles(ctx)).roles }),
  listRoles: (ctx) => listRoles(ctx),
  rulesHistory: (ctx) => rulesHistory(ctx),
  rulesEditor: (ctx) => rulesEditor(ctx),
  readerStats: (ctx) => readerStats(ctx),
  findReader: (ctx, i) => findReader(ctx, i.cardNo),
  consoleSummary: (ctx) => consoleSummary(ctx),
  contentEditor: async (ctx, i) => ({ content: await getContent(ctx, i.key) }),
  setContent: async (ctx, i) => {
    await setContent(ctx, i.key, { title: i.title, sections: i.sections });
    return {};
  },
  upsertPrize: async (ctx, i) => ({ ...(await upsertPrize(ctx, i)), prizes: (await listAllPrizes(ctx)).prizes }),
  listPrizes: (ctx) => listAllPrizes(ctx),
  upsertEvent: async (ctx, i) => ({ ...(await upsertEvent(ctx, i)), events: (await listAllEvents(ctx, { includeEnded: true })).events }),
  report: (ctx, i) => report(ctx, i),
  exportReport: (ctx, i) => exportReport(ctx, i),
  cardHistory: (ctx, i) => cardHistory(ctx, i),
});
