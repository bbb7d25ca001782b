/** Error codes as CloudBase's database API returns them (the SDK treats a body with `code` as an error). */
export type DbErrorCode =
  | 'INVALID_PARAM'
  | 'SYS_ERR'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST';

export class DbError extends Error {
  constructor(readonly code: DbErrorCode, message: string) {
    super(message);
    this.name = 'DbError';
  }
}

export const invalid = (message: string): DbError => new DbError('INVALID_PARAM', message);

/** Same family as CloudBase's duplicate-key failure (MongoDB E11000 behind DATABASE_REQUEST_FAILED). */
export const duplicateKey = (coll: string, index: string, key: string): DbError =>
  new DbError(
    'DATABASE_REQUEST_FAILED',
    `[FailedOperation] E11000 duplicate key error collection: ${coll} index: ${index} dup key: ${key}`,
  );

// CloudBase's own wording of its transaction errors (the codes are what @cloudbase/database
// compares; wx-server-sdk's wrappers drop `code` and keep the message, so callers that detect
// conflicts read "TransactionConflict" in errMsg — see server/runtime/db.ts isConflict).
const CONFLICT_MESSAGE =
  '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. ' +
  'Please check your request, but if the problem persists, contact us.';
const NOT_EXIST_MESSAGE =
  '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be ' +
  'commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.';

/** A write to a record another transaction holds, or one committed after this transaction started. */
export const conflict = (): DbError => new DbError('DATABASE_TRANSACTION_CONFLICT', CONFLICT_MESSAGE);

/** Any use of a transaction that has ended (committed, aborted by an error or idle) or never existed. */
export const transactionGone = (): DbError => new DbError('DATABASE_TRANSACTION_FAIL', NOT_EXIST_MESSAGE);
