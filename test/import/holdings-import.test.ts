// Holdings imports: one ISBN a line, or an ISBN column in a sheet, through admin.importHoldings.
import ExcelJS from 'exceljs';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { localCloudSink } from '../../scripts/import/cli';
import { formatReport, runImport } from '../../scripts/import/run';
import { randomIsbn, withWrongCheckDigit } from '../books/helpers';
import { ADMIN, storedDocs } from '../support/cloud';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-holdings-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const target = () => localCloudSink(process.env.YUE_TEST_URL!, ADMIN);

async function held(isbns: string[]): Promise<string[]> {
  return (await storedDocs('holdings')).map((d) => String(d._id)).filter((id) => isbns.includes(id)).sort();
}

test('a plain list, one ISBN a line with hyphens and full-width digits; bad lines reported; a re-run changes nothing', async () => {
  const [a, b, c] = [randomIsbn(), randomIsbn(), randomIsbn()];
  const fullWidth = b.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  const file = path.join(dir, 'holdings.txt');
  fs.writeFileSync(file, `${a.slice(0, 3)}-${a.slice(3, 4)}-${a.slice(4)}\n${fullWidth}\n\n${withWrongCheckDigit(c)}\n${a}\n`);

  const dry = await runImport('holdings', file, { ...target(), dryRun: true });
  expect(dry.counts).toEqual({ created: 2, updated: 0, unchanged: 1, conflict: 0, rejected: 1 });
  expect(await held([a, b])).toEqual([]);

  const real = await runImport('holdings', file, target());
  expect(real.counts).toMatchObject({ created: 2, unchanged: 1, rejected: 1 });
  expect(real.notes).toEqual([expect.objectContaining({ line: 4, outcome: 'rejected' })]);
  expect(await held([a, b])).toEqual([a, b].sort());
  expect(fs.readFileSync(`${file}.report.csv`, 'utf8')).toContain('4,');

  const again = await runImport('holdings', file, target());
  expect(again.counts).toMatchObject({ created: 0, unchanged: 3, rejected: 1 });
  expect(formatReport(again)).toContain('没有任何变化');
});

test('a sheet with an ISBN column among others', async () => {
  const [a, b] = [randomIsbn(), randomIsbn()];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('馆藏');
  ws.addRow(['题名', '责任者', 'ＩＳＢＮ']);
  ws.addRow(['书一', '作者一', a]);
  ws.addRow(['书二', '作者二', b]);
  const file = path.join(dir, 'holdings.xlsx');
  await wb.xlsx.writeFile(file);
  const report = await runImport('holdings', file, target());
  expect(report.unknownColumns).toEqual(['题名', '责任者']);
  expect(report.counts).toMatchObject({ created: 2, rejected: 0 });
  expect(await held([a, b])).toEqual([a, b].sort());
});
