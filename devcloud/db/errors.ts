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

/** The code is what @cloudbase/database's runTransaction compares against; the message repeats it
 * because wx-server-sdk's wrappers drop `code` (they keep only errCode -501001 and the message). */
export const conflict = (detail: string): DbError =>
  new DbError('DATABASE_TRANSACTION_CONFLICT', `[DATABASE_TRANSACTION_CONFLICT] transaction write conflict: ${detail}`);
