// The patron's bound cards as the pages show them.
import type { z } from 'zod';
import type { cardView } from '../contract/account';
import { maskCardNo } from './mask';

type Card = z.infer<typeof cardView>;

export type CardRow = Card & { cardText: string };

/** The profile's cards with masked numbers; remembers the current one in globalData. */
export function adoptCards(cards: Card[]): { cards: CardRow[]; current: CardRow | null } {
  const rows = cards.map((c) => ({ ...c, cardText: maskCardNo(c.cardNo) }));
  const current = rows.find((c) => c.current) ?? null;
  getApp<IAppOption>().globalData.currentCardNo = current ? current.cardNo : null;
  return { cards: rows, current };
}
