import type { Db, Doc } from '../runtime/db';
import { getOrNull } from '../runtime/db';
import { keyedHash } from '../util/crypto';
import { normalizeIdNumber } from '../util/idcard';
import { Sip2Client, Sip2Unavailable } from './sip2/client';
import type { PatronFlag, PatronInfo } from './sip2/codec';
import { readerSource, sip2Config, type Sip2Config } from './sip2/config';

// The reader directory port: who a card belongs to and whether it may be used. Two adapters:
// the imported `readers` table (default), and the library system over SIP2 (the table first,
// then the library system live, its answer cached in `readers`). Binding, change of phone and
// the transfer's identity match ask only this port; another adapter (an ILS's HTTP API) would
// be one more function here.

export interface DirectoryReader {
  cardNo: string;
  name: string;
  /** null: the library system sends no phone (verify by the library password instead). */
  phone: string | null;
  /** Keyed hash of the ID number, null when unknown. */
  idHash: string | null;
  status: 'active' | 'inactive';
  /** Why inactive, in Chinese (shown as the error's detail). */
  statusReason: string | null;
  source: 'imported' | 'sip2';
  /** Live answers to a password check (CQ); null when none was asked or answered. */
  passwordOk: boolean | null;
  /** Asked live: the library's block reason (null = none); undefined when answered from the table. */
  liveBlock?: string | null;
  /** The table's record was made inactive because of the library system (it lifts when the library does). */
  inactiveByIls?: boolean;
}

export type DirectoryAnswer =
  | { kind: 'found'; reader: DirectoryReader }
  | { kind: 'unknown' }
  | { kind: 'unavailable' };

export interface ReaderDirectory {
  readonly source: 'imported' | 'sip2';
  /** What binding checks besides the SMS code: the phone on record, or the library password. */
  readonly verify: 'phone' | 'password';
  /**
   * The reader behind a card: the table first, then (sip2) the library system live. A card
   * cached from an earlier live answer is asked live again, unless `cached` (a bound card's
   * identity for a transfer or a phone change) accepts the cache.
   */
  find(cardNo: string, opts?: { password?: string; cached?: boolean }): Promise<DirectoryAnswer>;
  /** Asks the library system only (the timer's status refresh); null for the imported table. */
  refresh(cardNo: string): Promise<DirectoryAnswer | null>;
}

/** The status flags that stop a card here, with the reason shown to the reader (first wins). */
export const BLOCKING_FLAGS: [PatronFlag, string][] = [
  ['cardReportedLost', '读者证已挂失'],
  ['chargePrivilegesDenied', '读者证已被图书馆暂停使用'],
  ['tooManyItemsOverdue', '逾期未还图书过多'],
  ['tooManyItemsLost', '丢失图书过多'],
  ['excessiveOutstandingFines', '欠款过多'],
  ['excessiveOutstandingFees', '欠费过多'],
  ['tooManyItemsBilled', '待缴费用过多'],
];

export function blockReason(flags: PatronFlag[]): string | null {
  return BLOCKING_FLAGS.find(([f]) => flags.includes(f))?.[1] ?? null;
}

function fromDoc(doc: Doc): DirectoryReader {
  return {
    cardNo: String(doc._id),
    name: String(doc.name ?? ''),
    phone: doc.phone ? String(doc.phone) : null,
    idHash: doc.idHash ? String(doc.idHash) : null,
    status: doc.status === 'inactive' ? 'inactive' : 'active',
    statusReason: doc.statusReason ? String(doc.statusReason) : null,
    source: doc.source === 'sip2' ? 'sip2' : 'imported',
    passwordOk: null,
    inactiveByIls: doc.inactiveByIls === true,
  };
}

/** The imported table: readers/<cardNo>, as the library's export (or an earlier live answer) wrote it. */
export function importedDirectory(db: Db): ReaderDirectory {
  return {
    source: 'imported',
    verify: 'phone',
    async find(cardNo) {
      const doc = await getOrNull(db.collection('readers').doc(cardNo));
      return doc ? { kind: 'found', reader: fromDoc(doc) } : { kind: 'unknown' };
    },
    async refresh() {
      return null;
    },
  };
}

/** Live fields of a 64 written to readers/<cardNo> (the cache): source, time, what the library said. */
function cacheFields(info: PatronInfo, cfg: Sip2Config, hmacKey: string, now: Date): Doc {
  const reason = blockReason(info.flags);
  const idNumber = cfg.idField ? (info.fields.get(cfg.idField)?.[0] ?? '').trim() : '';
  return {
    name: info.name,
    ...(info.phone ? { phone: info.phone } : {}),
    ...(idNumber ? { idHash: keyedHash(hmacKey, 'id-number', normalizeIdNumber(idNumber)) } : {}),
    ils: { checkedAt: now, valid: info.valid !== false, blocked: reason },
  };
}

/**
 * The library system over SIP2, behind the table. A card the table holds from an import is
 * answered from it (so binding works while the library system is down); any other card is asked
 * live and the answer cached with `source: 'sip2'`.
 */
export function sip2Directory(db: Db, client: Sip2Client, opts: { hmacKey: string; now: () => Date }): ReaderDirectory {
  const cfg = client.config;
  const readers = db.collection('readers');

  async function live(cardNo: string, password?: string, stored?: Doc | null): Promise<DirectoryAnswer> {
    let info: PatronInfo;
    try {
      info = await client.patronInfo(cardNo, password);
    } catch (err) {
      if (err instanceof Sip2Unavailable) {
        console.warn(`[readers] library system unavailable: ${err.message}`);
        return { kind: 'unavailable' };
      }
      throw err;
    }
    if (info.valid === false) return { kind: 'unknown' };
    const now = opts.now();
    const fields = cacheFields(info, cfg, opts.hmacKey, now);
    const reason = blockReason(info.flags);
    const existing = stored === undefined ? await getOrNull(readers.doc(cardNo)) : stored;
    if (!existing) {
      await readers.doc(cardNo).set({ data: { cardNo, ...fields, status: reason ? 'inactive' : 'active', statusReason: reason, inactiveByIls: !!reason, source: 'sip2', cachedAt: now } });
    } else {
      await readers.doc(cardNo).update({ data: { ...fields, cachedAt: now } });
    }
    const base = existing ? fromDoc(existing) : null;
    return {
      kind: 'found',
      reader: {
        cardNo, name: info.name,
        phone: info.phone ?? base?.phone ?? null,
        idHash: (fields.idHash as string | undefined) ?? base?.idHash ?? null,
        // The library's word on its own blocks; an inactive status set here for another reason stays.
        status: reason || (base?.status === 'inactive' && !base.inactiveByIls) ? 'inactive' : 'active',
        statusReason: reason ?? (base?.status === 'inactive' && !base.inactiveByIls ? base.statusReason : null),
        source: base?.source ?? 'sip2',
        passwordOk: info.passwordOk,
        liveBlock: reason,
        inactiveByIls: existing ? base!.inactiveByIls : !!reason,
      },
    };
  }

  return {
    source: 'sip2',
    verify: cfg.verify,
    async find(cardNo, findOpts = {}) {
      const doc = await getOrNull(readers.doc(cardNo));
      if (doc && (doc.source !== 'sip2' || findOpts.cached)) return { kind: 'found', reader: fromDoc(doc) };
      return live(cardNo, cfg.verify === 'password' ? findOpts.password ?? '' : undefined, doc);
    },
    async refresh(cardNo) {
      return live(cardNo);
    },
  };
}

// One SIP2 client (one connection) per function instance.
let shared: { key: string; client: Sip2Client } | null = null;
export function sharedSip2Client(cfg: Sip2Config): Sip2Client {
  const key = JSON.stringify(cfg);
  if (!shared || shared.key !== key) {
    shared?.client.close();
    shared = { key, client: new Sip2Client(cfg) };
  }
  return shared.client;
}

/** The directory configured for this instance (YUE_READER_SOURCE). */
export function readerDirectory(db: Db, opts: { hmacKey: string; now: () => Date }, env: NodeJS.ProcessEnv = process.env): ReaderDirectory {
  if (readerSource(env) !== 'sip2') return importedDirectory(db);
  const cfg = sip2Config(env);
  if (!cfg.host) throw new Error('YUE_READER_SOURCE=sip2 needs YUE_SIP2_HOST');
  return sip2Directory(db, sharedSip2Client(cfg), opts);
}
