// Small helpers shared by pages (no rules here: those live in the cloud functions).
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

/** For modules that are not built yet. */
export function comingSoon(): void {
  toast('即将开放');
}

export const BIND_CARD_URL = '/pages/bind-card/bind-card';

export function goBindCard(): void {
  wx.navigateTo({ url: BIND_CARD_URL });
}

/** Ends a pull-down refresh whether or not one was running. */
export function stopRefresh(): void {
  wx.stopPullDownRefresh();
}
