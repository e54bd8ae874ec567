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

interface Assessment {
  procedure: string;
  s16c: boolean;
  duties: { key: string; due: string }[];
  reasons: string[];
}

async function assess(...args: string[]): Promise<Assessment> {
  const r = await run(['assess', ...args, '--json']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Assessment;
}

const base = [
  '--aware',
  '2026-03-02',
  '--harm',
  'death',
  '--abuse',
  'suspected',
  '--where',
  'in-area',
];

describe('cspr assess', () => {
  it('prints procedure, s16c, duties with due dates and reasons, nothing else', async () => {
    const a = await assess(...base, '--child', 'none:4');
    expect(Object.keys(a).sort()).toEqual(['duties', 'procedure', 'reasons', 's16c']);
    expect(a).toMatchObject({ procedure: 'england-2023', s16c: true });
    expect(a.duties).toEqual([
      { key: 'notify-panel', due: '2026-03-09' },
      { key: 'notify-partners', due: '2026-03-09' },
      { key: 'rapid-review', due: '2026-03-23' },
    ]);
    expect(a.reasons).toHaveLength(1);
  });

  it('a looked-after child dying elsewhere in England, nothing suspected: the Secretary of State and Ofsted only', async () => {
    const a = await assess(
      '--aware',
      '2026-03-02',
      '--harm',
      'death',
      '--abuse',
      'not-suspected',
      '--where',
      'elsewhere-england',
      '--child',
      'looked-after:15',
    );
    expect(a.s16c).toBe(false);
    expect(a.duties).toEqual([{ key: 'notify-sos-ofsted', due: '2026-03-09' }]);
  });

  it('a looked-after child of 15 and a child of 17, death in the area with neglect suspected: both duties', async () => {
    const a = await assess(...base, '--child', 'looked-after:15', '--child', 'none:17');
    expect(a.duties.map((d) => d.key)).toEqual([
      'notify-panel',
      'notify-partners',
      'notify-sos-ofsted',
      'rapid-review',
    ]);
  });

  it('a care leaver of 20 does not drop the s16C duty of a 17-year-old in the same notification', async () => {
    const a = await assess(...base, '--child', 'care-leaver:20', '--child', 'none:17');
    expect(a.s16c).toBe(true);
    expect(a.duties.map((d) => d.key)).toEqual([
      'notify-panel',
      'notify-partners',
      'notify-sos-ofsted',
      'rapid-review',
    ]);
  });

  it('a care leaver’s death: england-2023 by date, nothing under england-2018 (by date or pinned)', async () => {
    const leaver = [
      '--harm',
      'death',
      '--abuse',
      'not-suspected',
      '--where',
      'in-area',
      '--child',
      'care-leaver:22',
    ];
    expect((await assess('--aware', '2023-12-15', ...leaver)).duties).toEqual([
      { key: 'notify-sos-ofsted', due: '2023-12-22' },
    ]);
    const before = await assess('--aware', '2023-12-14', ...leaver);
    expect(before.procedure).toBe('england-2018');
    expect(before.duties).toEqual([]);
    const pinned = await assess('--aware', '2026-03-02', ...leaver, '--procedure', 'england-2018');
    expect(pinned).toMatchObject({ procedure: 'england-2018', duties: [] });
  });

  it('serious harm elsewhere in England: nothing is due from this authority', async () => {
    const a = await assess(
      '--aware',
      '2026-03-02',
      '--harm',
      'serious-harm',
      '--abuse',
      'known',
      '--where',
      'elsewhere-england',
      '--child',
      'none:9',
    );
    expect(a.duties).toEqual([]);
    expect(a.reasons.join(' ')).toContain('nothing is due');
  });

  it('a child perpetrator of 16 is assessed as a child, with its reason', async () => {
    const a = await assess(
      '--aware',
      '2026-03-02',
      '--harm',
      'serious-harm',
      '--abuse',
      'suspected',
      '--where',
      'outside-england',
      '--child',
      'perpetrator:16',
    );
    expect(a.s16c).toBe(true);
    expect(a.reasons.join(' ')).toContain('child perpetrator');
  });

  for (const [why, args] of [
    [
      'no --aware',
      ['--harm', 'death', '--abuse', 'known', '--where', 'in-area', '--child', 'none:3'],
    ],
    [
      'an unreal date',
      [
        '--aware',
        '2026-02-30',
        '--harm',
        'death',
        '--abuse',
        'known',
        '--where',
        'in-area',
        '--child',
        'none:3',
      ],
    ],
    [
      'an unknown harm',
      [
        ...base.slice(0, 2),
        '--harm',
        'injury',
        '--abuse',
        'known',
        '--where',
        'in-area',
        '--child',
        'none:3',
      ],
    ],
    [
      'an unknown place',
      [
        '--aware',
        '2026-03-02',
        '--harm',
        'death',
        '--abuse',
        'known',
        '--where',
        'abroad',
        '--child',
        'none:3',
      ],
    ],
    ['no child', base],
    ['a child of 18 who is not a care leaver', [...base, '--child', 'none:18']],
    ['a child without an age', [...base, '--child', 'looked-after']],
    ['five children', [...base, ...Array.from({ length: 5 }, () => ['--child', 'none:3']).flat()]],
    ['an unknown procedure', [...base, '--child', 'none:3', '--procedure', 'england-2099']],
    ['an unknown option', [...base, '--child', 'none:3', '--colour', 'red']],
  ] as const)
    it(`refuses ${why} with one line and exit code 2`, async () => {
      const r = await run(['assess', ...args, '--json']);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^cspr: /);
    });

  // Exit code 2 through the bin: tests/cli/deadlines.test.ts (runCli's codes for assess are tested above).
  it(
    'runs as `npx cspr assess` (the bin script)',
    () => {
      const ok = spawnSync(
        process.execPath,
        ['bin/cspr.mjs', 'assess', ...base, '--child', 'none:3', '--json'],
        { encoding: 'utf8' },
      );
      expect(ok.status).toBe(0);
      expect((JSON.parse(ok.stdout) as Assessment).s16c).toBe(true);
    },
    CHILD_MS,
  );
});
