/** The rapid review record as Markdown (CommonMark + GitHub tables); free text is escaped. */
import type { RapidReviewReport, ReportBlock } from './report.js';

export const PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE';

/** Escapes what Markdown would read as formatting, links, HTML or table cells. */
export function mdEscape(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>|#~!]/g, (ch) => `\\${ch}`)
    .replace(/^(\s*)([-+=])(?=\s|$)/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)([.)])(?=\s|$)/gm, '$1$2\\$3');
}

/** One table cell: escaped, on one line (line breaks become <br>). */
const cell = (text: string) => mdEscape(text.trim()).replace(/\r?\n/g, '<br>') || '—';

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return mdEscape(b.text);
    case 'text': {
      const paragraphs = b.text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map(mdEscape);
      return [
        `**${mdEscape(b.label)}**`,
        '',
        ...(paragraphs.length ? paragraphs : ['—']).flatMap((p, i) => (i ? ['', p] : [p])),
      ].join('\n');
    }
    case 'fields':
      return [
        '| Item | Detail |',
        '| --- | --- |',
        ...b.rows.map((r) => `| **${cell(r.label)}** | ${cell(r.value)} |`),
      ].join('\n');
    case 'table':
      return [
        `| ${b.columns.map(cell).join(' | ')} |`,
        `| ${b.columns.map(() => '---').join(' | ')} |`,
        ...b.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
      ].join('\n');
  }
}

export function reportMarkdown(r: RapidReviewReport): string {
  const out = [
    `_${PROTECTIVE_MARKING}_`,
    '',
    `# ${mdEscape(r.title)}`,
    '',
    mdEscape(r.partnershipName),
    '',
    `_${mdEscape(r.generatedLine)}_`,
  ];
  r.sections.forEach((s, i) => {
    out.push('', `## ${i + 1}. ${mdEscape(s.heading)}`);
    for (const b of s.blocks) out.push('', block(b));
  });
  return `${out.join('\n')}\n`;
}
