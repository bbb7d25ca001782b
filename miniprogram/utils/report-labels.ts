// Chinese labels of the report's figures, shared by the 数据报表 page and the Excel export.
export const REPORT_SECTIONS = [
  { key: 'points', title: '积分', rows: [
    ['issued.bind_bonus', '发放：首次绑定'], ['issued.checkin', '发放：每日签到（含连续签到奖励）'], ['issued.event', '发放：读者活动'],
    ['issued.volunteer', '发放：志愿服务'], ['issued.recommend', '发放：荐书被采纳'], ['issued.donation', '发放：图书捐赠'],
    ['issuedTotal', '发放合计'], ['spent', '兑换奖品消耗'], ['transferred', '读者证间转移（不计发放）'],
    ['outstanding', '期末未使用积分（负债）'], ['expiredInRedemptions', '过期未领兑换所含积分'],
  ] },
  { key: 'patrons', title: '读者', rows: [['newlyBound', '新绑定读者证'], ['activeCards', '活跃读者证'], ['checkinCards', '签到读者证'], ['checkins', '签到次数'], ['familyMembers', '新增家庭成员']] },
  { key: 'events', title: '活动', rows: [['held', '举办活动场次'], ['signups', '报名人次'], ['attended', '签到人次'], ['noShows', '未到人次'],
    ['attendanceRate', '到场率（%）'], ['capacity', '活动名额'], ['capacityFilled', '名额使用率（%）'],
    ['byKind.reader.held', '读者活动场次'], ['byKind.reader.signups', '读者活动报名人次'], ['byKind.reader.attended', '读者活动签到人次'],
    ['byKind.volunteer.held', '志愿活动场次'], ['byKind.volunteer.signups', '志愿活动报名人次'], ['byKind.volunteer.attended', '志愿活动到岗人次'],
  ] },
  { key: 'volunteers', title: '志愿者', rows: [['registered', '新申请志愿者'], ['approved', '审核通过'], ['sessions', '服务人次'], ['hours', '服务时长（小时）']] },
  { key: 'books', title: '图书', rows: [
    ['recommended', '荐书提交'], ['adopted', '荐书采纳'], ['purchased', '荐书已采购'], ['donationsPledged', '捐赠登记'],
    ['copiesAccepted', '捐赠入藏册数'], ['copiesDeclined', '捐赠未入藏册数'], ['donors', '捐赠读者'],
    ['distinctIsbns', '荐书涉及书目（不同 ISBN）'],
  ] },
  { key: 'prizes', title: '奖品', rows: [['redeemed', '兑换'], ['collected', '已领取'], ['pending', '期末待领取'], ['expired', '过期未领']] },
] as const;

/** The lists of the report: a table each (page section, Excel sheet), current period only. */
export const EVENT_KIND_TEXT: Record<string, string> = { reader: '读者活动', volunteer: '志愿活动' };
export const TOP_EVENTS_TITLE = '热门活动（按签到人次）';
export const TOP_EVENTS_HEAD = ['活动', '类型', '日期', '名额', '报名人次', '签到人次'] as const;
export const BY_PRIZE_TITLE = '各奖品兑换';
export const BY_PRIZE_HEAD = ['奖品', '兑换', '已领取'] as const;

/** Headline figures of the trend chart and the by-day sheet. */
export const SERIES_LABELS = { issued: '发放积分', spent: '消耗积分', checkins: '签到次数', attended: '活动签到人次' } as const;

/** A figure by its dotted path inside a section ('issued.checkin'). */
export function figureAt(section: Record<string, unknown>, path: string): number {
  let v: unknown = section;
  for (const k of path.split('.')) v = (v as Record<string, unknown>)?.[k];
  return Number(v ?? 0);
}

/** 'attendance rate' style change text: +12 / -3 / 持平. */
export function changeText(now: number, before: number): string {
  const d = now - before;
  if (d === 0) return '持平';
  const pct = before ? `（${d > 0 ? '+' : ''}${Math.round((d / before) * 100)}%）` : '';
  return `${d > 0 ? '+' : ''}${d}${pct}`;
}
