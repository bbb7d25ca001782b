// Daily housekeeping on a timer (config.json): expire overdue redemptions, settle stale prize
// stock holds, purge short-lived records, events' no-shows, reminders and waitlist promotions,
// report rollups of finished days and old report exports. Re-runnable: a timer may fire more than once.
import { eventsTimer } from '../../server/domain/events/timer';
import { purgeShortLived } from '../../server/domain/housekeeping';
import { expireSweep, sweepHolds } from '../../server/domain/redemption';
import { purgeExports } from '../../server/domain/reports/export';
import { rollupTimer } from '../../server/domain/reports/rollup';
import { createTimerMain } from '../../server/runtime/timer';

export const main = createTimerMain('maintenance', async (ctx) => ({
  redemptions: await expireSweep(ctx),
  stockHolds: await sweepHolds(ctx),
  purged: await purgeShortLived(ctx),
  events: await eventsTimer(ctx),
  // After the sweeps above (expired redemptions are stored), the finished days' report rollups.
  reports: await rollupTimer(ctx),
  exports: await purgeExports(ctx),
}));
