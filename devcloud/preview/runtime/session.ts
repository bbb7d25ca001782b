// Who the preview is (the caller's OPENID) and when (the dev clock), shared with the side panel
// through localStorage; the frame's own Date follows the dev clock too.

export const KEYS = { openid: 'yue.preview.openid', offset: 'yue.preview.clockOffsetMs', fontScale: 'yue.preview.fontScale' } as const;
export const DEFAULT_OPENID = 'preview-patron-a';

const params = new URLSearchParams(location.search);

export function caller(): string {
  return params.get('openid') || localStorage.getItem(KEYS.openid) || DEFAULT_OPENID;
}

const RealDate = Date;
export function clockOffset(): number {
  const v = Number(params.get('offset') ?? localStorage.getItem(KEYS.offset) ?? 0);
  return Number.isFinite(v) ? v : 0;
}

/** The dev clock as X-Dev-Now, or null when it is the real time. */
export function devNow(): string | null {
  const off = clockOffset();
  return off ? new RealDate(RealDate.now() + off).toISOString() : null;
}

/** Shifts the frame's Date by the dev clock offset (set once, before any page code runs). */
export function installClock(): void {
  const off = clockOffset();
  if (!off) return;
  class DevDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + off);
      else super(...(args as [string]));
    }
    static now(): number {
      return RealDate.now() + off;
    }
  }
  (window as unknown as { Date: DateConstructor }).Date = DevDate as unknown as DateConstructor;
}

/** Cloud calls made so far (read by the bench and the e2e walks). */
export const stats = { calls: [] as Array<{ fn: string; action?: string; route: string }>, inflight: 0 };

// ---- WeChat's font-size setting (我 → 设置 → 通用 → 字体大小) ----
// A page with <page-meta root-font-size="system"> gets the system font size as its root font
// size (rem); other pages keep 16 px. The panel's 字体大小 control sets the scale (1 … 2). The
// value is kept on each page's frame (`data-root-font`) and applied for the page on top.
const BASE_FONT_PX = 16;

export function fontScale(): number {
  const v = Number(params.get('fontScale') ?? localStorage.getItem(KEYS.fontScale) ?? 1);
  return Number.isFinite(v) && v >= 1 && v <= 2 ? v : 1;
}

/** The root font size of the page on top: its page-meta's root-font-size, else 16 px. */
export function applyRootFont(): void {
  const value = document.querySelector('.yue-page-frame[yue-top]')?.getAttribute('data-root-font') ?? '';
  document.documentElement.style.fontSize = value === 'system' ? `${BASE_FONT_PX * fontScale()}px` : value || `${BASE_FONT_PX}px`;
}

/** <page-meta root-font-size="…"> of the page whose frame holds `el`. */
export function setRootFontSize(el: Element | null | undefined, value: string): void {
  const frame = el?.closest('.yue-page-frame');
  if (!frame) return;
  if (value) frame.setAttribute('data-root-font', value);
  else frame.removeAttribute('data-root-font');
  applyRootFont();
}

/** What changing WeChat's font-size setting does: pages that follow it re-layout at once. */
export function setFontScale(scale: number): void {
  localStorage.setItem(KEYS.fontScale, String(scale));
  applyRootFont();
}
