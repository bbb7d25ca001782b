// One import path for the reader directory and the holdings list:
//   file → table (xlsx/csv, encoding) → header row and columns → cleaned rows → the admin action
//   in batches (dry run or real) → summary on the terminal, report file, import record.
import { SingleBar } from 'cli-progress';
import fs from 'fs';
import path from 'path';
import { FIELDS, findHeader, ImportError, type ImportKind } from './columns';
import { readTable } from './table';
import { cleanValue } from './values';

/** What one batch of rows answers, whichever the kind (row numbers are 1-based in the batch). */
export interface BatchResult {
  changes: { row: number; key: string; change: 'created' | 'updated' }[];
  unchanged: number;
  conflicts: { row: number; key: string | null; reason: string }[];
  rejected: { row: number; key: string | null; reason: string }[];
}

/** Where rows go: the admin action on a local cloud, or the domain code against a cloud environment. */
export type Sink = (kind: ImportKind, rows: Record<string, string>[], dryRun: boolean) => Promise<BatchResult>;

export type Outcome = 'created' | 'updated' | 'unchanged' | 'conflict' | 'rejected';
export interface LineNote { line: number; key: string | null; outcome: Outcome; reason: string }

export interface ImportReport {
  kind: ImportKind;
  file: string;
  format: string;
  encoding: string;
  encodingSource: string;
  dryRun: boolean;
  unknownColumns: string[];
  rows: number;
  counts: Record<Outcome, number>;
  /** Rejected and conflicting lines, in file order (the report file lists them). */
  notes: LineNote[];
  /** Created and updated lines (what a dry run would write). */
  changes: LineNote[];
  reportPath: string | null;
}

export interface ImportOptions {
  dryRun?: boolean;
  encoding?: string;
  sink: Sink;
  /** Called after the whole file, real runs only: keeps the summary for the reader directory page. */
  record?: (summary: RecordSummary) => Promise<void>;
  /** Progress bar on the terminal (only when it is one). */
  progress?: boolean;
  batchSize?: number;
}

export interface RecordSummary {
  kind: ImportKind; source: string; rows: number; created: number; updated: number; unchanged: number;
  conflicts: number; rejected: number; reasons: { reason: string; count: number }[];
}

/** The admin actions take at most 500 rows a call. */
const BATCH = 500;

/** Reads, cleans and imports one file. Throws ImportError (nothing written) when it cannot start. */
export async function runImport(kind: ImportKind, file: string, opts: ImportOptions): Promise<ImportReport> {
  const table = await readTable(file, { encoding: opts.encoding });
  const header = findHeader(kind, table.rows);
  const specs = FIELDS[kind].filter((s) => header.columns[s.field] !== undefined);
  const dataRows = table.rows.slice(header.headerIndex + 1);
  const keyField = specs[0].field;

  const notes: LineNote[] = [];
  const changes: LineNote[] = [];
  const counts: Record<Outcome, number> = { created: 0, updated: 0, unchanged: 0, conflict: 0, rejected: 0 };
  const clean: { line: number; row: Record<string, string> }[] = [];
  for (const { line, cells } of dataRows) {
    const row: Record<string, string> = {};
    let reason: string | null = null;
    for (const spec of specs) {
      const res = cleanValue(spec.field, spec.label, cells[header.columns[spec.field]]);
      if (!res.ok) { reason = res.reason; break; }
      if (res.value !== '') row[spec.field] = res.value;
    }
    if (reason) {
      notes.push({ line, key: row[keyField] ?? cells[header.columns[keyField]]?.text ?? null, outcome: 'rejected', reason });
      counts.rejected += 1;
    } else clean.push({ line, row });
  }

  const size = opts.batchSize ?? BATCH;
  const bar = opts.progress && process.stderr.isTTY ? new SingleBar({ format: '导入中 [{bar}] {value}/{total} 行 {percentage}%', stream: process.stderr }) : null;
  bar?.start(clean.length, 0);
  for (let i = 0; i < clean.length; i += size) {
    const batch = clean.slice(i, i + size);
    const res = await opts.sink(kind, batch.map((b) => b.row), !!opts.dryRun);
    const lineOf = (row: number) => batch[row - 1].line;
    for (const c of res.changes) {
      changes.push({ line: lineOf(c.row), key: c.key, outcome: c.change, reason: '' });
      counts[c.change] += 1;
    }
    counts.unchanged += res.unchanged;
    for (const c of res.conflicts) {
      notes.push({ line: lineOf(c.row), key: c.key, outcome: 'conflict', reason: c.reason });
      counts.conflict += 1;
    }
    for (const r of res.rejected) {
      notes.push({ line: lineOf(r.row), key: r.key, outcome: 'rejected', reason: r.reason });
      counts.rejected += 1;
    }
    bar?.update(Math.min(clean.length, i + size));
  }
  bar?.stop();
  notes.sort((a, b) => a.line - b.line);
  changes.sort((a, b) => a.line - b.line);

  const report: ImportReport = {
    kind, file, format: table.format, encoding: table.encoding, encodingSource: table.encodingSource,
    dryRun: !!opts.dryRun, unknownColumns: header.unknown, rows: dataRows.length, counts, notes, changes, reportPath: null,
  };
  if (!opts.dryRun) {
    report.reportPath = writeReportFile(report);
    await opts.record?.(recordSummary(report));
  }
  return report;
}

function recordSummary(r: ImportReport): RecordSummary {
  const reasons = new Map<string, number>();
  for (const n of r.notes) if (n.outcome === 'rejected') reasons.set(n.reason, (reasons.get(n.reason) ?? 0) + 1);
  return {
    kind: r.kind, source: path.basename(r.file), rows: r.rows,
    created: r.counts.created, updated: r.counts.updated, unchanged: r.counts.unchanged,
    conflicts: r.counts.conflict, rejected: r.counts.rejected,
    reasons: [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([reason, count]) => ({ reason: reason.slice(0, 200), count })),
  };
}

const OUTCOME_TEXT: Record<Outcome, string> = { created: '新增', updated: '更新', unchanged: '未变', conflict: '冲突', rejected: '拒绝' };

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** `<file>.report.csv` beside the input: every rejected and conflicting line (UTF-8 with BOM, so Excel reads it). */
function writeReportFile(r: ImportReport): string {
  const out = `${r.file}.report.csv`;
  const lines = [['行号', r.kind === 'readers' ? '读者证号' : 'ISBN', '结果', '原因'].join(',')];
  for (const n of r.notes) lines.push([String(n.line), n.key ?? '', OUTCOME_TEXT[n.outcome], n.reason].map(csvField).join(','));
  fs.writeFileSync(out, `\uFEFF${lines.join('\r\n')}\r\n`);
  return out;
}

const SHOWN = 50;

/** The terminal summary (Chinese: the person running it is a librarian). */
export function formatReport(r: ImportReport): string {
  const c = r.counts;
  const out: string[] = [];
  out.push(`文件：${r.file}（${r.format.toUpperCase()}，编码 ${r.encoding}${r.encodingSource === 'detected' ? '，自动识别' : r.encodingSource === 'given' ? '，按 --encoding 指定' : ''}）`);
  if (r.unknownColumns.length) out.push(`未识别的列（已忽略）：${r.unknownColumns.join('、')}`);
  out.push(`${r.dryRun ? '试运行（不写入任何数据）' : '导入完成'}：共 ${r.rows} 行，新增 ${c.created}，更新 ${c.updated}，未变 ${c.unchanged}，冲突 ${c.conflict}，拒绝 ${c.rejected}`);
  if (!r.dryRun && c.created + c.updated === 0) out.push('没有任何变化（与上次导入相同）');
  const list = (title: string, items: LineNote[]) => {
    if (!items.length) return;
    out.push(`${title}：`);
    for (const n of items.slice(0, SHOWN)) out.push(`  第 ${n.line} 行${n.key ? `（${n.key}）` : ''}${n.reason ? `：${n.reason}` : ''}`);
    if (items.length > SHOWN) out.push(`  …另有 ${items.length - SHOWN} 行${r.reportPath ? '，见报告文件' : ''}`);
  };
  if (r.dryRun) {
    list('将新增', r.changes.filter((n) => n.outcome === 'created'));
    list('将更新', r.changes.filter((n) => n.outcome === 'updated'));
  }
  list('冲突', r.notes.filter((n) => n.outcome === 'conflict'));
  list('拒绝', r.notes.filter((n) => n.outcome === 'rejected'));
  if (r.reportPath) out.push(`报告：${r.reportPath}`);
  return out.join('\n');
}

export { ImportError };
