import type { z } from 'zod';
import type { eventInput, upsertEventOutput } from '../../../miniprogram/contract/events';
import type { Ctx } from '../../runtime/context';

/** Admin: create or edit an event (built in the next commit). */
export async function upsertEvent(_ctx: Ctx, _input: z.output<typeof eventInput>): Promise<z.output<typeof upsertEventOutput>> {
  throw new Error('events: not built yet');
}
