// The 数据报表 page's periods, as Shanghai calendar days 'YYYY-MM-DD'.
import { shanghai, type DateInput } from './time';

export type PresetKey = 'month' | 'lastMonth' | 'quarter' | 'year' | 'lastYear';
export const PRESETS: { key: PresetKey | 'custom'; label: string }[] = [
  { key: 'month', label: '本月' }, { key: 'lastMonth', label: '上月' }, { key: 'quarter', label: '本季度' },
  { key: 'year', label: '本年' }, { key: 'lastYear', label: '上年' }, { key: 'custom', label: '自定义' },
];

/** from–to of a preset, for the Shanghai day containing `now`. */
export function presetPeriod(key: PresetKey, now: DateInput = Date.now()): { from: string; to: string } {
  const d = shanghai(now);
  const day = (x: ReturnType<typeof shanghai>) => x.format('YYYY-MM-DD');
  switch (key) {
    case 'month': return { from: day(d.startOf('month')), to: day(d.endOf('month')) };
    case 'lastMonth': {
      const m = d.startOf('month').subtract(1, 'month');
      return { from: day(m), to: day(m.endOf('month')) };
    }
    case 'quarter': {
      const start = d.startOf('month').month(Math.floor(d.month() / 3) * 3);
      return { from: day(start), to: day(start.add(2, 'month').endOf('month')) };
    }
    case 'year': return { from: `${d.year()}-01-01`, to: `${d.year()}-12-31` };
    case 'lastYear': return { from: `${d.year() - 1}-01-01`, to: `${d.year() - 1}-12-31` };
  }
}

/** Inclusive number of days of a period. */
export function periodLength(p: { from: string; to: string }): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000) + 1;
}
