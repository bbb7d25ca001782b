import { LEDGER_REASONS, type LedgerReason } from '../../miniprogram/contract/points';
import type { Ctx } from '../runtime/context';
import { getOrNull, type Doc, type Tx } from '../runtime/db';
import { fail } from '../runtime/fail';
import { toIso } from '../util/time';
import { refuseInactive } from './readers';

export interface Posting {
  cardNo: string;
  delta: number;
  reason: LedgerReason;
  refId: string | null;
  /** Deterministic id: a repeat collides instead of double-applying. */
  entryId: string;
  rulesVersion: number;
  /** Extra text shown after the reason (e.g. streak bonus). */
  note?: string;
  /** Fields to set on the card in the same write (e.g. check-in streak, binding). */
  cardPatch?: Doc;
  /** Extra fields stored on the ledger entry (e.g. the check-in day). */
  extra?: Doc;
  /** The card document does not exist yet: create it with this posting. */
  createCard?: boolean;
}

/**
 * Changes a card's balance and appends its ledger entry in the same transaction.
 * `card` is the card document already read in `tx`. Returns the new balance; never below zero.
 * An inactive card (readers.status) is refused with CARD_INACTIVE.
 */
export async function post(tx: Tx, ctx: Ctx, card: Doc, p: Posting): Promise<number> {
  // An inactive card neither earns nor spends (readers.ts refuseInactive): the transaction aborts, nothing is written.
  refuseInactive(await getOrNull(tx.collection('readers').doc(p.cardNo)));
  const balance = Number(card.balance ?? 0) + p.delta;
  if (balance < 0) fail('INSUFFICIENT_POINTS');
  const data = { ...(p.cardPatch ?? {}), balance, updatedAt: ctx.now };
  if (p.createCard) await tx.collection('cards').doc(p.cardNo).set({ data: { ...data, createdAt: ctx.now } });
  else await tx.collection('cards').doc(p.cardNo).update({ data });
  await tx.collection('ledger').add({
    data: {
      ...(p.extra ?? {}), _id: p.entryId, cardNo: p.cardNo, delta: p.delta, reason: p.reason, refId: p.refId, note: p.note ?? null,
      balanceAfter: balance, rulesVersion: p.rulesVersion, openid: ctx.openid, createdAt: ctx.now,
    },
  });
  card.balance = balance;
  return balance;
}

export function ledgerEntryView(doc: Doc) {
  const reason = doc.reason as LedgerReason;
  const base = LEDGER_REASONS[reason] ?? String(doc.reason);
  return {
    entryId: String(doc._id),
    delta: Number(doc.delta),
    reason: String(doc.reason),
    reasonText: doc.note ? `${base}（${doc.note}）` : base,
    refId: (doc.refId as string | null) ?? null,
    balanceAfter: Number(doc.balanceAfter ?? 0),
    rulesVersion: Number(doc.rulesVersion ?? 1),
    createdAt: toIso(new Date(doc.createdAt)),
  };
}
