import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { CHILD_MS } from '../support/child.js';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cspr deadlines', () => {
  it('gives notify-panel 2026-12-31 for awareness on 2026-12-22 (Christmas and the substitute Boxing Day skipped)', async () => {
    const r = await run(['deadlines', '--aware', '2026-12-22', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { key: string; label: string; due: string; basis: string }[];
    expect(list.map((d) => d.key)).toEqual(['notify-panel', 'notify-partners', 'rapid-review']);
    expect(list.find((d) => d.key === 'notify-panel')?.due).toBe('2026-12-31');
    expect(list.find((d) => d.key === 'notify-partners')?.due).toBe('2026-12-31');
    expect(list.find((d) => d.key === 'rapid-review')?.due).toBe('2027-01-15');
    for (const d of list) expect(Object.keys(d).sort()).toEqual(['basis', 'due', 'key', 'label']);
  });

  it('prints a readable table by default, with what each is counted from', async () => {
    const r = await run(['deadlines', '--aware', '2026-12-22', '--procedure', 'england-2018']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/notify-panel\s+2026-12-31/);
    expect(r.out).toContain('from becoming aware (2026-12-22)');
  });

  it('counts the rapid review from the Panel notification when asked', async () => {
    const r = await run([
      'deadlines',
      '--aware',
      '2026-12-22',
      '--notified',
      '2026-12-23',
      '--rapid-review-from',
      'notification',
      '--json',
    ]);
    const list = JSON.parse(r.out) as { key: string; due: string; basis: string }[];
    expect(list.find((d) => d.key === 'rapid-review')).toMatchObject({ due: '2027-01-18' });
  });

  it.each([
    [['deadlines', '--aware', '2026-02-30'], /--aware "2026-02-30" is not a real date/],
    [['deadlines', '--aware', '22/12/2026'], /not a real date/],
    [['deadlines'], /--aware is required/],
    [
      ['deadlines', '--aware', '2026-12-22', '--procedure', 'wales-2020'],
      /unknown procedure "wales-2020"/,
    ],
    [['deadlines', '--aware', '2026-12-22', '--notified', '2026-12-01'], /before --aware/],
    [['deadlines', '--aware', '2026-12-22', '--bogus'], /Unknown option/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('refuses %j with one line and exit code 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });

  it(
    'runs as `cspr` through the package bin and exits 2 on a bad date',
    () => {
      const ok = spawnSync(
        process.execPath,
        ['bin/cspr.mjs', 'deadlines', '--aware', '2026-12-22', '--json'],
        { encoding: 'utf8' },
      );
      expect(ok.status).toBe(0);
      expect(JSON.parse(ok.stdout)[0]).toMatchObject({ key: 'notify-panel', due: '2026-12-31' });
      const bad = spawnSync(
        process.execPath,
        ['bin/cspr.mjs', 'deadlines', '--aware', 'yesterday'],
        { encoding: 'utf8' },
      );
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim()).toBe('cspr: --aware "yesterday" is not a real date as YYYY-MM-DD');
    },
    2 * CHILD_MS,
  );
});
