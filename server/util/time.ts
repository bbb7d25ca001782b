// Calendar days are Asia/Shanghai (UTC+8, no daylight saving).
const OFFSET_MS = 8 * 3600 * 1000;

/** 'YYYY-MM-DD' of the Shanghai calendar day containing `d`. */
export function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYYMMDD' form of shanghaiDay, for deterministic ids. */
export function dayId(d: Date): string {
  return shanghaiDay(d).replace(/-/g, '');
}

/** The Shanghai day before `day` ('YYYY-MM-DD'). */
export function previousDay(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`) - 24 * 3600 * 1000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Start of a Shanghai day ('YYYY-MM-DD') as an instant. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`));
}

/** ISO-8601 with +08:00 offset. */
export function toIso(d: Date): string {
  const local = new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 23);
  return `${local}+08:00`;
}

/** Shanghai weekday (0 = Sunday) and 'HH:MM' of an instant. */
export function shanghaiClock(d: Date): { weekday: number; hhmm: string } {
  const local = new Date(d.getTime() + OFFSET_MS);
  return { weekday: local.getUTCDay(), hhmm: local.toISOString().slice(11, 16) };
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 24 * 3600 * 1000);
}

/** A stored date as a Date (the SDK hands back Date objects; JSON-restored values are strings). */
export function asDate(v: unknown): Date {
  return v instanceof Date ? v : new Date(v as string);
}
