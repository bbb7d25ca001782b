/**
 * Local emulator of CloudBase's database wire protocol (what wx-server-sdk POSTs to `/admin`).
 * See docs/devcloud-db.md.
 */
export { createDbEmulator, type DbEmulator, type DbEmulatorOptions, type DirectCollection } from './emulator';
export { dbHttpHandler, dbTag, latencyFromEnv, startDbServer, type DbHttpOptions, type DbServer } from './http';
export type { IndexDef, IndexSpec } from './store';
export type { QueryShape } from './query-shapes';
