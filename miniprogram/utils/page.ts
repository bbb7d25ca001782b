// Small helpers shared by pages (no rules here: those live in the cloud functions).
import type { Envelope } from '../contract/errors';
import { formatDateTime, type DateInput } from './time';

/** 2025-01-31 08:05 (Asia/Shanghai). */
export function formatTime(at: DateInput): string {
  return formatDateTime(at);
}

/** +2 / -5 / 0 */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** A short hint toast (no icon, so long Chinese text is not cut). */
export function toast(title: string): void {
  wx.showToast({ icon: 'none', title });
}

export const BIND_CARD_URL = '/pages/bind-card/bind-card';

export function goBindCard(): void {
  wx.navigateTo({ url: BIND_CARD_URL });
}

/** What loadInto needs of a page: state-view's fields and setData. */
export interface LoadingPage {
  data: { loading: boolean; error: string; loaded?: boolean };
  setData(patch: object): void;
}

/**
 * A page's main load: spinner and error only while nothing is shown yet (`shown`; by default
 * data.loaded, which it then keeps), the data applied as view(data) in the same setData.
 * Returns the data, or null on failure (the client already showed the reason).
 */
export async function loadInto<T>(
  page: LoadingPage,
  call: () => Promise<Envelope<T>>,
  view: (data: T) => object = () => ({}),
  shown?: boolean,
): Promise<T | null> {
  const keepsLoaded = shown === undefined;
  const quiet = keepsLoaded ? !!page.data.loaded : shown;
  if (!quiet) page.setData({ loading: true, error: '' });
  const res = await call();
  if (!res.ok) {
    if (!quiet) page.setData({ loading: false, error: res.error.message });
    return null;
  }
  page.setData({ loading: false, error: '', ...(keepsLoaded ? { loaded: true } : {}), ...view(res.data) });
  return res.data;
}

/** NO_CURRENT_CARD as an answer (null), for pages that then show their bind prompt. */
export async function noCardAsNull<T>(call: Promise<Envelope<T>>): Promise<Envelope<T | null>> {
  const res = await call;
  return !res.ok && res.error.code === 'NO_CURRENT_CARD' ? { ok: true, data: null } : res;
}

/** Pull-down refresh: ends it once the given loads are done. */
export async function refreshAfter(...loads: Promise<unknown>[]): Promise<void> {
  await Promise.all(loads);
  wx.stopPullDownRefresh();
}

/** How long a success toast stays before the page goes back. */
export const BACK_DELAY_MS = 1500;

const backTimers = new WeakMap<object, ReturnType<typeof setTimeout>>();

/** Goes back one page after BACK_DELAY_MS (time to read the toast). */
export function backLater(page: object): void {
  cancelBack(page);
  backTimers.set(page, setTimeout(() => wx.navigateBack({ delta: 1 }), BACK_DELAY_MS));
}

/** Cancels a pending backLater (on unload). */
export function cancelBack(page: object): void {
  const timer = backTimers.get(page);
  if (timer !== undefined) clearTimeout(timer);
  backTimers.delete(page);
}
