import type { StreamableFile } from '@nestjs/common';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { attachment, DOCX_TYPE } from './files';

/**
 * Official-document layout (GB/T 9704-2012, the 党政机关公文格式 standard): A4; margins 37 mm
 * top, 35 mm bottom, 28 mm left, 26 mm right; the title in 2号 方正小标宋, the body in 3号 仿宋
 * on a fixed 28.95-point line (22 lines of 28 characters), section heads in 3号 黑体, page
 * numbers "— 1 —" in 4号 宋体 at the foot; tables in 小四 仿宋. A font the machine lacks is
 * replaced by the word processor's own East Asian default (Word, WPS: 宋体; LibreOffice: its
 * fontconfig match, Noto CJK on Debian), so the document still reads and prints.
 */
const MM = 56.7; // twips per millimetre
const FONT = {
  title: '方正小标宋简体',
  body: '仿宋',
  heading: '黑体',
  footer: '宋体',
  latin: 'Times New Roman',
} as const;
const PT = (points: number) => points * 2; // docx sizes are half-points
const SIZE = { title: PT(22), body: PT(16), table: PT(12), footer: PT(14) };
const LINE = 579; // 28.95 pt in twips: 22 lines on the type area
const TEXT_WIDTH = Math.round((210 - 28 - 26) * MM); // the type area's width, in twips

const font = (eastAsia: string) => ({ eastAsia, ascii: FONT.latin, hAnsi: FONT.latin, hint: 'eastAsia' as const });

/** 2026-03-05 → 2026年3月5日 */
export function zhDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** What a document holds, top to bottom, after its title. */
export type Block =
  | { heading: string }
  | { text: string; indent?: boolean; align?: 'right' | 'center' }
  /** A ruled table: the head row repeats on every page and no row breaks across pages. */
  | { head: string[]; rows: (string | number)[][]; widths?: number[] }
  /** Label–value pairs, two pairs to a row (a form such as 纪实表's head). */
  | { fields: [string, string | number | null | undefined][] };

export interface OfficialDocument {
  title: string;
  /** Under the title, in 楷体-like body type (e.g. the meeting or the notice's period). */
  subtitle?: string;
  blocks: Block[];
  /** The issuing organization (落款) and the date, at the foot of the text. */
  issuer: string;
  date: string;
}

const run = (text: string, size = SIZE.body, face: string = FONT.body, bold = false) =>
  new TextRun({ text, size, font: font(face), bold });

const paragraph = (children: TextRun[], options: { align?: 'right' | 'center'; indent?: boolean } = {}) =>
  new Paragraph({
    children,
    alignment:
      options.align === 'center' ? AlignmentType.CENTER : options.align === 'right' ? AlignmentType.RIGHT : undefined,
    indent: options.indent ? { firstLine: 2 * SIZE.body * 10 } : undefined,
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
  });

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN };

/** Column widths in twips from percentages of the type area (Word and LibreOffice both honour fixed widths). */
const twips = (percents: number[]) => percents.map((p) => Math.round((TEXT_WIDTH * p) / 100));
const evenly = (n: number) => Array.from({ length: n }, () => 100 / n);

function cell(text: string | number | null | undefined, options: { bold?: boolean; width: number }): TableCell {
  const lines = String(text ?? '').split('\n');
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    width: { size: options.width, type: WidthType.DXA },
    children: lines.map(
      (line) =>
        new Paragraph({
          children: [run(line, SIZE.table, options.bold ? FONT.heading : FONT.body)],
          spacing: { line: 360, lineRule: LineRuleType.AUTO },
        }),
    ),
  });
}

function ruled(columnWidths: number[], rows: TableRow[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    rows,
  });
}

function table(head: string[], rows: (string | number)[][], widths?: number[]): Table {
  const w = twips(widths ?? evenly(head.length));
  return ruled(w, [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: head.map((h, i) => cell(h, { bold: true, width: w[i] })),
    }),
    ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, { width: w[i] })) })),
  ]);
}

function fields(pairs: [string, string | number | null | undefined][]): Table {
  const w = twips([18, 32, 18, 32]);
  const rows: TableRow[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [a, b = ['', '']] = pairs.slice(i, i + 2);
    const children = [a, b].flatMap(([label, value], k) => [
      cell(label, { bold: true, width: w[2 * k] }),
      cell(value, { width: w[2 * k + 1] }),
    ]);
    rows.push(new TableRow({ cantSplit: true, children }));
  }
  return ruled(w, rows);
}

/** Half a line of space (after a table, before the signature), not a whole empty line. */
const gap = () => new Paragraph({ spacing: { line: Math.round(LINE / 2), lineRule: LineRuleType.EXACT } });

function block(b: Block): (Paragraph | Table)[] {
  if ('heading' in b) return [paragraph([run(b.heading, SIZE.body, FONT.heading)], { indent: true })];
  if ('text' in b) return [paragraph([run(b.text)], { indent: b.indent ?? !b.align, align: b.align })];
  if ('head' in b) return [table(b.head, b.rows, b.widths), gap()];
  return [fields(b.fields), gap()];
}

/** The document's bytes. */
export async function docxBuffer(doc: OfficialDocument): Promise<Buffer> {
  const document = new Document({
    title: doc.title,
    creator: doc.issuer,
    styles: { default: { document: { run: { font: font(FONT.body), size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
              footer: Math.round(20 * MM),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    size: SIZE.footer,
                    font: font(FONT.footer),
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { line: 720, lineRule: LineRuleType.EXACT, after: 0 },
            children: [run(doc.title, SIZE.title, FONT.title)],
          }),
          ...(doc.subtitle ? [paragraph([run(doc.subtitle)], { align: 'center' })] : []),
          gap(),
          ...doc.blocks.flatMap(block),
          gap(),
          paragraph([run(doc.issuer)], { align: 'right' }),
          paragraph([run(zhDate(doc.date))], { align: 'right' }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** The document as a download named `filename`. */
export async function docxFile(filename: string, doc: OfficialDocument): Promise<StreamableFile> {
  return attachment(await docxBuffer(doc), filename, DOCX_TYPE);
}
