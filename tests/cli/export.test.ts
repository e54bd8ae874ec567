/**
 * `cspr export REF --out FILE [--format docx|md]` on a store written by the bot's own code: the
 * file is the rapid review record (every section, pseudonyms only), written 0600; a bad argument is
 * one line and exit code 2; an unknown case or a store problem is one line and exit code 1.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTION_HEADINGS, SECTION_IDS } from '../../src/app/report.js';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { caseAt, openFixture } from '../app/case-fixture.js';
import { docxText } from '../app/docx-text.js';
import { CHILD_MS } from '../support/child.js';

const holders = (prefix: string) =>
  ['la', 'police', 'health', 'business-manager', 'chair', 'scrutineer', 'member'].map((role) => ({
    id: `${prefix}-${role === 'business-manager' ? 'bm' : role}`,
    name: `${prefix} ${role === 'la' ? 'LA lead' : role === 'business-manager' ? 'business manager' : `${role} lead`}`,
    roles: [role],
  }));

let dir: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-export-cli-'));
  fs.writeFileSync(
    path.join(dir, 'partnerships.json'),
    JSON.stringify({
      partnerships: [
        {
          id: 'north',
          name: 'North Safeguarding Children Partnership',
          refPrefix: 'NORTH',
          holders: holders('north'),
        },
        {
          id: 'south',
          name: 'South Safeguarding Children Partnership',
          refPrefix: 'SOUTH',
          holders: holders('south'),
        },
      ],
    }),
  );
  env = {
    ...process.env,
    DATA_DIR: path.join(dir, 'data'),
    CSPR_CONFIG: path.join(dir, 'partnerships.json'),
  };
  const f = await openFixture('2026-12-23T10:00:00Z', {
    dir: env.DATA_DIR!,
    partnerships: loadConfig(env).partnerships,
  });
  await caseAt(f, 'decided');
  await f.engine.close(); // the CLI opens the store itself (one process per DATA_DIR)
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const saved = { DATA_DIR: process.env.DATA_DIR, CSPR_CONFIG: process.env.CSPR_CONFIG };
  Object.assign(process.env, { DATA_DIR: env.DATA_DIR, CSPR_CONFIG: env.CSPR_CONFIG });
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

describe('cspr export', () => {
  it('writes the record as .docx (mode 0600) with every section and only pseudonyms', async () => {
    const file = path.join(dir, 'record.docx');
    const r = await run(['export', 'north-2026-001', '--out', file]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      new RegExp(`^wrote ${file} \\(docx, \\d+ bytes\\) for NORTH-2026-001 in \\d+ ms$`),
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const { text } = await docxText(fs.readFileSync(file));
    SECTION_IDS.forEach((sid, i) => expect(text).toContain(`${i + 1}. ${SECTION_HEADINGS[sid]}`));
    expect(text).toContain('HEALTH-RATIONALE');
    expect(text).toContain('Exported on');
    expect(text).toContain('by the cspr command line');
    const mentions = [...text.matchAll(/\b(Child|Sibling|Baby) [A-Z]\w*/g)]
      .map((m) => m[0])
      .filter((m) => m !== 'Child Safeguarding');
    expect(new Set(mentions)).toEqual(new Set(['Child A', 'Sibling B']));
  });

  it('writes Markdown with --format md, or when the file ends in .md', async () => {
    for (const args of [
      ['--out', path.join(dir, 'record.md')],
      ['--out', path.join(dir, 'record.txt'), '--format', 'md'],
    ]) {
      const r = await run(['export', 'NORTH-2026-001', ...args]);
      expect(r.code).toBe(0);
      const md = fs.readFileSync(args[1]!, 'utf8');
      expect(md).toContain('# Rapid review record: NORTH-2026-001');
      SECTION_IDS.forEach((sid, i) =>
        expect(md).toContain(`## ${i + 1}. ${SECTION_HEADINGS[sid]}`),
      );
    }
  });

  it.each([
    [['export'], /give exactly one case reference/],
    [['export', 'NORTH-2026-001'], /--out FILE is required/],
    [['export', 'not-a-ref', '--out', 'x.docx'], /"not-a-ref" is not a case reference/],
    [
      ['export', 'NORTH-2026-001', '--out', 'x.pdf', '--format', 'pdf'],
      /unknown --format "pdf" \(use docx or md\)/,
    ],
    [
      ['export', 'NORTH-2026-001', '--out', '/no/such/folder/x.docx'],
      /the folder of --out does not exist/,
    ],
    [['export', 'NORTH-2026-001', '--out', 'x.docx', '--bogus'], /Unknown option/],
  ])('refuses %j with one line and exit code 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });

  it('says in one line, exit code 1, when the case or its partnership does not exist', async () => {
    for (const [ref, message] of [
      ['NORTH-2026-999', 'cspr: no case NORTH-2026-999 in North Safeguarding Children Partnership'],
      ['WEST-2026-001', 'cspr: no partnership uses the reference prefix WEST'],
    ]) {
      const r = await run(['export', ref!, '--out', path.join(dir, 'none.docx')]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(message);
    }
    expect(fs.existsSync(path.join(dir, 'none.docx'))).toBe(false);
  });

  it(
    'runs as `cspr export` through the package bin',
    () => {
      const file = path.join(dir, 'bin.docx');
      const ok = spawnSync(
        process.execPath,
        ['bin/cspr.mjs', 'export', 'NORTH-2026-001', '--out', file],
        { encoding: 'utf8', env },
      );
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
      // Exit code 2 through the bin: tests/cli/deadlines.test.ts (one process is enough; runCli's codes are tested above).
      const badConfig = spawnSync(
        process.execPath,
        ['bin/cspr.mjs', 'export', 'NORTH-2026-001', '--out', file],
        { encoding: 'utf8', env: { ...env, CSPR_CONFIG: path.join(dir, 'missing.yaml') } },
      );
      expect(badConfig.status).toBe(1);
      expect(badConfig.stderr.trim().split('\n')).toHaveLength(1);
      expect(badConfig.stderr).toMatch(/^cspr: Configuration is not valid/);
    },
    2 * CHILD_MS,
  );
});
