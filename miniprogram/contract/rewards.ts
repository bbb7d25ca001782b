import { z } from 'zod';
import { command, id, query, requestId, text, withCard } from './common';

export const redemptionStatus = z.enum(['pending', 'collected', 'expired']);
export const redemptionView = z.object({
  code: z.string(),
  prizeId: z.string(),
  prizeName: z.string(),
  cost: z.number().int(),
  status: redemptionStatus,
  cardNo: z.string(), // masked when shown to staff
  createdAt: z.string(),
  expiresAt: z.string(),
  collectedAt: z.string().nullable(),
});
export const prizeView = z.object({
  prizeId: z.string(),
  name: z.string(),
  description: z.string(),
  cost: z.number().int(),
  stock: z.number().int(),
  active: z.boolean(),
  affordable: z.boolean(),
});
// Redemption codes: 10 data characters + 1 check character from an alphabet without look-alikes.
// Format and check character are verified by the core (REDEMPTION_CODE_MALFORMED), so staff get
// a precise reason; spaces and hyphens typed by staff are ignored.
export const redemptionCode = z.string().trim().min(1).max(40);

export const rewards = {
  /** cardNo: the card the affordability is for; null when the caller has bound no card yet. */
  list: query(withCard, z.object({ prizes: z.array(prizeView), balance: z.number().int(), cardNo: z.string().nullable() })),
  redeem: command(
    withCard.extend({ prizeId: id, requestId }),
    z.object({ redemption: redemptionView, balance: z.number().int() }),
  ),
  mine: query(withCard, z.object({ redemptions: z.array(redemptionView), pickup: z.object({ text: z.string(), place: z.string() }) })),
  staffLookup: query(
    z.object({ code: redemptionCode }),
    z.object({ redemption: redemptionView.extend({ holderName: z.string() }), inPickupWindow: z.boolean(), pickupText: z.string() }),
    'staff',
  ),
  fulfil: command(
    z.object({ code: redemptionCode }),
    z.object({ redemption: redemptionView.extend({ holderName: z.string() }) }),
    'staff',
  ),
  /** Marks pending redemptions past expiresAt as expired (also run daily by the maintenance timer). */
  expireSweep: command(z.object({}), z.object({ expired: z.number().int() }), 'admin'),
};

/** stockedTotal: units ever put on sale (stock + redeemed since the stock was split + held by redeems in flight, docs/RUSH.md). */
export const prizeAdminView = z.object({
  prizeId: z.string(), name: z.string(), description: z.string(), cost: z.number().int(),
  stock: z.number().int(), active: z.boolean(), sort: z.number().int(), stockedTotal: z.number().int(),
});

export const prizeInput = z.object({
  prizeId: id.optional(),
  name: text(50, { min: 1 }),
  cost: z.number().int().min(1).max(1_000_000),
  stock: z.number().int().min(0).max(1_000_000),
  /**
   * The stock the admin's form was loaded with: the edit then changes the stock by
   * `stock - stockSeen`, so redeems made meanwhile are not put back (docs/RUSH.md). Without it
   * `stock` is measured against the stock at the moment of the edit.
   */
  stockSeen: z.number().int().min(0).max(1_000_000).optional(),
  active: z.boolean().optional(),
  description: text(500, { multiline: true }).optional(),
  /** Position in the catalogue (ascending); new prizes go last by default. */
  sort: z.number().int().min(0).max(1_000_000).optional(),
});
