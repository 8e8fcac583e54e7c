import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { TestApp } from './harness';

/** A download as bytes, with its status and headers. */
export async function download(
  t: TestApp,
  token: string,
  url: string,
): Promise<{ status: number; type: string; disposition: string; bytes: Buffer }> {
  const res = await t.http
    .get(url)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return {
    status: res.status,
    type: String(res.headers['content-type'] ?? ''),
    disposition: String(res.headers['content-disposition'] ?? ''),
    bytes: res.body as Buffer,
  };
}

/** A multipart upload of one file in the field `file`. */
export async function upload(
  t: TestApp,
  token: string,
  url: string,
  file: Buffer,
  filename: string,
  headers: Record<string, string> = {},
) {
  const res = await t.http
    .post(url)
    .set('Authorization', `Bearer ${token}`)
    .set(headers)
    .attach('file', file, filename);
  return { status: res.status, body: res.body };
}

/** Every sheet of a workbook as rows of cell values (row 1 the headers). */
export async function sheets(bytes: Buffer): Promise<Record<string, ExcelJS.CellValue[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const out: Record<string, ExcelJS.CellValue[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: ExcelJS.CellValue[][] = [];
    ws.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
    out[ws.name] = rows;
  }
  return out;
}

/** The text of a .docx's body (word/document.xml without its tags), runs joined. */
export async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** An .xlsx of one sheet: a header row, then the rows. */
export async function workbook(headers: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A CSV of a header row and rows (no quoting needed for the tests' values). */
export const csv = (headers: string[], rows: string[][]) => [headers, ...rows].map((r) => r.join(',')).join('\r\n');
