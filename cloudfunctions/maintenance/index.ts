// Daily housekeeping on a timer (config.json): expire overdue redemptions. Re-runnable.
import { expireSweep } from '../../server/domain/redemption';
import { createTimerMain } from '../../server/runtime/timer';

export const main = createTimerMain('maintenance', async (ctx) => ({
  redemptions: await expireSweep(ctx),
}));
