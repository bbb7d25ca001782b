// Shared steps of the rewards tests: prizes through admin.upsertPrize, redeems with fresh requestIds.
import { randomInt } from 'crypto';
import { ADMIN, newPatron, ok, storedDocs, uid } from '../support/cloud';

/** A patron with a bound card whose number and phone are random (no clash with other test files). */
export function freshPatron(over: Parameters<typeof newPatron>[0] = {}) {
  const n = String(randomInt(0, 100_000_000)).padStart(8, '0');
  return newPatron({ cardNo: `RW${n}`, phone: `136${n}`, ...over });
}

export async function newPrize(over: Partial<{ name: string; cost: number; stock: number; active: boolean; description: string }> = {}) {
  const { prize } = await ok('admin', ADMIN, {
    action: 'upsertPrize',
    name: over.name ?? `测试奖品${uid('').slice(-4)}`,
    cost: over.cost ?? 20,
    stock: over.stock ?? 10,
    ...(over.active !== undefined ? { active: over.active } : {}),
    ...(over.description !== undefined ? { description: over.description } : {}),
  });
  return prize as { prizeId: string; name: string; cost: number; stock: number; active: boolean };
}

/** A prize's stock as stored: the sum of its shard documents (prize_stock, see docs/RUSH.md). */
export async function storedStock(prizeId: string): Promise<number> {
  return (await storedDocs('prize_stock')).filter((d) => d.prizeId === prizeId).reduce((n, d) => n + d.stock, 0);
}

export function redeemEvent(prizeId: string, extra: Record<string, unknown> = {}) {
  return { action: 'redeem', prizeId, requestId: uid('req'), ...extra };
}

export async function makeStaff(): Promise<string> {
  const staff = uid('staff');
  await ok('admin', ADMIN, { action: 'grantRole', openid: staff, role: 'staff' });
  return staff;
}

/** Runs `fn` over `items` with at most `width` in flight. */
export async function inBatches<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}
