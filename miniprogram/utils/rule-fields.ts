// What each number of the rules document means to an admin: label and unit (the rules editor
// and its history). The numbers and their limits live in contract/points.ts (rulesSchema).
export interface RuleField { key: string; label: string; unit: string; group: string }

export const RULE_FIELDS: RuleField[] = [
  { key: 'firstBindBonus', label: '首次绑定奖励', unit: '积分', group: '绑定' },
  { key: 'maxCardsPerUser', label: '每个微信最多绑定', unit: '张', group: '绑定' },
  { key: 'maxMembersPerUser', label: '每个微信最多家庭成员', unit: '人', group: '绑定' },
  { key: 'checkinPoints', label: '每日签到', unit: '积分', group: '签到' },
  { key: 'streakEvery', label: '连续签到每满', unit: '天', group: '签到' },
  { key: 'streakBonus', label: '连续签到额外奖励', unit: '积分', group: '签到' },
  { key: 'maxMembersPerSignup', label: '每次报名最多同行成员', unit: '人', group: '活动' },
  { key: 'attendanceStepSeconds', label: '签到码刷新间隔', unit: '秒', group: '活动' },
  { key: 'attendanceWindowMinutes', label: '开始前/结束后可签到', unit: '分钟', group: '活动' },
  { key: 'noShowLimit', label: '缺席几次限制报名（0 关闭）', unit: '次', group: '活动' },
  { key: 'noShowWindowDays', label: '缺席统计周期', unit: '天', group: '活动' },
  { key: 'noShowBlockDays', label: '限制报名时长', unit: '天', group: '活动' },
  { key: 'recommendAdoptedPoints', label: '推荐被采纳', unit: '积分', group: '图书' },
  { key: 'recommendLimitPer30Days', label: '周期内最多推荐', unit: '次', group: '图书' },
  { key: 'recommendWindowDays', label: '推荐次数统计周期', unit: '天', group: '图书' },
  { key: 'donationPointsPerBook', label: '捐赠每册', unit: '积分', group: '图书' },
  { key: 'donationPointsPerYear', label: '每证每年捐赠积分上限', unit: '积分', group: '图书' },
  { key: 'donationCopiesPerPledge', label: '每次捐赠登记最多', unit: '册', group: '图书' },
  { key: 'donationCopiesPerDay', label: '每证每天捐赠登记最多', unit: '册', group: '图书' },
  { key: 'isbnLookupsPerDay', label: '每人每天查询外部书目', unit: '次', group: '图书' },
  { key: 'isbnMissCacheHours', label: '查不到的 ISBN 多久后再查', unit: '小时', group: '图书' },
  { key: 'redemptionValidDays', label: '兑换后须在几天内领取', unit: '天', group: '兑换' },
  { key: 'feedbackPerDay', label: '每人每天意见反馈', unit: '条', group: '其他' },
];

export function ruleLabel(key: string): string {
  const f = RULE_FIELDS.find((r) => r.key === key);
  return f ? `${f.label}（${f.unit}）` : key;
}
