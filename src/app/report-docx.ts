/**
 * The rapid review record as a Word document (.docx, Office Open XML) with the `docx` library:
 * A4 portrait, a heading per section, label/value and data tables with fixed column widths (so
 * Word and LibreOffice lay them out alike), a protective marking in the header and page numbers in
 * the footer. The document's properties carry the reference only, never a pseudonym.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import type { RapidReviewReport, ReportBlock } from './report.js';
import { PROTECTIVE_MARKING } from './report-markdown.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A4 (11906 twips wide) less 1-inch margins: the width tables are laid out on. */
const TEXT_WIDTH = 11906 - 2 * 1440;
const HEADER_FILL = 'D9E2F3';
const LABEL_FILL = 'F2F2F2';

/** Text with its line breaks kept, as runs. */
function runs(
  text: string,
  options: { bold?: boolean; italics?: boolean; size?: number } = {},
): TextRun[] {
  const lines = text.split(/\r?\n/);
  return lines.map(
    (line, i) => new TextRun({ text: line, ...options, ...(i > 0 ? { break: 1 } : {}) }),
  );
}

function columnWidths(count: number, weights?: number[]): number[] {
  const w = weights && weights.length === count ? weights : Array.from({ length: count }, () => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  const widths = w.map((x) => Math.floor((TEXT_WIDTH * x) / sum));
  widths[widths.length - 1]! += TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  return widths;
}

function cell(
  text: string,
  width: number,
  options: { bold?: boolean; fill?: string } = {},
): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(options.fill
      ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } }
      : {}),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      new Paragraph({
        children: runs(text.trim() || '—', { bold: options.bold ?? false, size: 20 }),
      }),
    ],
  });
}

function table(
  columns: string[] | undefined,
  rows: string[][],
  widths: number[],
  labelColumn = false,
): Table {
  const header = columns
    ? [
        new TableRow({
          tableHeader: true,
          children: columns.map((c, i) => cell(c, widths[i]!, { bold: true, fill: HEADER_FILL })),
        }),
      ]
    : [];
  const body = rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: row.map((text, i) =>
          cell(text, widths[i]!, labelColumn && i === 0 ? { bold: true, fill: LABEL_FILL } : {}),
        ),
      }),
  );
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [...header, ...body],
  });
}

function block(b: ReportBlock): FileChild[] {
  switch (b.kind) {
    case 'paragraph':
      return [new Paragraph({ children: runs(b.text), spacing: { before: 120, after: 120 } })];
    case 'text': {
      const lines = b.text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
      return [
        new Paragraph({
          children: [new TextRun({ text: b.label, bold: true })],
          spacing: { before: 160, after: 60 },
          keepNext: true,
        }),
        ...(lines.length ? lines : ['—']).map(
          (l) => new Paragraph({ children: [new TextRun(l)], spacing: { after: 80 } }),
        ),
      ];
    }
    case 'fields':
      return [
        table(
          undefined,
          b.rows.map((r) => [r.label, r.value]),
          columnWidths(2, [35, 65]),
          true,
        ),
        new Paragraph({ children: [] }),
      ];
    case 'table':
      return [
        table(b.columns, b.rows, columnWidths(b.columns.length, b.widths)),
        new Paragraph({ children: [] }),
      ];
  }
}

export function reportDocument(r: RapidReviewReport): Document {
  const children: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(r.title)] }),
    new Paragraph({ children: [new TextRun({ text: r.partnershipName, bold: true })] }),
    new Paragraph({
      children: [new TextRun({ text: r.generatedLine, italics: true })],
      spacing: { after: 240 },
    }),
  ];
  r.sections.forEach((s, i) => {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [new TextRun(`${i + 1}. ${s.heading}`)],
        keepNext: true,
      }),
    );
    for (const b of s.blocks) children.push(...block(b));
  });
  return new Document({
    creator: 'CSPR bot',
    title: r.title,
    description: `Rapid review record ${r.ref}, ${r.partnershipName}`,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: `${PROTECTIVE_MARKING} · ${r.title}`, size: 18, bold: true }),
                ],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
                    size: 18,
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

/** The .docx file's bytes. */
export async function reportDocx(r: RapidReviewReport): Promise<Buffer> {
  return Packer.toBuffer(reportDocument(r));
}
