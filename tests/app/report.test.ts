/**
 * The rapid review record: one model, rendered to Markdown and to Word. The .docx is unzipped and
 * its document.xml checked for every section; where LibreOffice is installed it is also converted
 * to text by LibreOffice itself (a real word processor opening the file). Children appear by
 * pseudonym only; a child recorded under anything else stops the export.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildReport,
  exportReport,
  reportText,
  SECTION_HEADINGS,
  SECTION_IDS,
  timescaleStatus,
} from '../../src/app/report.js';
import { reportDocx } from '../../src/app/report-docx.js';
import { mdEscape, reportMarkdown } from '../../src/app/report-markdown.js';
import { redactCase, redactEvent } from '../../src/domain/erasure.js';
import { PSEUDONYM } from '../../src/domain/validate.js';
import { caseAt, FACTS, openFixture, who, type Fixture } from './case-fixture.js';
import { docxText } from './docx-text.js';

/** The path of an executable on PATH, or '' (like `which`). */
function which(cmd: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, cmd);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return '';
}
const soffice = which('soffice') || which('libreoffice');
const hasLibreOffice = Boolean(soffice);
if (!hasLibreOffice)
  console.warn(
    'LibreOffice (soffice or libreoffice on PATH) is not installed: the .docx conversion check is NOT run (reported as skipped).',
  );

/** Words that would be a name if they stood where a child is named: everything child-like must be a pseudonym. */
function childMentions(text: string): string[] {
  return [...text.matchAll(/\b(Child|Baby|Sibling|Young person|YP) [A-Z][A-Za-z0-9]*/g)]
    .map((m) => m[0])
    .filter((m) => m !== 'Child Safeguarding');
}

let f: Fixture;
beforeEach(async () => {
  f = await openFixture();
});
afterEach(async () => {
  await f.close();
});

describe('the rapid review report model', () => {
  it('has every section, the votes with rationale once decided, and each timescale met, late or due', async () => {
    const id = await caseAt(f, 'decided');
    f.clock.set('2027-01-13T09:00:00Z');
    const r = await exportReport(f.service, who(f, 'business-manager'), id);
    expect(r.sections.map((s) => s.id)).toEqual([...SECTION_IDS]);
    expect(r.title).toBe('Rapid review record: NORTH-2026-001');
    expect(r.children).toEqual([
      { pseudonym: 'Child A', age: 4 },
      { pseudonym: 'Sibling B', age: 7 },
    ]);
    expect(r.votesHidden).toBe(false);
    const text = reportText(r);
    for (const marker of [
      'POLICE-RATIONALE',
      'LA-RATIONALE: the criteria',
      'HEALTH-RATIONALE',
      'Missed visits were not escalated.',
      FACTS.learning,
    ])
      expect(text).toContain(marker);
    expect(text).toContain(
      'Exported on 13 Jan 2027, 09:00 GMT by north business manager (Business manager)',
    );
    const timescales = r.sections
      .find((s) => s.id === 'timescales')!
      .blocks.find((b) => b.kind === 'table');
    const status = Object.fromEntries(
      (timescales as { rows: string[][] }).rows.map((row) => [row[0], row[3]]),
    );
    // Due 31 December 2026; done 4 January 2027, with New Year's Day between: late by 1 working day.
    expect(status).toMatchObject({
      'Notify the Child Safeguarding Practice Review Panel':
        'Late by 1 working day (done on 4 January 2027)',
      'Report the incident to the safeguarding partners': 'Met (done on 23 December 2026)',
      'Complete the rapid review and send it to the Panel': 'Met (done on 12 January 2027)',
      'Final local review report': 'Due (122 working days left)',
    });
  });

  it('before all three voted: who voted, never an outcome or rationale', async () => {
    const id = await caseAt(f, 'one-vote');
    const r = await exportReport(f.service, who(f, 'police'), id);
    const text = reportText(r);
    expect(r.votesHidden).toBe(true);
    expect(text).not.toContain('RATIONALE');
    expect(text).toContain('outcome and rationale hidden until all three voted');
    expect(text).toContain('Vote cast for Police (outcome hidden until all three voted)');
    expect(text).not.toMatch(/Police: Local child safeguarding practice review/);
    expect(text).toContain('No decision has been recorded yet.');
  });

  it('timescale status in words', () => {
    expect(timescaleStatus('2026-12-31', '2026-12-31', '2027-01-10')).toBe(
      'Met (done on 31 December 2026)',
    );
    expect(timescaleStatus('2026-12-31', '2027-01-05', '2027-01-10')).toBe(
      'Late by 2 working days (done on 5 January 2027)',
    );
    expect(timescaleStatus('2027-01-15', undefined, '2027-01-13')).toBe(
      'Due (2 working days left)',
    );
    expect(timescaleStatus('2027-01-15', undefined, '2027-01-15')).toBe('Due today');
    expect(timescaleStatus('2027-01-15', undefined, '2027-01-19')).toBe(
      'Not done: overdue by 2 working days',
    );
  });

  it('is refused to a role without export and to another partnership, as not found', async () => {
    const id = await caseAt(f, 'notified');
    await expect(exportReport(f.service, who(f, 'la', 'south'), id)).rejects.toMatchObject({
      code: 'case.not_found',
    });
    await expect(exportReport(f.service, who(f, 'member'), id)).rejects.toMatchObject({
      code: expect.stringMatching(/^(case\.not_found|action\.not_permitted)$/),
    });
    await expect(exportReport(f.service, who(f, 'scrutineer'), id)).resolves.toMatchObject({
      ref: 'NORTH-2026-001',
    });
  });

  it('of an erased case: no child, no free text, and says when it was erased', async () => {
    const id = await caseAt(f, 'decided');
    const c = (await f.repo.load(id))!;
    const erased = redactCase({
      ...c,
      erased: { at: '2034-02-01T10:00:00Z', from: 'closed', childCount: 2 },
    });
    const events = (await f.repo.events(id)).map((e) => ({ ...e, ...redactEvent(e) }));
    const text = reportText(
      buildReport({
        case: erased,
        partnership: f.service.partnership('north'),
        events,
        now: f.clock.now(),
        exportedBy: 'test',
      }),
    );
    expect(text).toContain('Erased on 1 Feb 2034, 10:00 GMT');
    for (const gone of ['Child A', 'Sibling B', 'RATIONALE', 'Missed visits', FACTS.learning])
      expect(text).not.toContain(gone);
  });

  it('refuses to export a case whose child is recorded under anything but a pseudonym', async () => {
    const id = await caseAt(f, 'notified');
    const c = (await f.repo.load(id))!;
    const p = f.service.partnership('north');
    const forged = { ...c, children: [{ pseudonym: 'Jayden Smith', age: 4 }] };
    expect(() =>
      buildReport({
        case: forged,
        partnership: p,
        events: [],
        now: f.clock.now(),
        exportedBy: 'test',
      }),
    ).toThrow(/without a valid pseudonym/);
    const forgedNotification = {
      ...c,
      notification: {
        ...c.notification!,
        children: [
          { pseudonym: 'Child A', age: 4 },
          { pseudonym: 'Mia', age: 7 },
        ],
      },
    };
    expect(() =>
      buildReport({
        case: forgedNotification,
        partnership: p,
        events: [],
        now: f.clock.now(),
        exportedBy: 'test',
      }),
    ).toThrow(/without a valid pseudonym/);
  });
});

describe('Markdown', () => {
  it('has a heading per section, tables, escaped free text, and only pseudonyms', async () => {
    const id = await caseAt(f, 'decided');
    const md = reportMarkdown(await exportReport(f.service, who(f, 'chair'), id));
    expect(md.startsWith('_OFFICIAL-SENSITIVE_\n\n# Rapid review record: NORTH-2026-001\n')).toBe(
      true,
    );
    SECTION_IDS.forEach((sid, i) => expect(md).toContain(`## ${i + 1}. ${SECTION_HEADINGS[sid]}`));
    expect(md).toContain('| **Children (pseudonyms)** | Child A (age 4), Sibling B (age 7) |');
    expect(md).toContain('A police call-out in November \\| no referral made.');
    for (const m of childMentions(md)) expect(m).toMatch(PSEUDONYM);
    expect(new Set(childMentions(md))).toEqual(new Set(['Child A', 'Sibling B']));
  });

  it('escapes what Markdown would read as markup', () => {
    expect(mdEscape('a | b *c* [x](y) <b>')).toBe('a \\| b \\*c\\* \\[x\\](y) \\<b\\>');
    expect(mdEscape('1. not a list\n- nor this\n10) nor that')).toBe(
      '1\\. not a list\n\\- nor this\n10\\) nor that',
    );
  });
});

describe('Word (.docx)', () => {
  let bytes: Buffer;
  beforeEach(async () => {
    const id = await caseAt(f, 'decided');
    bytes = await reportDocx(await exportReport(f.service, who(f, 'chair'), id));
  });

  it('is a valid Office Open XML package whose document.xml holds every section', async () => {
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const { xml, text, files } = await docxText(bytes);
    expect(files).toEqual(
      expect.arrayContaining([
        '[Content_Types].xml',
        '_rels/.rels',
        'word/document.xml',
        'word/styles.xml',
        'docProps/core.xml',
      ]),
    );
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>\s*<w:document /,
    );
    SECTION_IDS.forEach((sid, i) => expect(text).toContain(`${i + 1}. ${SECTION_HEADINGS[sid]}`));
    for (const marker of [
      'POLICE-RATIONALE',
      'HEALTH-RATIONALE',
      'Missed visits were not escalated.',
      'Late by 1 working day',
      'Decision recorded: Local child safeguarding practice review',
    ])
      expect(text).toContain(marker);
    expect(text).toContain('A police call-out in November | no referral made.');
    for (const m of childMentions(text)) expect(m).toMatch(PSEUDONYM);
    expect(new Set(childMentions(text))).toEqual(new Set(['Child A', 'Sibling B']));
    const zip = await JSZip.loadAsync(bytes);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('Rapid review record: NORTH-2026-001');
    expect(core).not.toContain('Child A');
  });

  it.skipIf(!hasLibreOffice)(
    'opens in LibreOffice (soffice --convert-to txt) with every section and only pseudonyms [needs LibreOffice]',
    () => {
      const dir = fs.mkdtempSync(path.join(f.dir, 'lo-'));
      const file = path.join(dir, 'record.docx');
      fs.writeFileSync(file, bytes);
      execFileSync(
        soffice,
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=file://${dir}/profile`,
          '--convert-to',
          'txt:Text (encoded):UTF8',
          '--outdir',
          dir,
          file,
        ],
        { timeout: 90_000, stdio: 'pipe' },
      );
      const text = fs.readFileSync(path.join(dir, 'record.txt'), 'utf8');
      SECTION_IDS.forEach((sid, i) => expect(text).toContain(`${i + 1}. ${SECTION_HEADINGS[sid]}`));
      expect(text).toContain('HEALTH-RATIONALE');
      for (const m of childMentions(text)) expect(m).toMatch(PSEUDONYM);
    },
    120_000,
  );
});
