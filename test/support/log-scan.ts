// Scans function log output for personal data: the real values a local cloud holds (codes, card
// numbers, phones, names), so log ids, hashes and timestamps never raise a false alarm.
import type { DbEmulator } from '../../devcloud/db';

export interface Personal { kind: 'code' | 'card' | 'phone' | 'name' | 'contact'; value: string }

const FIELDS: Record<string, Partial<Record<string, Personal['kind']>>> = {
  readers: { _id: 'card', phone: 'phone', name: 'name' },
  cards: { _id: 'card' },
  redemptions: { _id: 'code' },
  donations: { _id: 'code' },
  members: { name: 'name' },
  volunteers: { name: 'name', phone: 'phone' },
  feedback: { contact: 'contact' },
};

/** Every code, card number, phone and name the cloud's database holds (values of 2+ characters; 5+ for contacts). */
export function personalValues(emulator: DbEmulator): Personal[] {
  const out = new Map<string, Personal>();
  for (const [coll, fields] of Object.entries(FIELDS)) {
    for (const doc of emulator.collection(coll).find({})) {
      for (const [field, kind] of Object.entries(fields)) {
        const value = typeof doc[field] === 'string' ? doc[field].trim() : '';
        if (kind && value.length >= (kind === 'contact' ? 5 : 2)) out.set(value, { kind, value });
      }
    }
  }
  return [...out.values()];
}

export interface Leak { line: number; kind: Personal['kind']; text: string }

/** Lines of `log` that contain one of the values; each reported with the value masked. */
export function findLeaks(log: string, values: Personal[]): Leak[] {
  const leaks: Leak[] = [];
  log.split('\n').forEach((text, i) => {
    for (const v of values) {
      if (text.includes(v.value)) leaks.push({ line: i + 1, kind: v.kind, text: text.split(v.value).join(`<${v.kind}>`).slice(0, 300) });
    }
  });
  return leaks;
}
