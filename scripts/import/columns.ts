// Which column holds which field: one alias table (English and the usual Chinese headers), and
// the search for the header row below title rows and blank lines.
import type { TableRow } from './table';

export type ImportKind = 'readers' | 'holdings';
export interface FieldSpec { field: string; label: string; required: boolean; aliases: string[] }

export const FIELDS: Record<ImportKind, FieldSpec[]> = {
  readers: [
    { field: 'cardNo', label: '读者证号', required: true, aliases: ['cardno', 'card', 'cardnumber', '读者证号', '读者证', '证号', '借书证号', '借阅证号', '卡号', '读者卡号', '读者条码', '条码号'] },
    { field: 'name', label: '姓名', required: true, aliases: ['name', '姓名', '读者姓名', '名字'] },
    { field: 'idNumber', label: '身份证号', required: true, aliases: ['idnumber', 'idno', 'idcard', '身份证号', '身份证号码', '身份证', '证件号', '证件号码'] },
    { field: 'phone', label: '手机号', required: true, aliases: ['phone', 'mobile', 'tel', 'telephone', '手机号', '手机号码', '手机', '联系电话', '电话', '联系方式'] },
    { field: 'status', label: '状态', required: false, aliases: ['status', '状态', '读者状态', '证状态', '证件状态'] },
  ],
  holdings: [
    { field: 'isbn', label: 'ISBN', required: true, aliases: ['isbn', 'isbn13', 'isbn10', '国际标准书号', '书号', 'isbn号', '标准书号'] },
  ],
};

/** Full-width letters, digits and spaces to ASCII (NFKC), then trimmed. */
export function halfWidth(s: string): string {
  return s.normalize('NFKC').trim();
}

/** '手机号（必填）', ' Card No ', 'ＩＳＢＮ' → comparable keys. */
export function headerKey(s: string): string {
  return halfWidth(s).toLowerCase().replace(/\(.*?\)|\[.*?\]|[\s*:_\-.#]/g, '');
}

export interface HeaderMatch {
  /** Index of the header row in the table's rows, or -1 when the file has none (one ISBN a line). */
  headerIndex: number;
  columns: Record<string, number>;
  unknown: string[];
}

const SEARCH_ROWS = 20;

/**
 * The header row is the first of the top rows that names at least two known fields (one for a
 * single-field kind). A holdings file without any header is one ISBN a line.
 */
export function findHeader(kind: ImportKind, rows: TableRow[]): HeaderMatch {
  const specs = FIELDS[kind];
  const byKey = new Map(specs.flatMap((s) => s.aliases.map((a) => [headerKey(a), s.field] as const)));
  const need = Math.min(2, specs.length);
  for (let i = 0; i < Math.min(rows.length, SEARCH_ROWS); i++) {
    const columns: Record<string, number> = {};
    const unknown: string[] = [];
    rows[i].cells.forEach((cell, col) => {
      const field = byKey.get(headerKey(cell.text));
      if (field && columns[field] === undefined) columns[field] = col;
      else if (cell.text.trim()) unknown.push(halfWidth(cell.text));
    });
    if (Object.keys(columns).length >= need) {
      const missing = specs.filter((s) => s.required && columns[s.field] === undefined);
      if (missing.length) throw new ImportError(`缺少必需的列：${missing.map(describe).join('；')}`);
      return { headerIndex: i, columns, unknown };
    }
  }
  if (kind === 'holdings') return { headerIndex: -1, columns: { isbn: 0 }, unknown: [] };
  throw new ImportError(`找不到表头：前 ${SEARCH_ROWS} 行里没有一行包含 ${specs.filter((s) => s.required).map((s) => s.label).join('、')} 等列名`);
}

function describe(s: FieldSpec): string {
  return `${s.label}（可用列名：${s.aliases.filter((a) => /[\u4e00-\u9fa5]/.test(a)).slice(0, 4).join('、')}、${s.aliases[0]}）`;
}

/** An import that cannot start (nothing written). */
export class ImportError extends Error {}
