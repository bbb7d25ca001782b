// Values as librarians' files carry them → what the import actions expect. Reasons are Chinese:
// they go to the report the desk reads.
import { halfWidth } from './columns';
import type { TableCell } from './table';

export type Cleaned = { ok: true; value: string } | { ok: false; reason: string };

const SCIENTIFIC = /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i;

const STATUS_WORDS: Record<string, 'active' | 'inactive'> = {
  active: 'active', '1': 'active', 正常: 'active', 有效: 'active', 启用: 'active', 在用: 'active', 可用: 'active',
  inactive: 'inactive', '0': 'inactive', 停用: 'inactive', 注销: 'inactive', 挂失: 'inactive', 冻结: 'inactive',
  失效: 'inactive', 过期: 'inactive', 暂停: 'inactive', 无效: 'inactive',
};

/** Excel shows a long number as 1.10105E+17 and keeps 15 digits: the rest cannot be recovered. */
function lostDigits(label: string, cell: TableCell, text: string): Cleaned | null {
  if (cell.lostDigits || SCIENTIFIC.test(text)) {
    return { ok: false, reason: `${label}被 Excel 存成了数字（${text}），末几位已丢失：请把该列设为“文本”后重新导出` };
  }
  return null;
}

const CLEANERS: Record<string, (cell: TableCell, label: string) => Cleaned> = {
  cardNo: (cell, label) => {
    const text = halfWidth(cell.text).replace(/\s+/g, '');
    return lostDigits(label, cell, text) ?? { ok: true, value: text };
  },
  name: (cell) => ({ ok: true, value: halfWidth(cell.text).replace(/\s+/g, ' ') }),
  idNumber: (cell, label) => {
    const text = halfWidth(cell.text).replace(/\s+/g, '');
    return lostDigits(label, cell, text) ?? { ok: true, value: text.toUpperCase() };
  },
  phone: (cell, label) => {
    const text = halfWidth(cell.text).replace(/[\s\-()]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
    return lostDigits(label, cell, text) ?? { ok: true, value: text };
  },
  status: (cell) => {
    const text = halfWidth(cell.text);
    if (!text) return { ok: true, value: '' };
    const status = STATUS_WORDS[text.toLowerCase()];
    return status ? { ok: true, value: status } : { ok: false, reason: `无法识别的状态“${text}”（可用：正常、有效、停用、注销、挂失）` };
  },
  isbn: (cell, label) => {
    const text = halfWidth(cell.text);
    return lostDigits(label, cell, text.replace(/\s+/g, '')) ?? { ok: true, value: text };
  },
};

/** Cleans one field; an empty optional value comes back as ''. */
export function cleanValue(field: string, label: string, cell: TableCell | undefined): Cleaned {
  return CLEANERS[field](cell ?? { text: '' }, label);
}
