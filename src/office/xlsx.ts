import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import type { StreamableFile } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { TZDate } from '@date-fns/tz';
import { attachment, XLSX_TYPE } from './files';

/**
 * A column of an exported sheet. `date` takes a calendar date (YYYY-MM-DD) and `time` an instant
 * (ISO 8601), both written as real Excel dates; `time` shows the wall clock of `timeZone`.
 */
export interface XlsxColumn<T> {
  header: string;
  width?: number;
  type?: 'text' | 'number' | 'date' | 'time' | 'percent';
  /** `n`: the row's number in the sheet, from 1 (a 序号 column). */
  value(row: T, n: number): string | number | boolean | null | undefined;
}

export interface XlsxSheet<T> {
  name: string;
  columns: XlsxColumn<T>[];
  /** Rows one at a time (a generator reading the database page by page) or all at once. */
  rows: AsyncIterable<T> | Iterable<T>;
}

const FORMAT = { date: 'yyyy-mm-dd', time: 'yyyy-mm-dd hh:mm', percent: '0.00%' } as const;

/** An Excel date holding the calendar date as is (Excel dates carry no zone). */
export const excelDate = (isoDate: string): Date => new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);

/** An instant as the wall clock of `timeZone` shows it, as an Excel date. */
function wallClock(instant: string, timeZone: string): Date {
  const t = new TZDate(instant, timeZone);
  return new Date(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate(), t.getHours(), t.getMinutes(), t.getSeconds()));
}

function cell<T>(column: XlsxColumn<T>, row: T, n: number, timeZone: string): unknown {
  const value = column.value(row, n);
  if (value === null || value === undefined || value === '') return null;
  if (column.type === 'date') return excelDate(String(value));
  if (column.type === 'time') return wallClock(String(value), timeZone);
  return value;
}

/**
 * A workbook streamed to the client as it is written (exceljs' streaming writer): rows are
 * committed one by one, so 100,000 rows never sit in memory as a workbook. Headers are bold,
 * frozen and filterable.
 */
export function xlsxFile(filename: string, sheets: XlsxSheet<unknown>[], timeZone: string): StreamableFile {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const write = async () => {
    for (const sheet of sheets) {
      const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = sheet.columns.map((c, i) => ({
        key: String(i),
        header: c.header,
        width: c.width ?? Math.max(10, c.header.length * 2 + 2),
        style: c.type && c.type in FORMAT ? { numFmt: FORMAT[c.type as keyof typeof FORMAT] } : {},
      }));
      ws.getRow(1).font = { bold: true };
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
      ws.getRow(1).commit();
      let n = 0;
      for await (const row of sheet.rows) {
        n += 1;
        ws.addRow(sheet.columns.map((c) => cell(c, row, n, timeZone))).commit();
        // Let the client take what is written before writing more (bounded memory on a slow reader).
        if (out.writableNeedDrain) await once(out, 'drain');
      }
      ws.commit();
    }
    await workbook.commit();
  };
  write().catch((err: Error) => out.destroy(err));
  return attachment(out, filename, XLSX_TYPE);
}

/** A small workbook held in memory (a template): its bytes. */
export async function xlsxBuffer(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
