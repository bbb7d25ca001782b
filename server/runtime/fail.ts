import type { ErrorCode } from '../../miniprogram/contract/errors';

/** An expected failure with a contract error code (thrown to abort a transaction, or returned). */
export class Fail extends Error {
  constructor(public readonly errorCode: ErrorCode, public readonly field?: string) {
    super(errorCode);
    this.name = 'Fail';
  }
}

export function fail(code: ErrorCode, field?: string): never {
  throw new Fail(code, field);
}
