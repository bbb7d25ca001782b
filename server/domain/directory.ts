import type { Ctx } from '../runtime/context';
import { fail } from '../runtime/fail';
import { readerDirectory, type DirectoryReader, type ReaderDirectory } from '../ports/readers';
import { addDays } from '../util/time';
import { aggregate } from './events/model';
import { setReaderStatus } from './readers';

// The rules around the reader directory port: which card may be bound with which proof, who
// gets a bind code, and the timer's refresh of cards' status from the library system.

export function directory(ctx: Ctx): ReaderDirectory {
  return readerDirectory(ctx.db, { hmacKey: ctx.config.hmacKey, now: () => ctx.now });
}

/** account.bindOptions: what the bind page asks for besides the SMS code. */
export function bindOptions(ctx: Ctx): { verify: 'phone' | 'password' } {
  return { verify: directory(ctx).verify };
}

/** The proof a reader brings: a live card in password mode is checked by its library password, any other by its phone. */
function provesWithPassword(dir: ReaderDirectory, reader: DirectoryReader): boolean {
  return dir.verify === 'password' && reader.source === 'sip2';
}

/**
 * Whether a bind code goes out (the answer is the same either way). With the library system and
 * the card named: only when that card's phone is this phone, or (password mode, a live card) the
 * card is valid; when the library system cannot answer, the code goes out so it is ready when the
 * system is back. Otherwise (imported table, or no card named): when some reader has this phone.
 */
export async function bindCodeGoesOut(ctx: Ctx, phone: string, cardNo?: string): Promise<boolean> {
  const dir = directory(ctx);
  if (!cardNo || dir.source === 'imported') {
    const res = await ctx.db.collection('readers').where({ phone }).limit(1).field({ _id: true }).get();
    return res.data.length > 0;
  }
  const ans = await dir.find(cardNo);
  if (ans.kind === 'unavailable') return true;
  if (ans.kind === 'unknown') return false;
  return provesWithPassword(dir, ans.reader) ? ans.reader.status === 'active' : ans.reader.phone === phone;
}

/**
 * The reader a bind may go ahead with, or the refusal: an unknown card (BL N included) and a
 * wrong phone answer CARD_PHONE_MISMATCH alike; a wrong library password CARD_PASSWORD_INVALID; a lost or
 * blocked card CARD_INACTIVE with the reason; a card only the library system could tell about,
 * while it does not answer, ILS_UNAVAILABLE (the SMS code is not used up).
 */
export async function readerForBind(ctx: Ctx, input: { cardNo: string; phone: string; password?: string }): Promise<DirectoryReader> {
  const dir = directory(ctx);
  const ans = await dir.find(input.cardNo, { password: input.password });
  if (ans.kind === 'unavailable') fail('ILS_UNAVAILABLE');
  // An unknown card (BL N included) answers as a wrong phone does: the answer never tells which card numbers exist.
  if (ans.kind === 'unknown') fail('CARD_PHONE_MISMATCH');
  const reader = ans.reader;
  if (provesWithPassword(dir, reader)) {
    if (reader.passwordOk !== true) fail('CARD_PASSWORD_INVALID', 'password');
  } else if (reader.phone !== input.phone) fail('CARD_PHONE_MISMATCH');
  if (reader.status === 'inactive') fail('CARD_INACTIVE', undefined, reader.statusReason ?? undefined);
  return reader;
}

/** Cards looked at per timer run, and how many live lookups run at once (they queue on one connection anyway). */
export const REFRESH = { batch: 200, parallel: 4, budgetMs: 60_000 } as const;

/**
 * Timer: asks the library system about the cards that earned or spent in the last day, a
 * bounded batch per run (least recently checked first), and makes a card it reports lost or
 * blocked inactive here, until it says otherwise. Re-runnable.
 */
export async function refreshReaderStatus(ctx: Ctx): Promise<{ source: string; checked: number; deactivated: number; reactivated: number; unavailable: number }> {
  const dir = directory(ctx);
  const out = { source: dir.source, checked: 0, deactivated: 0, reactivated: 0, unavailable: 0 };
  if (dir.source !== 'sip2') return out;
  const since = addDays(ctx.now, -1);
  const _ = ctx.db.command;
  const active = await aggregate(ctx, 'ledger')
    .match({ createdAt: _.gte(since) })
    .group({ _id: '$cardNo' })
    .limit(5000)
    .end();
  const cardNos = (active.list ?? active.data ?? []).map((r) => String(r._id));
  if (!cardNos.length) return out;
  // Least recently checked first, so successive runs cover everyone.
  const docs = new Map<string, { checkedAt: number; doc: Record<string, unknown> }>();
  for (let i = 0; i < cardNos.length; i += 100) {
    const part = cardNos.slice(i, i + 100);
    const res = await ctx.db.collection('readers').where({ _id: _.in(part) }).limit(part.length).get();
    for (const d of res.data) docs.set(String(d._id), { checkedAt: d.ils?.checkedAt ? new Date(d.ils.checkedAt).getTime() : 0, doc: d });
  }
  const batch = [...docs.entries()].sort((a, b) => a[1].checkedAt - b[1].checkedAt).slice(0, REFRESH.batch);
  const started = Date.now();
  for (let i = 0; i < batch.length && Date.now() - started < REFRESH.budgetMs; i += REFRESH.parallel) {
    await Promise.all(batch.slice(i, i + REFRESH.parallel).map(async ([cardNo, { doc }]) => {
      const ans = await dir.refresh(cardNo);
      if (!ans || ans.kind !== 'found') {
        if (ans?.kind === 'unavailable') out.unavailable += 1;
        return;
      }
      out.checked += 1;
      const block = ans.reader.liveBlock ?? null;
      // A card made inactive by the library's import (not by this refresh) is left as it is.
      // The flag goes first: a run cut short in between leaves a state the next run completes.
      if (block && (doc.status !== 'inactive' || (doc.inactiveByIls === true && doc.statusReason !== block))) {
        await ctx.db.collection('readers').doc(cardNo).update({ data: { inactiveByIls: true } });
        await setReaderStatus(ctx, cardNo, 'inactive', block);
        out.deactivated += 1;
      } else if (!block && doc.status === 'inactive' && doc.inactiveByIls === true) {
        await setReaderStatus(ctx, cardNo, 'active');
        await ctx.db.collection('readers').doc(cardNo).update({ data: { inactiveByIls: false } });
        out.reactivated += 1;
      }
    }));
  }
  return out;
}
