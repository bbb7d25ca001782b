// Reads a librarian's file (.xlsx, or .csv/.txt in UTF-8 or GBK/GB18030) into rows of text cells,
// each with its line number in the file. Parsing is left to exceljs, csv-parse and iconv-lite.
import chardet from 'chardet';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fs from 'fs';
import iconv from 'iconv-lite';
import path from 'path';

export interface TableRow { line: number; cells: TableCell[] }
/** A cell as text, plus what Excel did to it where that matters for cleaning. */
export interface TableCell { text: string; lostDigits?: boolean }
export interface Table { format: 'xlsx' | 'csv'; encoding: string; encodingSource: 'detected' | 'given' | 'xlsx'; rows: TableRow[] }

/** Encodings a Chinese library's exports come in; anything else is named by --encoding. */
const CHINESE = ['GB18030', 'GBK', 'GB2312', 'Big5'];

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM); otherwise what chardet says, GB18030 by default. */
export function detectEncoding(buf: Buffer): string {
  if (buf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return 'UTF-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return 'UTF-8';
  } catch {
    const guess = chardet.analyse(buf).find((m) => CHINESE.includes(m.name.toUpperCase()) || m.name.toUpperCase().startsWith('UTF-16'));
    return guess ? guess.name : 'GB18030';
  }
}

function readCsv(buf: Buffer, given?: string): Table {
  const encoding = given ?? detectEncoding(buf);
  if (!iconv.encodingExists(encoding)) throw new Error(`不支持的编码：${encoding}`);
  const text = iconv.decode(buf, encoding); // strips a BOM
  const records = parse(text, {
    bom: true, info: true, relax_column_count: true, skip_empty_lines: false, trim: false,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const rows = records
    .map(({ record, info }) => ({ line: info.lines, cells: record.map((t) => ({ text: t })) }))
    .filter((r) => r.cells.some((c) => c.text.trim() !== ''));
  return { format: 'csv', encoding, encodingSource: given ? 'given' : 'detected', rows };
}

function cellText(cell: ExcelJS.Cell): TableCell {
  const v = cell.value;
  if (v === null || v === undefined) return { text: '' };
  // A long number typed into a general cell: Excel keeps 15 significant digits only.
  if (typeof v === 'number') return { text: cell.text, lostDigits: !Number.isSafeInteger(v) || Math.abs(v) >= 1e15 };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10) };
  return { text: cell.text ?? String(v) };
}

async function readXlsx(file: string): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return { format: 'xlsx', encoding: 'UTF-8', encodingSource: 'xlsx', rows: [] };
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: TableCell[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      // A merged title row repeats its text in every merged cell: keep it once.
      cells.push(cell.isMerged && cell.master !== cell ? { text: '' } : cellText(cell));
    }
    if (cells.some((c) => c.text.trim() !== '')) rows.push({ line, cells });
  });
  return { format: 'xlsx', encoding: 'UTF-8', encodingSource: 'xlsx', rows };
}

export async function readTable(file: string, opts: { encoding?: string } = {}): Promise<Table> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsx(file);
  if (ext === '.xls') throw new Error('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv');
  return readCsv(fs.readFileSync(file), opts.encoding);
}
