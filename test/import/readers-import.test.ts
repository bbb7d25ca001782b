// Reader imports from the files librarians really have, through the real admin actions.
import ExcelJS from 'exceljs';
import fs from 'fs';
import iconv from 'iconv-lite';
import os from 'os';
import path from 'path';
import { randomInt } from 'crypto';
import { localCloudSink } from '../../scripts/import/cli';
import { formatReport, ImportError, runImport } from '../../scripts/import/run';
import { cleanValue } from '../../scripts/import/values';
import { withCheckChar } from '../../server/util/idcard';
import { ADMIN, bindCard, latestSmsCode, ok, storedDocs, uid } from '../support/cloud';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function target() {
  return localCloudSink(process.env.YUE_TEST_URL!, ADMIN);
}

/** Fresh readers: unique card numbers and phones, valid ID numbers. */
function readers(n: number) {
  const prefix = `IM${randomInt(100_000, 999_999)}`;
  const phoneBase = randomInt(1000, 9999);
  return Array.from({ length: n }, (_, i) => ({
    cardNo: `${prefix}${i}`,
    name: ['张伟', '李娜', '王芳', '刘洋', '陈静'][i % 5],
    idNumber: withCheckChar(`3201021985${String(1 + (i % 12)).padStart(2, '0')}1${i % 10}${String(i).padStart(3, '0')}`.slice(0, 17)),
    phone: `158${phoneBase}${String(i).padStart(4, '0')}`,
  }));
}

async function stored(cardNos: string[]) {
  const all = await storedDocs('readers');
  return new Map(all.filter((r) => cardNos.includes(r.cardNo)).map((r) => [r.cardNo, r]));
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function reportLines(file: string): string[] {
  return fs.readFileSync(`${file}.report.csv`, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
}

test('an XLSX with a merged title row, Chinese headers, full-width digits and status words', async () => {
  const rs = readers(3);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('读者');
  ws.addRow(['2025年读者名单（馆内导出）']);
  ws.mergeCells('A1:F1');
  ws.addRow(['读者证号', '姓名', '身份证号码', ' 手机号（必填） ', '状态', '备注']);
  ws.addRow([rs[0].cardNo, rs[0].name, rs[0].idNumber.toLowerCase(), rs[0].phone.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), '正常', '']);
  ws.addRow([rs[1].cardNo, rs[1].name, rs[1].idNumber, `${rs[1].phone.slice(0, 3)} ${rs[1].phone.slice(3, 7)} ${rs[1].phone.slice(7)}`, '挂失', '']);
  // A long number typed into a general cell: Excel kept 15 digits.
  ws.addRow([rs[2].cardNo, rs[2].name, Number(rs[2].idNumber.slice(0, 17)) * 10, rs[2].phone, '有效', '']);
  const file = path.join(dir, 'readers.xlsx');
  await wb.xlsx.writeFile(file);

  const report = await runImport('readers', file, target());
  expect(report.format).toBe('xlsx');
  expect(report.unknownColumns).toEqual(['备注']);
  expect(report.counts).toEqual({ created: 2, updated: 0, unchanged: 0, conflict: 0, rejected: 1 });
  expect(report.notes).toEqual([expect.objectContaining({ line: 5, key: rs[2].cardNo, outcome: 'rejected', reason: expect.stringContaining('末几位已丢失') })]);
  const got = await stored(rs.map((r) => r.cardNo));
  expect(got.get(rs[0].cardNo)).toMatchObject({ phone: rs[0].phone, status: 'active' });
  expect(got.get(rs[1].cardNo)).toMatchObject({ phone: rs[1].phone, status: 'inactive' });
  expect(got.has(rs[2].cardNo)).toBe(false);
  expect(reportLines(file)).toEqual(['行号,读者证号,结果,原因', expect.stringMatching(new RegExp(`^5,${rs[2].cardNo},拒绝,身份证号被 Excel`))]);
});

test('a GBK CSV saved by Chinese Excel is detected and read; --encoding overrides the guess', async () => {
  const rs = readers(2);
  const csv = ['读者证号,姓名,身份证号,手机号,状态', ...rs.map((r) => `${r.cardNo},${r.name},${r.idNumber},${r.phone},注销`), ''].join('\r\n');
  const file = write('gbk.csv', iconv.encode(csv, 'gbk'));

  const dry = await runImport('readers', file, { ...target(), dryRun: true });
  expect(dry.encoding).toBe('GB18030');
  expect(dry.encodingSource).toBe('detected');
  expect(dry.counts.created).toBe(2);

  const forced = await runImport('readers', file, { ...target(), encoding: 'GBK' });
  expect(forced).toMatchObject({ encoding: 'GBK', encodingSource: 'given' });
  expect(forced.counts).toMatchObject({ created: 2, rejected: 0 });
  const got = await stored(rs.map((r) => r.cardNo));
  expect(got.get(rs[0].cardNo)).toMatchObject({ name: rs[0].name, status: 'inactive' });
});

test('a UTF-8 CSV with BOM, blank lines and a quoted comma keeps its columns', async () => {
  const rs = readers(2);
  const csv = `\uFEFFcardNo,name,idNumber,note,phone\n\n${rs[0].cardNo},${rs[0].name},${rs[0].idNumber},"三楼, 借阅区",${rs[0].phone}\n\n${rs[1].cardNo},"${rs[1].name}",${rs[1].idNumber},"说""好""的",${rs[1].phone}\n`;
  const file = write('bom.csv', csv);
  const report = await runImport('readers', file, target());
  expect(report).toMatchObject({ encoding: 'UTF-8', unknownColumns: ['note'], rows: 2 });
  expect(report.counts).toMatchObject({ created: 2, rejected: 0 });
  expect((await stored([rs[0].cardNo])).get(rs[0].cardNo)).toMatchObject({ phone: rs[0].phone, name: rs[0].name });
});

test('a file without the phone column stops before anything is written, naming the column', async () => {
  const rs = readers(1);
  const file = write('nophone.csv', `读者证号,姓名,身份证号\n${rs[0].cardNo},${rs[0].name},${rs[0].idNumber}\n`);
  const err = await runImport('readers', file, target()).catch((e) => e);
  expect(err).toBeInstanceOf(ImportError);
  expect(err.message).toContain('缺少必需的列：手机号');
  expect((await stored([rs[0].cardNo])).size).toBe(0);
  expect(fs.existsSync(`${file}.report.csv`)).toBe(false);
});

test('ID numbers Excel turned into 1.10105E+17 are refused row by row with the reason', async () => {
  const rs = readers(2);
  const file = write('sci.csv', `读者证号,姓名,身份证号,手机号\n${rs[0].cardNo},${rs[0].name},1.10105E+17,${rs[0].phone}\n${rs[1].cardNo},${rs[1].name},${rs[1].idNumber},${rs[1].phone}\n`);
  const report = await runImport('readers', file, target());
  expect(report.counts).toMatchObject({ created: 1, rejected: 1 });
  expect(report.notes[0]).toMatchObject({ line: 2, key: rs[0].cardNo, reason: expect.stringContaining('1.10105E+17') });
  expect(formatReport(report)).toContain(`第 2 行（${rs[0].cardNo}）：身份证号被 Excel 存成了数字`);
});

test('a dry run reports what would change and writes nothing', async () => {
  const rs = readers(3);
  const file = write('dry.csv', `读者证号,姓名,身份证号,手机号\n${rs.map((r) => `${r.cardNo},${r.name},${r.idNumber},${r.phone}`).join('\n')}\n${rs[0].cardNo}X,名字,123,1\n`);
  const report = await runImport('readers', file, { ...target(), dryRun: true });
  expect(report.counts).toEqual({ created: 3, updated: 0, unchanged: 0, conflict: 0, rejected: 1 });
  expect(report.changes.map((c) => c.line)).toEqual([2, 3, 4]);
  expect(formatReport(report)).toContain('试运行（不写入任何数据）');
  expect((await stored(rs.map((r) => r.cardNo))).size).toBe(0);
  expect(fs.existsSync(`${file}.report.csv`)).toBe(false);
});

test('re-running the same file changes nothing; a phone changed in the app is a reported conflict', async () => {
  const rs = readers(3);
  const file = write('rerun.csv', `读者证号,姓名,身份证号,手机号\n${rs.map((r) => `${r.cardNo},${r.name},${r.idNumber},${r.phone}`).join('\n')}\n`);
  expect((await runImport('readers', file, target())).counts.created).toBe(3);
  const before = await stored(rs.map((r) => r.cardNo));

  const again = await runImport('readers', file, target());
  expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 3, conflict: 0, rejected: 0 });
  expect(formatReport(again)).toContain('没有任何变化');
  const after = await stored(rs.map((r) => r.cardNo));
  for (const r of rs) expect(after.get(r.cardNo).importedAt).toEqual(before.get(r.cardNo).importedAt);

  // The patron changes the phone in the app; the next import still carries the old one.
  const openid = uid('imp');
  await bindCard(openid, rs[1]);
  const newPhone = `177${String(randomInt(10_000_000, 99_999_999))}`;
  await ok('account', openid, { action: 'sendSmsCode', phone: newPhone, purpose: 'changePhone' });
  await ok('account', openid, { action: 'changePhone', cardNo: rs[1].cardNo, oldPhone: rs[1].phone, newPhone, code: await latestSmsCode(newPhone) });

  const third = await runImport('readers', file, target());
  expect(third.counts).toEqual({ created: 0, updated: 1, unchanged: 2, conflict: 1, rejected: 0 });
  expect(third.notes).toEqual([expect.objectContaining({ line: 3, key: rs[1].cardNo, outcome: 'conflict', reason: expect.stringContaining(`${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`) })]);
  expect(reportLines(file)[1]).toMatch(new RegExp(`^3,${rs[1].cardNo},冲突,`));
  expect((await stored([rs[1].cardNo])).get(rs[1].cardNo).phone).toBe(rs[1].phone); // the library's record wins

  const fourth = await runImport('readers', file, target());
  expect(fourth.counts).toEqual({ created: 0, updated: 0, unchanged: 3, conflict: 0, rejected: 0 });
});

test('each real run is recorded for the reader directory', async () => {
  const rs = readers(1);
  const file = write('recorded.csv', `读者证号,姓名,身份证号,手机号\n${rs[0].cardNo},${rs[0].name},${rs[0].idNumber},${rs[0].phone}\n${rs[0].cardNo}Y,名,1,2\n`);
  await runImport('readers', file, target());
  const rec = (await storedDocs('imports')).filter((d) => d.source === 'recorded.csv');
  expect(rec).toEqual([expect.objectContaining({ kind: 'readers', rows: 2, created: 1, rejected: 1, by: ADMIN, reasons: [expect.objectContaining({ count: 1 })] })]);
});

// One row per cleaning rule of scripts/import/values.ts: a value as librarians' files carry it → what is imported.
describe('cleaning rules', () => {
  const fw = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  test.each([
    ['phone', '+86 158 1234 5678', '15812345678', '+86 and spaces'],
    ['phone', '8615812345678', '15812345678', '86 without the plus'],
    ['phone', '(+86)15812345678', '15812345678', '(+86) in brackets'],
    ['phone', '（＋８６）１５８１２３４５６７８', '15812345678', 'full-width brackets, plus and digits'],
    ['phone', fw('15812345678'), '15812345678', 'full-width digits'],
    ['phone', '158-1234-5678', '15812345678', 'hyphens'],
    ['phone', '158\u30001234\t5678 ', '15812345678', 'ideographic space, tab, trailing space'],
    ['phone', '0571-86886688', '057186886688', 'a landline keeps its area code (no 86 taken off)'],
    ['phone', '8613800000001', '13800000001', '86 before an 11-digit mobile only'],
    ['cardNo', ' Ｔ２０２３ ０００１ ', 'T20230001', 'full-width letters and digits, spaces'],
    ['idNumber', '11010119900101123x', '11010119900101123X', 'x check character upper-cased'],
    ['idNumber', fw('110101199001011234'), '110101199001011234', 'full-width digits'],
    ['name', '  欧阳　娜娜 ', '欧阳 娜娜', 'spaces trimmed, inner ones one space'],
    ['status', '正常', 'active', 'status word 正常'],
    ['status', '有效', 'active', 'status word 有效'],
    ['status', '停用', 'inactive', 'status word 停用'],
    ['status', '注销', 'inactive', 'status word 注销'],
    ['status', '挂失', 'inactive', 'status word 挂失'],
    ['status', '', '', 'empty status (defaults on import)'],
    ['isbn', ' ９７８７０２０００２２０７ ', '9787020002207', 'full-width ISBN'],
  ])('%s %j → %j (%s)', (field, raw, want) => {
    expect(cleanValue(field, field, { text: raw })).toEqual({ ok: true, value: want });
  });

  test.each<[string, { text: string; lostDigits?: boolean }, string]>([
    ['phone', { text: '1.58123E+10' }, 'Excel scientific notation'],
    ['idNumber', { text: '1.10105E+17' }, 'Excel scientific notation'],
    ['cardNo', { text: '20230001', lostDigits: true }, 'a number cell Excel cut to 15 digits'],
    ['isbn', { text: '9.78702E+12' }, 'Excel scientific notation'],
    ['status', { text: '未知' }, 'an unknown status word'],
  ])('%s %j is refused with a reason (%s)', (field, cell) => {
    expect(cleanValue(field, '字段', cell)).toEqual({ ok: false, reason: expect.stringMatching(/字段|状态/) });
  });

  test('phones written +86 158…, 86158…, (+86)158…, with spaces or full-width digits are imported cleaned, none refused', async () => {
    const rs = readers(5);
    const forms = [(p: string) => `+86 ${p}`, (p: string) => `86${p}`, (p: string) => `(+86)${p}`, (p: string) => `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`, fw];
    const csv = ['读者证号,姓名,身份证号,手机号', ...rs.map((r, i) => `${r.cardNo},${r.name},${r.idNumber},${forms[i](r.phone)}`), ''].join('\n');
    const report = await runImport('readers', write('phones.csv', csv), target());
    expect(report.counts).toMatchObject({ created: 5, rejected: 0 });
    const got = await stored(rs.map((r) => r.cardNo));
    expect(rs.map((r) => got.get(r.cardNo)?.phone)).toEqual(rs.map((r) => r.phone));
  });
});
