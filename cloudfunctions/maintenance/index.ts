// Daily housekeeping on a timer (config.json): expire overdue redemptions, settle stale prize
// stock holds, purge short-lived records, events' no-shows, reminders and waitlist promotions,
// readers' status from the library system (SIP2), report rollups of finished days and old report
// exports. Re-runnable: a timer may fire more than once.
import { eventsTimer } from '../../server/domain/events/timer';
import { refreshReaderStatus } from '../../server/domain/directory';
import { purgeShortLived } from '../../server/domain/housekeeping';
import { expireSweep, sweepHolds } from '../../server/domain/redemption';
import { purgeExports } from '../../server/domain/reports/export';
import { rollupTimer } from '../../server/domain/reports/rollup';
import { createTimerMain } from '../../server/runtime/timer';

// Stale holds first: units a dead call held go back to the shelf before anything slower runs.
export const main = createTimerMain('maintenance', async (ctx) => ({
  stockHolds: await sweepHolds(ctx),
  redemptions: await expireSweep(ctx),
  purged: await purgeShortLived(ctx),
  events: await eventsTimer(ctx),
  readers: await refreshReaderStatus(ctx),
  // After the sweeps above (expired redemptions are stored), the finished days' report rollups.
  reports: await rollupTimer(ctx),
  exports: await purgeExports(ctx),
}));
