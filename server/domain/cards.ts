import type { Ctx } from '../runtime/context';
import { getOrNull, type Doc } from '../runtime/db';
import { fail } from '../runtime/fail';
import { keyedHash } from '../util/crypto';

/**
 * A card number as a keyed token (HMAC with the key outside the database, 20 hex): ids that reach
 * staff screens carry this, never the number. `purpose` keeps tokens of different ids apart.
 */
export function cardToken(ctx: Pick<Ctx, 'config'>, purpose: string, cardNo: string): string {
  return keyedHash(ctx.config.hmacKey, purpose, cardNo).slice(0, 20);
}

// users/<openid>: { cards: string[], current: string | null }; one read resolves the caller's cards.
export interface UserDoc { cards: string[]; current: string | null }

export async function loadUser(ctx: Ctx): Promise<UserDoc & Doc> {
  const doc = await getOrNull(ctx.db.collection('users').doc(ctx.openid));
  return { ...(doc ?? {}), cards: (doc?.cards as string[] | undefined) ?? [], current: (doc?.current as string | null | undefined) ?? null };
}

/** The card an action is about: the named one (must be bound to the caller) or the current one. */
export async function resolveCard(ctx: Ctx, cardNo?: string): Promise<{ user: UserDoc; cardNo: string }> {
  const user = await loadUser(ctx);
  if (cardNo) {
    if (!user.cards.includes(cardNo)) fail('CARD_NOT_BOUND');
    return { user, cardNo };
  }
  if (!user.current) fail('NO_CURRENT_CARD');
  return { user, cardNo: user.current };
}
