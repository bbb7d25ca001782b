// A redemption as the patron (我的兑换) and the desk (扫码核销) see it.
import { formatDate, formatDateTime } from './time';

export type RedemptionStatus = 'pending' | 'collected' | 'expired';

const STATUS_TEXT: Record<string, string> = { pending: '待领取', collected: '已领取', expired: '已过期' };

export interface RedemptionRow {
  code: string;
  codeText: string;
  prizeName: string;
  cost: number;
  status: string;
  statusText: string;
  tagType: string;
  redeemedAt: string;
  expiresOn: string;
  collectedAt: string;
}

export interface Redemption {
  code: string;
  prizeName: string;
  cost: number;
  status: string;
  createdAt: string;
  expiresAt: string;
  collectedAt: string | null;
}

/** ABCDEFGHJKM → ABCD-EFGH-JKM (groups of `size`), easier to read aloud at the desk. */
export function groupCode(code: string, size = 4): string {
  return code.replace(new RegExp(`(.{${size}})(?=.)`, 'g'), '$1-');
}

/** The shown fields of a redemption; `tags` gives the vant tag type of each status. */
export function redemptionRow(r: Redemption, tags: Record<RedemptionStatus, string>): RedemptionRow {
  const known = (STATUS_TEXT[r.status] ? r.status : 'pending') as RedemptionStatus;
  return {
    code: r.code,
    codeText: groupCode(r.code),
    prizeName: r.prizeName,
    cost: r.cost,
    status: r.status,
    statusText: STATUS_TEXT[known],
    tagType: tags[known],
    redeemedAt: formatDateTime(r.createdAt),
    expiresOn: formatDate(r.expiresAt),
    collectedAt: r.collectedAt ? formatDateTime(r.collectedAt) : '',
  };
}
