import type { ErrorCode } from '../../miniprogram/contract/errors';

/** An expected failure with a contract error code (thrown to abort a transaction, or returned). */
export class Fail extends Error {
  constructor(public readonly errorCode: ErrorCode, public readonly field?: string, public readonly detail?: string) {
    super(errorCode);
    this.name = 'Fail';
  }
}

/** `detail`: this instance's particulars, appended to the code's message (e.g. when a block lifts). */
export function fail(code: ErrorCode, field?: string, detail?: string): never {
  throw new Fail(code, field, detail);
}
