// Who the preview is (the caller's OPENID) and when (the dev clock), shared with the side panel
// through localStorage; the frame's own Date follows the dev clock too.

export const KEYS = { openid: 'yue.preview.openid', offset: 'yue.preview.clockOffsetMs' } as const;
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
