/**
 * The weekly oversight digest: claimed once per partnership, ISO week and recipient however many
 * instances tick; on the first working day of the week from the reminder time (Tuesday after a
 * bank-holiday Monday), caught up later in the week if missed; retried after a failure; and only
 * ever the partnership's own cases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import { firstWorkingDayOfWeek, isoWeek, oversightDigest } from '../../src/app/oversight.js';
import { parsePartnerships, type PartnershipConfig } from '../../src/config.js';
import { instantAt } from '../../src/domain/calendar.js';
import { manualClock } from '../../src/domain/clock.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { DeliveryError } from '../../src/scheduler/notifier.js';
import {
  OversightScheduler,
  type DigestDelivery,
  type DigestNotifier,
  type DigestTarget,
} from '../../src/scheduler/oversight-scheduler.js';
import { reminderIndexer } from '../../src/scheduler/reminder-scheduler.js';
import { actor, facts, notification } from '../support/partnerships.js';

const holders = (prefix: string) => [
  { id: `${prefix}-la`, name: `${prefix} LA lead`, roles: ['la'] },
  { id: `${prefix}-police`, name: `${prefix} police lead`, roles: ['police'] },
  { id: `${prefix}-health`, name: `${prefix} health lead`, roles: ['health'] },
  { id: `${prefix}-bm`, name: `${prefix} business manager`, roles: ['business-manager'] },
  { id: `${prefix}-chair`, name: `${prefix} chair`, roles: ['chair'] },
];

function partnerships(): PartnershipConfig[] {
  const { partnerships: ps, problems } = parsePartnerships(
    JSON.stringify({
      partnerships: [
        {
          id: 'north',
          name: 'North SCP',
          refPrefix: 'NORTH',
          holders: holders('north'),
          reviewGroup: { slackChannelId: 'C0REVIEW1' },
        },
        { id: 'south', name: 'South SCP', refPrefix: 'SOUTH', holders: holders('south') },
      ],
    }),
    'test',
  );
  if (problems.length) throw new Error(problems.join('\n'));
  return ps;
}

class Chat implements DigestNotifier {
  readonly platform = 'slack' as const;
  readonly delivered: DigestDelivery[] = [];
  failures = 0;
  targets(p: PartnershipConfig): DigestTarget[] {
    return [
      ...p.holders
        .filter((h) => h.roles.includes('chair'))
        .map((holder) => ({ kind: 'chair' as const, holder })),
      ...(p.reviewGroup ? [{ kind: 'group' as const }] : []),
    ];
  }
  async deliver(d: DigestDelivery): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new DeliveryError('rate limited', 60_000);
    }
    this.delivered.push(d);
  }
  to(who: string): DigestDelivery[] {
    return this.delivered.filter(
      (d) => (d.target.kind === 'chair' ? d.target.holder.id : `${d.partnership.id}-group`) === who,
    );
  }
}

const ps = partnerships();
const clock = manualClock('2026-12-21T10:00:00Z');
let engine: StorePort;
let repo: CaseRepository;
let service: CaseService;

beforeEach(async () => {
  engine = await openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-oversight-')));
  repo = new CaseRepository(engine, reminderIndexer(ps));
  await repo.init();
  service = new CaseService(repo, ps, clock);
});
afterEach(async () => {
  await engine.close();
});

async function scheduler(chat: Chat, id = 'one'): Promise<OversightScheduler> {
  const s = new OversightScheduler(repo, engine, ps, [chat], clock, undefined, { instanceId: id });
  await s.init();
  return s;
}

/** NORTH-2026-001 decided and sent to the Panel with two action plan items; SOUTH-2026-001 notified; NORTH-2026-002 closed. */
async function seed(): Promise<void> {
  clock.set('2026-12-23T10:00:00Z');
  const la = actor(ps, 'north', 'la');
  const bm = actor(ps, 'north', 'business-manager');
  const c = (await service.notify(la, notification({ awareOn: '2026-12-22' }))).case;
  await service.run(bm, c.id, { type: 'record-facts', facts });
  for (const role of ['la', 'police', 'health'] as const)
    await service.run(actor(ps, 'north', role), c.id, {
      type: 'cast-vote',
      partner: role,
      outcome: 'lcspr',
      rationale: 'Agreed.',
      criteria: [],
    });
  await service.run(bm, c.id, { type: 'send-to-panel', on: '2026-12-23' });
  await service.run(bm, c.id, {
    type: 'add-action',
    recommendation: 'Audit referrals.',
    agency: 'police',
    required: 'Audit.',
    due: '2026-12-31',
  });
  await service.run(bm, c.id, {
    type: 'add-action',
    recommendation: 'Train staff.',
    agency: 'gp',
    required: 'Train.',
    due: '2027-03-01',
  });
  await service.notify(actor(ps, 'south', 'la'), notification({ awareOn: '2026-12-22' }));
  const referral = await service.refer(bm, {
    referredAt: '2026-12-23T09:00:00Z',
    referringAgency: 'School',
    summary: 'Concern.',
    children: [{ pseudonym: 'Child B', age: 6 }],
  });
  await service.run(bm, referral.case.id, { type: 'close', reason: 'Threshold not met' });
}

describe('the weekly oversight digest', () => {
  it('knows the ISO week and its first working day', () => {
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2026-12-29')).toBe('2026-W53');
    expect(firstWorkingDayOfWeek('2026-12-31')).toBe('2026-12-29'); // Monday 28 December is the substitute Boxing Day
    expect(firstWorkingDayOfWeek('2027-01-06')).toBe('2027-01-04');
  });

  it('lists every open case of the partnership with state, next deadline, overdue steps and open action items', async () => {
    await seed();
    const north = oversightDigest(
      ps[0]!,
      await repo.list(['north', 'south']),
      new Date(instantAt('2027-01-04', '09:05', 'Europe/London')),
    );
    expect(north.week).toBe('2027-W01');
    expect(north.cases.map((c) => c.ref)).toEqual(['NORTH-2026-001']); // the closed referral and South's case are not in it
    expect(north.cases[0]).toEqual({
      ref: 'NORTH-2026-001',
      state: 'Sent to the Panel',
      next: 'Record the Panel’s response: 2027-01-18 (10 working days left)',
      overdue: [],
      actions: [
        'A1 Police: due 2026-12-31, overdue since 2026-12-31 (open)',
        'A2 GP / primary care: due 2027-03-01, open',
      ],
    });
    expect(north.totals).toEqual({ cases: 1, overdue: 0, openActions: 2, overdueActions: 1 });
    expect(JSON.stringify(north)).not.toContain('Child');
  });

  it('goes once per partnership, week and recipient, from the reminder time on the first working day, however many instances tick', async () => {
    await seed();
    const chat = new Chat();
    const [one, two] = [await scheduler(chat, 'one'), await scheduler(chat, 'two')];
    clock.set(instantAt('2026-12-28', '10:00', 'Europe/London')); // bank holiday Monday
    expect((await one.tick()).sent).toBe(0);
    clock.set(instantAt('2026-12-29', '08:59', 'Europe/London'));
    expect((await one.tick()).sent).toBe(0);
    clock.set(instantAt('2026-12-29', '09:00', 'Europe/London'));
    await Promise.all([one.tick(), two.tick(), one.tick()]);
    expect(
      chat.delivered
        .map((d) => (d.target.kind === 'chair' ? d.target.holder.id : `${d.partnership.id}-group`))
        .sort(),
    ).toEqual(['north-chair', 'north-group', 'south-chair']);
    for (const d of chat.delivered) {
      expect(d.digest.partnershipId).toBe(d.partnership.id);
      expect(d.digest.cases.every((c) => c.ref.startsWith(d.partnership.refPrefix))).toBe(true);
      expect(d.late).toBe(false);
    }
    expect(chat.to('south-chair')[0]!.digest.cases.map((c) => c.ref)).toEqual(['SOUTH-2026-001']);
    clock.set(instantAt('2026-12-31', '09:00', 'Europe/London'));
    await two.tick();
    expect(chat.delivered).toHaveLength(3);
    clock.set(instantAt('2027-01-04', '09:01', 'Europe/London')); // a new week
    await two.tick();
    expect(chat.delivered).toHaveLength(6);
    expect(chat.to('north-chair').map((d) => d.digest.week)).toEqual(['2026-W53', '2027-W01']);
  });

  it('does not open a partnership’s cases again that week once its digests are sent, until one of them changes', async () => {
    await seed();
    const chat = new Chat();
    const s = await scheduler(chat);
    clock.set(instantAt('2026-12-29', '09:00', 'Europe/London'));
    expect((await s.tick()).partnerships).toBe(2);
    clock.set(instantAt('2026-12-29', '09:01', 'Europe/London'));
    expect((await s.tick()).partnerships).toBe(0); // both settled: their cases compared by version, none opened
    const open = (await repo.list(['north'])).find((c) => c.state !== 'closed')!;
    await service.run(actor(ps, 'north', 'business-manager'), open.id, { type: 'pause-reminders' });
    clock.set(instantAt('2026-12-29', '09:02', 'Europe/London'));
    const after = await s.tick();
    expect(after.partnerships).toBe(1); // north's case changed: opened again, its digests found sent
    expect(after.sent).toBe(0);
    expect(chat.delivered).toHaveLength(3);
  });

  it('does not mark the first digest of a fresh install late, even when it starts mid-week', async () => {
    await seed();
    const chat = new Chat();
    const s = await scheduler(chat);
    clock.set(instantAt('2027-01-06', '11:00', 'Europe/London')); // installed on a Wednesday
    expect((await s.tick()).sent).toBe(3);
    expect(chat.delivered.map((d) => d.late)).toEqual([false, false, false]);
  });

  it('catches up later in the week when it was missed, marked late; retries a failed send', async () => {
    await seed();
    const chat = new Chat();
    const s = await scheduler(chat);
    clock.set(instantAt('2026-12-29', '09:00', 'Europe/London')); // the week before, sent on time
    await s.tick();
    chat.delivered.length = 0;
    chat.failures = 1;
    clock.set(instantAt('2027-01-06', '11:00', 'Europe/London')); // Wednesday: the bot was down on Monday
    const first = await s.tick();
    expect([first.sent, first.failed]).toEqual([2, 1]);
    clock.set(instantAt('2027-01-06', '11:00:30', 'Europe/London'));
    expect((await s.tick()).sent).toBe(0); // not before the retry time (Retry-After: 60 s)
    clock.set(instantAt('2027-01-06', '11:02', 'Europe/London'));
    expect((await s.tick()).sent).toBe(1);
    expect(chat.delivered).toHaveLength(3);
    expect(chat.delivered.every((d) => d.late)).toBe(true);
    clock.set(instantAt('2027-01-06', '12:00', 'Europe/London'));
    expect((await s.tick()).sent).toBe(0);
  });
});
