import { rulesSchema, type Rules } from '../../miniprogram/contract/points';
import type { Ctx } from '../runtime/context';
import { getOrNull } from '../runtime/db';
import { fail } from '../runtime/fail';
import { transact } from '../runtime/tx';
import { maskOpenid } from '../../miniprogram/utils/mask';
import { toIso } from '../util/time';

// The product's default rules; an admin changes them with admin.setRules (no deploy).
export const DEFAULT_RULES: Rules = {
  version: 1,
  firstBindBonus: 50,
  maxCardsPerUser: 6,
  maxMembersPerUser: 10,
  checkinPoints: 2,
  streakEvery: 7,
  streakBonus: 5,
  recommendAdoptedPoints: 5,
  recommendLimitPer30Days: 5,
  donationPointsPerBook: 10,
  donationPointsPerYear: 100,
  redemptionValidDays: 365,
  pickupWindows: [
    { weekdays: [6, 0], from: '08:30', to: '11:30' },
    { weekdays: [6, 0], from: '13:30', to: '17:00' },
  ],
  pickupPlace: '图书馆一楼总服务台',
  recommendWindowDays: 30,
  donationPlace: '图书馆一楼总服务台（图书捐赠处）',
  donationWindows: [
    { weekdays: [2, 3, 4, 5, 6, 0], from: '09:00', to: '17:00' },
  ],
  donationCopiesPerPledge: 20,
  donationCopiesPerDay: 30,
  isbnLookupsPerDay: 50,
  isbnMissCacheHours: 72,
  maxMembersPerSignup: 4,
  attendanceStepSeconds: 30,
  attendanceWindowMinutes: 30,
  noShowLimit: 3,
  noShowWindowDays: 90,
  noShowBlockDays: 30,
  feedbackPerDay: 5,
};

const RULES_DOC = 'current';
let cache: { rules: Rules; at: number } | null = null;

/** The rules in force; cached per instance for YUE_RULES_CACHE_MS. */
export async function loadRules(ctx: Ctx): Promise<Rules> {
  const ttl = ctx.config.rulesCacheMs;
  if (cache && ttl > 0 && Date.now() - cache.at < ttl) return cache.rules;
  const rules = rulesFrom(await getOrNull(ctx.db.collection('rules').doc(RULES_DOC)));
  cache = { rules, at: Date.now() };
  return rules;
}

/** The stored rules document as rules; defaults fill numbers added after it was stored (zod drops _id and the other bookkeeping fields). */
function rulesFrom(doc: Record<string, unknown> | null): Rules {
  const parsed = doc ? rulesSchema.safeParse({ ...DEFAULT_RULES, ...doc }) : null;
  return parsed?.success ? parsed.data : DEFAULT_RULES;
}

/**
 * Admin: merges a change into the rules and bumps the version (ledger entries name their version).
 * One transaction reads the rules in force and writes the next version and its history entry, so
 * two admins saving at once make two consecutive versions, never a lost update.
 */
export async function setRules(ctx: Ctx, change: Partial<Omit<Rules, 'version'>>): Promise<Rules> {
  const rules = await transact(ctx, async (tx) => {
    const doc = await getOrNull(tx.collection('rules').doc(RULES_DOC));
    const current = rulesFrom(doc);
    const next = rulesSchema.safeParse({ ...current, ...change, version: current.version + 1 });
    if (!next.success) fail('RULES_INVALID', next.error.issues[0]?.path.join('.'));
    const changes = (Object.keys(change) as (keyof Rules)[])
      .filter((k) => JSON.stringify(current[k]) !== JSON.stringify(next.data[k]))
      .map((k) => ({ key: k, from: current[k], to: next.data[k] }));
    await tx.collection('rules').doc(RULES_DOC).set({ data: { ...next.data, updatedAt: ctx.now, updatedBy: ctx.openid } });
    // History: explains old ledger entries and shows who changed what. A twin version collides.
    await tx.collection('rules').add({ data: { _id: `v${next.data.version}`, ...next.data, changes, changedAt: ctx.now, changedBy: ctx.openid } });
    return next.data;
  });
  cache = { rules, at: Date.now() };
  return rules;
}

/** Admin: the rules' versions, newest first, with who changed what and when. */
export async function rulesHistory(ctx: Ctx) {
  const res = await ctx.db.collection('rules').where({ changedAt: ctx.db.command.exists(true) }).orderBy('version', 'desc').limit(50).get();
  return {
    versions: res.data.map((d) => ({
      version: Number(d.version),
      changedBy: maskOpenid(String(d.changedBy ?? '')),
      changedAt: toIso(new Date(d.changedAt)),
      changes: ((d.changes ?? []) as { key: string; from: unknown; to: unknown }[]).map((c) => ({ key: c.key, from: JSON.stringify(c.from), to: JSON.stringify(c.to) })),
    })),
  };
}


/** Admin 积分规则 editor: the rules in force and their history, read in parallel. */
export async function rulesEditor(ctx: Ctx) {
  const [rules, history] = await Promise.all([loadRules(ctx), rulesHistory(ctx)]);
  return { rules, versions: history.versions };
}

/** Pickup time as Chinese text, from the rules. */
export function pickupText(rules: Rules): string {
  return windowsText(rules.pickupWindows);
}

/** Weekly opening windows as Chinese text: 周六、周日 08:30-11:30、13:30-17:00. */
export function windowsText(windows: Rules['pickupWindows']): string {
  const names = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
  const groups = new Map<string, string[]>();
  for (const w of windows) {
    const days = [...w.weekdays].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)).map((d) => names[d]).join('、');
    groups.set(days, [...(groups.get(days) ?? []), `${w.from}-${w.to}`]);
  }
  return [...groups.entries()].map(([days, spans]) => `${days} ${spans.join('、')}`).join('；');
}
