// Ports to what this machine cannot reach (Tencent SMS, WeChat openapi). One adapter each for
// the cloud and for the local dev outbox; the core only sees these interfaces.
export interface SmsMessage { phone: string; code: string; purpose: string; ttlMinutes: number }
/** Which subscribe template a message uses: review outcomes and notices, or event reminders. */
export type SubscribeTemplate = 'result' | 'reminder';
export interface SubscribeMessage { openid: string; title: string; body: string; page?: string; template?: SubscribeTemplate }

import type { FileStorage } from './storage';

export interface Ports {
  /** Cloud storage (report exports). */
  storage: FileStorage;
  sendSms(msg: SmsMessage): Promise<void>;
  /** Best effort: a patron who gave no consent simply gets nothing. */
  notify(msg: SubscribeMessage): Promise<boolean>;
  /** true when the text passes the content-security check. */
  checkText(openid: string, text: string): Promise<boolean>;
}
