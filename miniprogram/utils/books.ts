// The books pages' shared bits: scanning an ISBN barcode and the statuses as the patron reads them.
import type { Contract, OutputOf } from '../contract';
import { toast } from './page';
import { groupCode } from './redemption';
import { scanText } from './scan';
import { formatDate, formatDateTime } from './time';

/** A book's barcode: EAN-13 in the ISBN ranges (978/979); anything else is not a book. */
const BOOK_EAN = /^97[89]\d{10}$/;

const NOT_A_BOOK = '请扫描图书背面以 978 或 979 开头的条码';

/**
 * Opens the camera for a barcode; the ISBN-13 it read, or null (cancelled, or not a book's
 * barcode: then a hint). The check digit and ranges are checked by the cloud (ISBN_INVALID).
 */
export async function scanIsbn(): Promise<string | null> {
  const result = await scanText(['barCode']);
  if (result === null) return null;
  const isbn = result.replace(/[\s-]/g, '');
  if (BOOK_EAN.test(isbn)) return isbn;
  toast(NOT_A_BOOK);
  return null;
}

/** What a patron typed: spaces and hyphens dropped ('' when nothing was typed). */
export function typedIsbn(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export const RECOMMENDATION_STATUS: Record<string, { text: string; tag: string }> = {
  pending: { text: '待审核', tag: 'warning' },
  adopted: { text: '已采纳', tag: 'primary' },
  rejected: { text: '未采纳', tag: 'default' },
  ordered: { text: '已采购', tag: 'primary' },
  available: { text: '可借阅', tag: 'success' },
};

const DONATION_STATUS: Record<string, { text: string; tag: string }> = {
  pledged: { text: '待送达', tag: 'warning' },
  confirmed: { text: '已确认', tag: 'success' },
};

/** Status text and tag type; an unknown status reads as the first one. */
export function statusOf(table: Record<string, { text: string; tag: string }>, status: string) {
  return table[status] ?? Object.values(table)[0];
}

/** ABCDEFGHJK → ABCDE-FGHJK. */
function donationCodeText(code: string): string {
  return groupCode(code, 5);
}

type Mine = OutputOf<Contract['books']['mine']>;
type DonationData = Mine['donations'][number];
type RecommendationData = Mine['recommendations'][number];

export interface DonationRow {
  donationId: string;
  code: string;
  codeText: string;
  status: string;
  statusText: string;
  tagType: string;
  createdAt: string;
  confirmedAt: string;
  books: { isbn13: string; title: string; copies: number }[];
  totalCopies: number;
  accepted: { isbn13: string; title: string; copies: number }[];
  declined: { isbn13: string; title: string; copies: number; reason: string }[];
  /** 获得 20 积分 (after confirmation). */
  pointsText: string;
  /** What the yearly cap kept back ('' when nothing). */
  withheldText: string;
}

/** A donation as the patron's pages (我的捐赠, the donation code) show it. */
export function donationRow(d: DonationData): DonationRow {
  const s = statusOf(DONATION_STATUS, d.status);
  const confirmed = d.status === 'confirmed';
  return {
    donationId: d.donationId,
    code: d.code,
    codeText: donationCodeText(d.code),
    status: d.status,
    statusText: s.text,
    tagType: s.tag,
    createdAt: formatDateTime(d.createdAt),
    confirmedAt: d.confirmedAt ? formatDateTime(d.confirmedAt) : '',
    books: d.books,
    totalCopies: d.totalCopies,
    accepted: d.accepted,
    declined: d.declined,
    pointsText: confirmed ? `获得 ${d.pointsAwarded} 积分` : '',
    withheldText: confirmed && d.withheld > 0 ? withheldText(d.withheld) : '',
  };
}

/** The yearly cap's effect, in the words the desk and the patron both read. */
export function withheldText(withheld: number): string {
  return `已达本年度捐赠积分上限，${withheld} 积分未发放`;
}

export interface RecommendationRow {
  recommendationId: string;
  isbn13: string;
  title: string;
  author: string;
  status: string;
  statusText: string;
  tagType: string;
  createdAt: string;
  /** The latest change, e.g. 2025-02-01 已采纳 ('' while pending). */
  changedText: string;
  rejectReason: string;
  pointsText: string;
}

export function recommendationRow(r: RecommendationData): RecommendationRow {
  const s = statusOf(RECOMMENDATION_STATUS, r.status);
  const last = r.history.length ? r.history[r.history.length - 1] : null;
  return {
    recommendationId: r.recommendationId,
    isbn13: r.isbn13,
    title: r.title,
    author: r.author,
    status: r.status,
    statusText: s.text,
    tagType: s.tag,
    createdAt: formatDate(r.createdAt),
    changedText: last && r.status !== 'pending' ? `${formatDate(last.at)} ${statusOf(RECOMMENDATION_STATUS, last.status).text}` : '',
    rejectReason: r.status === 'rejected' ? r.rejectReason ?? '' : '',
    pointsText: r.pointsAwarded > 0 ? `获得 ${r.pointsAwarded} 积分` : '',
  };
}
