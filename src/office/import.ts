import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { InvalidRequest, RuleViolation } from '../common/domain-error';
import { constraintZh, createValidationPipe } from '../common/validation';
import { ValidationFailed } from '../common/errors';

/** SPEC §15: at most this many rows in one file. */
export const MAX_IMPORT_ROWS = 10_000;

/**
 * A column of an import template: its Chinese header, the field of the create's DTO it fills
 * (a dotted path for a nested one), and how a clerk writes it.
 */
export interface ImportColumn {
  header: string;
  field: string;
  required?: boolean;
  /** date: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or an Excel date; yesNo: 是/否; choice: one of `choices`. */
  kind?: 'text' | 'date' | 'yesNo' | 'choice';
  /** label → code, e.g. { 男: 'male', 女: 'female' } */
  choices?: Record<string, string>;
  /** For the template's notes sheet. */
  note?: string;
  example: string;
}

/** One problem of an import: its spreadsheet row (the header is row 1) and column (header). */
export interface ImportError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/** SPEC §15: a dry run's answer. */
export interface DryRun {
  rows: number;
  valid: number;
  errors: ImportError[];
}

/** A row that passed the DTO's validation, ready for the create's gates. */
export interface ParsedRow<T> {
  row: number;
  value: T;
}

/** 400: the file cannot be read as a table of the template's columns. */
export class ImportUnreadable extends InvalidRequest {
  constructor(code: string, message: string, errors: ImportError[] = []) {
    super(code, message, { errors });
  }
}

/** 422: some row fails its validation or gates, so nothing was imported (SPEC §15: all or nothing). */
export class ImportRejected extends RuleViolation {
  constructor(readonly errors: ImportError[]) {
    super(
      'IMPORT_REJECTED',
      `${new Set(errors.map((e) => e.row)).size} 行有误，未导入任何一行`,
      errors.map((e) => ({ code: e.code, message: describe(e) })),
      { errors },
    );
  }
}

const describe = (e: ImportError) => `第 ${e.row} 行${e.column ? `「${e.column}」` : ''}：${e.message}`;

/** Rows of the first sheet of an .xlsx, or of a .csv in UTF-8 or GB18030, by header. */
interface Table {
  headers: string[];
  rows: { row: number; cells: string[] }[];
}

const isZip = (b: Buffer) => b.length > 4 && b.readUInt32LE(0) === 0x04034b50;

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030 (what Excel in Chinese saves). */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as the text a clerk sees; dates as YYYY-MM-DD. */
function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value !== 'object') return String(value).trim();
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('text' in value) return String(value.text).trim();
  if ('result' in value) return text(value.result as ExcelJS.CellValue);
  return '';
}

async function readTable(file: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (isZip(file)) {
      await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
      sheet = workbook.worksheets[0];
    } else {
      // Every cell as written: no number or date guessing, which would round an 18-digit ID number.
      sheet = await workbook.csv.read(Readable.from([decodeText(file)]), { map: (v: unknown) => v });
    }
  } catch {
    throw new ImportUnreadable('FILE_UNREADABLE', '文件无法读取：请上传 .xlsx 或 .csv（UTF-8 或 GB18030）文件');
  }
  if (!sheet || sheet.rowCount === 0) throw new ImportUnreadable('FILE_EMPTY', '文件中没有数据');
  const width = sheet.getRow(1).cellCount;
  const headers = Array.from({ length: width }, (_, i) =>
    text(sheet.getRow(1).getCell(i + 1).value).replace(/[*＊\s]|（必填）|\(必填\)/g, ''),
  );
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    const cells = Array.from({ length: width }, (_, i) => text(r.getCell(i + 1).value));
    if (cells.some((c) => c !== '')) rows.push({ row: n, cells });
  });
  if (rows.length === 0) throw new ImportUnreadable('FILE_EMPTY', '文件中没有数据行');
  if (rows.length > MAX_IMPORT_ROWS)
    throw new ImportUnreadable(
      'TOO_MANY_ROWS',
      `一次最多导入 ${MAX_IMPORT_ROWS} 行（本文件 ${rows.length} 行），请分批导入`,
    );
  return { headers, rows };
}

/** 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305 → 2024-03-05; anything else as given. */
function isoDate(raw: string): string {
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  return m ? `${m[1]}-${pad(+m[2])}-${pad(+m[3])}` : raw;
}

function convert(column: ImportColumn, raw: string): unknown {
  switch (column.kind) {
    case 'date':
      return isoDate(raw);
    case 'yesNo':
      return raw === '是' ? true : raw === '否' ? false : raw;
    case 'choice':
      return column.choices?.[raw] ?? raw;
    default:
      return raw;
  }
}

function put(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (!rest.length) target[head] = value;
  else put((target[head] ??= {}) as Record<string, unknown>, rest.join('.'), value);
}

/** The column a class-validator field error belongs to (a nested object's error: its first column). */
function columnOf(columns: readonly ImportColumn[], field: string): ImportColumn | undefined {
  return columns.find((c) => c.field === field) ?? columns.find((c) => c.field.startsWith(`${field}.`));
}

function fieldMessage(column: ImportColumn | undefined, code: string): string {
  const allowed = column?.kind === 'choice' ? `（${Object.keys(column.choices ?? {}).join('、')}）` : '';
  const yesNo = column?.kind === 'yesNo' ? '（是、否）' : '';
  return `${constraintZh(code)}${allowed}${yesNo}`;
}

/**
 * Reads the file and checks every row against the create's DTO, as the validation pipe checks
 * a single create: the rows that pass, and every problem by row and column (one per cell).
 * `fixed` adds what every row shares (the branch the rows go to).
 */
export async function parseImport<T extends object>(
  file: Buffer,
  columns: readonly ImportColumn[],
  dto: new () => T,
  fixed: Record<string, unknown> = {},
): Promise<{ rows: number; parsed: ParsedRow<T>[]; errors: ImportError[] }> {
  const table = await readTable(file);
  const at = new Map(columns.map((c) => [c.header, table.headers.indexOf(c.header)]));
  const missing = columns.filter((c) => c.required && at.get(c.header)! < 0);
  if (missing.length)
    throw new ImportUnreadable(
      'MISSING_COLUMNS',
      `缺少必需的列：${missing.map((c) => c.header).join('、')}（请使用导入模板）`,
      missing.map((c) => ({ row: 1, column: c.header, code: 'MISSING_COLUMN', message: '缺少此列' })),
    );
  const pipe = createValidationPipe();
  const parsed: ParsedRow<T>[] = [];
  const errors: ImportError[] = [];
  for (const { row, cells } of table.rows) {
    const value: Record<string, unknown> = { ...fixed };
    const problems = new Map<string | null, ImportError>();
    for (const column of columns) {
      const raw = at.get(column.header)! < 0 ? '' : cells[at.get(column.header)!];
      if (raw === '') {
        if (column.required)
          problems.set(column.header, { row, column: column.header, code: 'isDefined', message: '必填' });
        continue;
      }
      put(value, column.field, convert(column, raw));
    }
    try {
      parsed.push({ row, value: (await pipe.transform(value, { type: 'body', metatype: dto })) as T });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      for (const f of e.errors) {
        const column = columnOf(columns, f.field);
        const key = column?.header ?? null;
        if (!problems.has(key))
          problems.set(key, { row, column: key, code: f.code, message: fieldMessage(column, f.code) });
      }
    }
    errors.push(...problems.values());
  }
  return { rows: table.rows.length, parsed, errors };
}

/** The header a gate's message names (a date's label), if any. */
export function columnNamed(columns: readonly ImportColumn[], message: string): string | null {
  return columns.find((c) => message.includes(c.header))?.header ?? null;
}

/**
 * An import that writes nothing: a dry run answers its report, a commit with a refused row 422
 * (SPEC §15). Errors in row order, then column order.
 */
export function refusal(rows: number, errors: ImportError[], dryRun: boolean): DryRun {
  const sorted = [...errors].sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
  if (!dryRun) throw new ImportRejected(sorted);
  return { rows, valid: rows - new Set(sorted.map((e) => e.row)).size, errors: sorted };
}

/**
 * The import template: the headers (required ones marked *) on the first sheet, a dropdown on
 * each column of choices, and a notes sheet saying what each column takes.
 */
export function fillTemplate(workbook: ExcelJS.Workbook, sheetName: string, columns: readonly ImportColumn[]): void {
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    width: Math.max(12, c.header.length * 2 + 4, c.example.length + 2),
    style: { numFmt: '@' }, // text, so an ID number or a date is kept as typed
  }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    const list = c.kind === 'choice' ? Object.keys(c.choices ?? {}) : c.kind === 'yesNo' ? ['是', '否'] : null;
    if (!list) return;
    const letter = sheet.getColumn(i + 1).letter;
    for (let r = 2; r <= 1001; r++)
      sheet.getCell(`${letter}${r}`).dataValidation = {
        type: 'list',
        allowBlank: !c.required,
        formulae: [`"${list.join(',')}"`],
      };
  });
  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [
    { header: '列', width: 18 },
    { header: '必填', width: 8 },
    { header: '填写说明', width: 60 },
    { header: '示例', width: 24 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of columns) notes.addRow([c.header, c.required ? '是' : '否', c.note ?? '', c.example]);
  notes.addRow([]);
  notes.addRow([
    '说明',
    '',
    `第一行为列名，请勿修改；每行一人，最多 ${MAX_IMPORT_ROWS} 行。日期写作 2024-03-05；也可另存为 CSV（UTF-8 或 GB18030）后导入。`,
  ]);
}
