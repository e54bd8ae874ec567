/**
 * The daily retention job: erases closed cases once their partnership's retention period after
 * closing has ended — not a day before, never an open case, each partnership with its own period —
 * once per partnership and day however many instances tick (claimed in the store), taking over a
 * run whose instance died. The erasure is on the audit trail as the bot's, with the reason. And the
 * configuration of `retentionMonths` (default 84, validated).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import { actorOf } from '../../src/app/identity.js';
import {
  ConfigError,
  loadConfig,
  parsePartnerships,
  type PartnershipConfig,
} from '../../src/config.js';
import type { Referral } from '../../src/domain/case.js';
import { manualClock } from '../../src/domain/clock.js';
import { DEFAULT_RETENTION_MONTHS } from '../../src/domain/erasure.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import { DataCipher } from '../../src/store/cipher.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { RetentionJob, type DailyJobDoc } from '../../src/scheduler/retention.js';

const holders = (prefix: string) => [
  { id: `${prefix}-la`, name: `${prefix} LA lead`, roles: ['la'] },
  { id: `${prefix}-police`, name: `${prefix} police lead`, roles: ['police'] },
  { id: `${prefix}-health`, name: `${prefix} health lead`, roles: ['health'] },
  { id: `${prefix}-bm`, name: `${prefix} business manager`, roles: ['business-manager'] },
];
const FILE = {
  partnerships: [
    { id: 'north', name: 'North', refPrefix: 'NORTH', holders: holders('north') }, // default retention
    {
      id: 'south',
      name: 'South',
      refPrefix: 'SOUTH',
      retentionMonths: 12,
      holders: holders('south'),
    },
  ],
};

const referral = (tag: string): Referral => ({
  referredAt: '2026-12-21T15:00:00.000Z',
  referringAgency: `${tag} agency`,
  summary: `${tag} summary`,
  children: [{ pseudonym: 'Child R', age: 5 }],
});

let dir: string;
let engine: StorePort;
let service: CaseService;
let partnerships: PartnershipConfig[];
const clock = manualClock('2026-12-23T10:00:00Z');

const bm = (p: string) => {
  const cfg = partnerships.find((x) => x.id === p)!;
  return actorOf(
    cfg,
    cfg.holders.find((h) => h.roles.includes('business-manager'))!,
  );
};

/** A referred case, closed at the clock's time when `close` is set. */
async function caseIn(p: 'north' | 'south', tag: string, close = true): Promise<string> {
  const id = (await service.refer(bm(p), referral(tag))).case.id;
  if (close) await service.run(bm(p), id, { type: 'close', reason: `${tag}: no further action` });
  return id;
}

const job = (instanceId = 'instance-1') =>
  new RetentionJob(service, engine, clock, undefined, { instanceId });

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-retention-'));
  engine = await openSqliteStore(dir);
  const repo = new CaseRepository(engine, undefined, {
    cipher: new DataCipher(DataCipher.generateKey()),
  });
  await repo.init();
  ({ partnerships } = parsePartnerships(JSON.stringify(FILE), 'test'));
  clock.set('2026-12-23T10:00:00Z');
  service = new CaseService(repo, partnerships, clock);
});
afterEach(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the retention job', () => {
  it('erases each partnership’s closed cases on the day its retention period ends, not before, and never an open case', async () => {
    const north = await caseIn('north', 'N1');
    const south = await caseIn('south', 'S1');
    const open = await caseIn('north', 'N2', false);

    clock.set('2027-12-22T10:00:00Z'); // the day before south's 12 months end
    expect((await job().tick()).erased).toEqual([]);
    clock.set('2027-12-23T10:00:00Z');
    const r = await job().tick();
    expect(r).toEqual({ claimed: ['north', 'south'], erased: ['SOUTH-2026-001'], failed: 0 });
    expect((await service.repo.load(south))!.erased).toBeDefined();
    expect((await service.repo.load(north))!.erased).toBeUndefined();

    clock.set('2033-12-22T10:00:00Z'); // north: 84 months from 23 December 2026
    expect((await job().tick()).erased).toEqual([]);
    clock.set('2033-12-23T10:00:00Z');
    expect((await job().tick()).erased).toEqual(['NORTH-2026-001']);
    clock.set('2045-01-02T10:00:00Z');
    await job().tick();
    expect((await service.repo.load(open))!.erased).toBeUndefined();
    expect((await service.repo.load(open))!.state).toBe('referred');
  });

  it('records the erasure on the audit trail as the bot’s, with the reason, and erases the personal fields', async () => {
    const id = await caseIn('south', 'S2');
    clock.set('2028-01-05T10:00:00Z');
    await job().tick();
    const events = await service.repo.events(id);
    const last = events.at(-1)!;
    expect(last.type).toBe('case.erased');
    expect(last.actor).toEqual({ id: 'system', name: 'CSPR bot (retention schedule)', roles: [] });
    expect(last.data).toEqual({
      reason: 'Retention period ended: 12 months after the case closed on 2026-12-23.',
      from: 'closed',
    });
    const c = (await service.repo.load(id))!;
    expect(JSON.stringify(c)).not.toContain('S2');
    expect(JSON.stringify(events)).not.toContain('S2');
    expect(c.erased).toMatchObject({ from: 'closed', childCount: 1 });
  });

  it('runs once per partnership and day, however many instances tick at once', async () => {
    await caseIn('south', 'S3');
    clock.set('2027-12-23T10:00:00Z');
    const reports = await Promise.all([job('a').tick(), job('b').tick(), job('c').tick()]);
    expect(reports.flatMap((r) => r.claimed).sort()).toEqual(['north', 'south']);
    expect(reports.flatMap((r) => r.erased)).toEqual(['SOUTH-2026-001']);
    expect((await job('a').tick()).claimed).toEqual([]); // later the same day: done
    const runs = (await engine.records<DailyJobDoc>('daily_jobs').page(undefined, 100)).map(
      (r) => r.value,
    );
    expect(runs.map((r) => [r._id, r.state, r.erased])).toEqual(
      expect.arrayContaining([
        ['retention:north:2027-12-23', 'done', 0],
        ['retention:south:2027-12-23', 'done', 1],
      ]),
    );
  });

  it('waits for the run time of the day in the partnership’s zone, and takes over a run whose instance died', async () => {
    await caseIn('south', 'S4');
    clock.set('2027-12-23T00:30:00Z'); // 00:30 in London: before 01:00
    expect((await job().tick()).claimed).toEqual([]);
    clock.set('2027-12-23T02:00:00Z');
    await engine.records<DailyJobDoc>('daily_jobs').put(
      'retention:south:2027-12-23',
      {
        _id: 'retention:south:2027-12-23',
        job: 'retention',
        partnershipId: 'south',
        day: '2027-12-23',
        state: 'running',
        owner: 'dead-instance',
        leaseUntil: '2027-12-23T01:30:00.000Z',
        startedAt: '2027-12-23T01:00:00.000Z',
      },
      { owner: 'south' },
    );
    const r = await job('alive').tick();
    expect(r.claimed).toEqual(['north', 'south']);
    expect(r.erased).toEqual(['SOUTH-2026-001']);
  });
});

describe('retentionMonths in the partnership file', () => {
  const yaml = (extra: string) =>
    `partnerships:\n  - id: lincs\n    name: Lincs\n    refPrefix: LINCS\n${extra}    holders:\n      - { id: a, name: A, roles: [la, police, health] }\n`;
  const load = (text: string) => loadConfig({ CSPR_CONFIG: '/p.yaml' }, () => text);

  it('defaults to 84 months (7 years), for the partnership’s IG lead to confirm', () => {
    expect(DEFAULT_RETENTION_MONTHS).toBe(84);
    expect(load(yaml('')).partnerships[0]!.retentionMonths).toBe(84);
    expect(load(yaml('    retentionMonths: 120\n')).partnerships[0]!.retentionMonths).toBe(120);
  });

  it('refuses a retention that is not a whole number of months from 1', () => {
    for (const bad of ['0', '1.5', '"7 years"'])
      expect(() => load(yaml(`    retentionMonths: ${bad}\n`)), bad).toThrow(ConfigError);
  });
});
