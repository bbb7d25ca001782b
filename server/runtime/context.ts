import type { Role } from '../../miniprogram/contract/common';
import type { Ports } from '../ports';
import type { Config } from './config';
import type { Db } from './db';

/** Everything one invocation of an action may use. Built by the router, passed to the core. */
export interface Ctx {
  fn: string;
  action: string;
  /** The caller, from cloud.getWXContext() only. */
  openid: string;
  db: Db;
  /** The invocation's clock reading; the core never calls Date itself. */
  now: Date;
  config: Config;
  ports: Ports;
  /** Roles of the caller beyond 'user' (filled by the router). */
  roles: Role[];
  /** Idempotency: key derived from caller + action + requestId, and whether the result was stored. */
  request: { key: string | null; recorded: boolean };
  logId: string;
}
