// The functions' only way to log: no redemption code, card number, phone, ID number or name in a
// log line (a code is enough to collect a prize). Lines name the function, what failed and the
// log id; the error text is redacted, since error messages may echo data (a duplicate key, an
// SMS provider's answer). test/setup/global-teardown.ts scans a test run's log for real values.
import { CODE_ALPHABET } from '../domain/redemption-code';

const CHINESE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+/g; // names, addresses, any patron text
const WITH_DIGITS = /[0-9A-Za-z]*\d{4}[0-9A-Za-z]*/g; // card numbers, phones, ID numbers
// Redemption and donation codes, also inside ids such as redeem_expired_<code>.
const DESK_CODE = new RegExp(`(?<![0-9A-Za-z])[${CODE_ALPHABET}]{10,11}(?![0-9A-Za-z])`, 'g');

/** Masks what may be personal in a text meant for a log. */
export function redact(text: string): string {
  return text
    .replace(CHINESE, '<text>')
    .replace(WITH_DIGITS, (m) => (m.length >= 7 ? '<id>' : m))
    .replace(DESK_CODE, '<code>');
}

function errorText(err: unknown, stack: boolean): string {
  if (err instanceof Error) return (stack && err.stack) || err.message;
  return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
}

/** `[fn] <what> (log <id>): <error, redacted>` on stderr; `what` is fixed text, never data. */
export function logFailure(at: { fn: string; logId: string }, what: string, err: unknown, opts: { warn?: boolean; stack?: boolean } = {}): void {
  const line = `[${at.fn}] ${what} (log ${at.logId}): ${redact(errorText(err, !!opts.stack))}`;
  if (opts.warn) console.warn(line);
  else console.error(line);
}
