// Dates as the library sees them: Asia/Shanghai (UTC+8, no DST), whatever the phone's zone.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/** Minutes east of UTC for Asia/Shanghai; a fixed offset needs no Intl time-zone data. */
const SHANGHAI_OFFSET = 8 * 60;

export type DateInput = string | number | Date;

/** The instant in Asia/Shanghai wall-clock time. */
export function shanghai(at: DateInput = Date.now()): dayjs.Dayjs {
  return dayjs(at).utcOffset(SHANGHAI_OFFSET);
}

/** 2025-01-31 */
export function formatDate(at: DateInput): string {
  return shanghai(at).format('YYYY-MM-DD');
}

/** 2025-01-31 08:05 */
export function formatDateTime(at: DateInput): string {
  return shanghai(at).format('YYYY-MM-DD HH:mm');
}

/** 1月31日 08:05 — short form for lists. */
export function formatShort(at: DateInput): string {
  return shanghai(at).format('M月D日 HH:mm');
}
