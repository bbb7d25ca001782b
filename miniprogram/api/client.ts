// Typed client core: every page talks to the cloud functions through call().
import { errorMessage, type Envelope } from '../contract/errors';
import { CLOUD_ENV } from '../utils/config';

const RETRY_PROMPT = '网络异常，是否重试？';
/** BUSY: the server gave up on a rush (nothing was applied); retrying the same requestId is safe. */
const BUSY_PROMPT = '当前操作人数较多，是否重试？';

export interface CallOptions {
  /** Loading text while waiting, or false for none. Default 加载中 / 提交中 (mutating). */
  loading?: string | false;
  /** Writes something: carries a requestId, kept across retries so a retry cannot double-apply. */
  mutating?: boolean;
  /** No error UI (no toast, no retry prompt): the caller handles the failure itself. */
  silent?: boolean;
  /** Error codes the page answers itself (e.g. FORBIDDEN on a staff page): no toast for these. */
  expected?: readonly string[];
}

export function initCloud(): void {
  wx.cloud.init({ env: CLOUD_ENV, traceUser: true });
}

const ID_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A fresh idempotency key: one per user action, reused by every retry of that action. */
export function newRequestId(length = 20): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)];
  return id;
}

// showLoading is a single overlay shared by all calls: show on the first, hide after the last.
let loadingDepth = 0;
function beginLoading(title: string | false, mask: boolean): boolean {
  if (title === false) return false;
  if (loadingDepth++ === 0) wx.showLoading({ title, mask });
  return true;
}
function endLoading(shown: boolean): void {
  if (shown && --loadingDepth === 0) wx.hideLoading();
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function askRetry(content: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: '提示',
      content,
      confirmText: '重试',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

/**
 * Calls `action` of cloud function `fn`. Resolves (never rejects) with the function's envelope,
 * or NETWORK when the transport failed and the patron declined to retry (or the call is silent).
 * A transport failure or BUSY offers a retry, which sends the same data (same requestId).
 */
export async function call<T>(
  fn: string,
  action: string,
  input: object = {},
  opts: CallOptions = {},
): Promise<Envelope<T>> {
  const data: Record<string, unknown> = { ...input, action };
  if (opts.mutating && typeof data.requestId !== 'string') data.requestId = newRequestId();
  const loadingTitle = opts.loading ?? (opts.mutating ? '提交中' : '加载中');

  for (;;) {
    const shown = beginLoading(loadingTitle, !!opts.mutating);
    let raw: unknown;
    try {
      raw = (await wx.cloud.callFunction({ name: fn, data })).result;
    } catch {
      endLoading(shown);
      if (!opts.silent && (await askRetry(RETRY_PROMPT))) continue;
      return { ok: false, error: { code: 'NETWORK', message: errorMessage('NETWORK') } };
    }
    endLoading(shown);

    const answer: Envelope<T> = isEnvelope(raw)
      ? (raw as Envelope<T>)
      : { ok: false, error: { code: 'INTERNAL', message: errorMessage('INTERNAL') } };
    if (!answer.ok && answer.error.code === 'BUSY' && !opts.silent && (await askRetry(BUSY_PROMPT))) continue;
    if (!answer.ok && !opts.silent && !opts.expected?.includes(answer.error.code)) {
      wx.showToast({ icon: 'none', title: answer.error.message || errorMessage(answer.error.code) });
    }
    return answer;
  }
}
