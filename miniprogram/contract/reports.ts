import { z } from 'zod';
import { cardNo, query } from './common';

// Reports (admin): figures of a period of Shanghai calendar days. Counting rules: docs/DATA.md "Reports".
const n = z.number().int();
const kindFigures = z.object({ held: n, signups: n, attended: n });
/** The period's top events by attendance (TOP_EVENTS at most). */
export const TOP_EVENTS = 5;
const topEvent = z.object({ eventId: z.string(), title: z.string(), kind: z.string(), day: z.string(), capacity: n, signups: n, attended: n });
const prizeFigures = z.object({ prizeId: z.string(), name: z.string(), redeemed: n, collected: n });
export const figuresSchema = z.object({
  points: z.object({
    issued: z.object({ bind_bonus: n, checkin: n, event: n, volunteer: n, recommend: n, donation: n }),
    issuedTotal: n, spent: n, transferred: n, outstanding: n, expiredInRedemptions: n,
  }),
  patrons: z.object({ newlyBound: n, activeCards: n, checkinCards: n, checkins: n, familyMembers: n }),
  events: z.object({
    held: n, signups: n, attended: n, noShows: n,
    byKind: z.object({ reader: kindFigures, volunteer: kindFigures }),
    /** Seats of the events held; capacityFilled = signups / capacity, attendanceRate = attended / signups, in whole percent. */
    capacity: n, attendanceRate: n, capacityFilled: n,
    top: z.array(topEvent),
  }),
  volunteers: z.object({ registered: n, approved: n, sessions: n, hours: n }),
  books: z.object({ recommended: n, adopted: n, purchased: n, donationsPledged: n, copiesAccepted: n, copiesDeclined: n, donors: n, distinctIsbns: n }),
  prizes: z.object({ redeemed: n, collected: n, pending: n, expired: n, byPrize: z.array(prizeFigures) }),
});
export type Figures = z.output<typeof figuresSchema>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const calendarDay = z.string().regex(DAY, '日期格式为 YYYY-MM-DD')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, '日期不存在');
/** At most this many days in one report (a leap year). */
export const MAX_REPORT_DAYS = 366;
export const periodInput = z.object({ from: calendarDay, to: calendarDay }).refine((p) => p.from <= p.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((p) => (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 < MAX_REPORT_DAYS, { message: `一次最多统计 ${MAX_REPORT_DAYS} 天`, path: ['to'] });
const period = z.object({ from: z.string(), to: z.string() });
export const seriesPoint = z.object({ date: z.string(), issued: n, spent: n, checkins: n, attended: n });

export const reports = {
  /** The period's figures beside the period of the same length just before, and a trend (by day up to 62 days, else by month). */
  report: query(periodInput, z.object({ period, previous: period, current: figuresSchema, before: figuresSchema, series: z.array(seriesPoint) }), 'admin'),
  /** An .xlsx of the report in cloud storage and a temporary download URL. */
  exportReport: query(periodInput, z.object({ fileID: z.string(), url: z.string(), expiresAt: z.string() }), 'admin'),
  /** Desk: a card's whole ledger, newest first, 20 per page; each search is logged. */
  cardHistory: query(z.object({ cardNo, cursor: z.string().max(200).optional() }), z.object({
    reader: z.object({ cardNo: z.string(), name: z.string(), phone: z.string() }),
    balance: n,
    entries: z.array(z.object({ delta: n, reason: z.string(), reasonText: z.string(), refId: z.string().nullable(), rulesVersion: n, createdAt: z.string() })),
    cursor: z.string().nullable(),
  }), 'staff'),
};
