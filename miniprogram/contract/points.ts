import { z } from 'zod';
import { cardNo, command, isoTime, query, text, withCard } from './common';

/** Weekly opening hours: on these weekdays (0 = Sunday) from–to, Asia/Shanghai. */
const weeklyWindows = z.array(z.object({
  weekdays: z.array(z.number().int().min(0).max(6)),
  from: z.string().regex(/^\d\d:\d\d$/),
  to: z.string().regex(/^\d\d:\d\d$/),
}).refine((w) => w.from < w.to, { message: '结束时间须晚于开始时间', path: ['to'] }));

export const rulesSchema = z.object({
  version: z.number().int().min(1),
  firstBindBonus: z.number().int().min(0).max(10000),
  maxCardsPerUser: z.number().int().min(1).max(50),
  maxMembersPerUser: z.number().int().min(0).max(50),
  checkinPoints: z.number().int().min(0).max(1000),
  streakEvery: z.number().int().min(2).max(366),
  streakBonus: z.number().int().min(0).max(1000),
  recommendAdoptedPoints: z.number().int().min(0).max(1000),
  recommendLimitPer30Days: z.number().int().min(0).max(100),
  donationPointsPerBook: z.number().int().min(0).max(1000),
  donationPointsPerYear: z.number().int().min(0).max(100000),
  redemptionValidDays: z.number().int().min(1).max(3660),
  pickupWindows: weeklyWindows,
  pickupPlace: text(100, { min: 1 }),
  // Books
  /** recommendLimitPer30Days counts over this many days (a rolling window). */
  recommendWindowDays: z.number().int().min(1).max(366),
  /** Where and when patrons bring donated books. */
  donationPlace: text(100, { min: 1 }),
  donationWindows: weeklyWindows,
  /** Copies one pledge may name, and copies one card may pledge per day (Asia/Shanghai). */
  donationCopiesPerPledge: z.number().int().min(1).max(600),
  donationCopiesPerDay: z.number().int().min(1).max(10000),
  /** Lookups of the external ISBN metadata service one WeChat user may cause per day. */
  isbnLookupsPerDay: z.number().int().min(0).max(10000),
  /** An ISBN the service did not know is not asked again for this many hours. */
  isbnMissCacheHours: z.number().int().min(0).max(8760),
  // Events
  maxMembersPerSignup: z.number().int().min(0).max(20),
  attendanceStepSeconds: z.number().int().min(10).max(600),
  /** Check-in opens this long before the start and closes this long after the end. */
  attendanceWindowMinutes: z.number().int().min(0).max(720),
  /** This many no-shows within noShowWindowDays block sign-ups for noShowBlockDays; 0 turns it off. */
  noShowLimit: z.number().int().min(0).max(100),
  noShowWindowDays: z.number().int().min(1).max(3660),
  noShowBlockDays: z.number().int().min(0).max(3660),
  // Inbox
  /** Feedback a WeChat user may send per day (Asia/Shanghai). */
  feedbackPerDay: z.number().int().min(1).max(100),
});
export type Rules = z.infer<typeof rulesSchema>;

export const ledgerEntryView = z.object({
  entryId: z.string(),
  delta: z.number().int(),
  reason: z.string(),
  reasonText: z.string(),
  refId: z.string().nullable(),
  balanceAfter: z.number().int(),
  rulesVersion: z.number().int(),
  createdAt: z.string(),
});

export const points = {
  summary: query(withCard, z.object({
    cardNo: z.string().nullable(),
    balance: z.number().int(),
    checkedInToday: z.boolean(),
    streak: z.number().int(),
  })),
  /** 首页 in one call: the summary and the caller's staff roles (the staff entry). */
  home: query(z.object({}), z.object({
    cardNo: z.string().nullable(),
    balance: z.number().int(),
    checkedInToday: z.boolean(),
    streak: z.number().int(),
    roles: z.array(z.enum(['staff', 'admin'])),
  })),
  checkin: command(withCard, z.object({ awarded: z.number().int(), balance: z.number().int(), streak: z.number().int() })),
  calendar: query(
    withCard.extend({ month: z.string().regex(/^\d{4}-\d{2}$/).optional() }),
    z.object({ month: z.string(), days: z.array(z.number().int()), streak: z.number().int(), checkedInToday: z.boolean(), nextAward: z.number().int() }),
  ),
  ledger: query(
    withCard.extend({ from: isoTime.optional(), to: isoTime.optional(), cursor: z.string().max(200).optional(), pageSize: z.number().int().min(1).max(50).optional() }),
    z.object({ entries: z.array(ledgerEntryView), cursor: z.string().nullable() }),
  ),
  rules: query(z.object({}), z.object({ rules: rulesSchema })),
  transfer: command(
    z.object({ fromCardNo: cardNo, toCardNo: cardNo, amount: z.number().int().min(1).max(1_000_000) }),
    z.object({ fromBalance: z.number().int(), toBalance: z.number().int() }),
  ),
};

// Ledger reasons and how they read to a patron.
export const LEDGER_REASONS = {
  bind_bonus: '首次绑定读者证奖励',
  checkin: '每日签到',
  transfer_out: '积分转出',
  transfer_in: '积分转入',
  redeem: '兑换奖品',
  event: '参加读者活动',
  volunteer: '志愿服务',
  recommend: '图书推荐被采纳',
  donation: '图书捐赠',
  adjust: '人工调整',
} as const;
export type LedgerReason = keyof typeof LEDGER_REASONS;
