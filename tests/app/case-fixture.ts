/**
 * A case driven through the real CaseService on the embedded store, step by step as the partners
 * would: notification, facts, criteria, votes, decision, and on to publication. For the timeline
 * and report tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseService } from '../../src/app/case-service.js';
import type { PartnershipConfig } from '../../src/config.js';
import type { Facts } from '../../src/domain/case.js';
import { manualClock } from '../../src/domain/clock.js';
import type { CriteriaAssessment } from '../../src/domain/case.js';
import { systemActor } from '../../src/domain/roles.js';
import { reminderIndexer } from '../../src/scheduler/reminder-scheduler.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { actor, notification, testPartnerships } from '../support/partnerships.js';

export const FACTS: Facts = {
  summary: 'Child A was found unresponsive at home; the family were known to several agencies.',
  agencies: ['childrens-social-care', 'police', 'health-visiting', 'gp'],
  keyEpisodes:
    'Missed health visits in October.\nA police call-out in November | no referral made.',
  immediateAction: true,
  immediateActionDetail: 'Sibling B placed with grandparents under a safety plan.',
  learning: 'Information sharing between health visiting and social care.',
  goodPractice: 'The school nurse escalated promptly.',
  complexOrNational: false,
  themes: ['neglect', 'safe-sleep'],
};

export const CRITERIA: CriteriaAssessment = {
  improvements: { answer: 'yes', evidence: 'Missed visits were not escalated.' },
  'recurrent-themes': { answer: 'yes', evidence: 'Third safe-sleep case this year.' },
  'multi-agency': { answer: 'yes' },
  'panel-referred': { answer: 'no' },
  'single-agency': { answer: 'unclear', evidence: 'Health visiting caseloads under review.' },
  'no-agency': { answer: 'no' },
  'cross-boundary': { answer: 'no' },
  institutional: { answer: 'no' },
};

export interface Fixture {
  engine: StorePort;
  repo: CaseRepository;
  service: CaseService;
  partnerships: PartnershipConfig[];
  clock: ReturnType<typeof manualClock>;
  dir: string;
  close(): Promise<void>;
}

/** A service on a fresh embedded store (or on `options.dir`, with `options.partnerships`). */
export async function openFixture(
  start = '2026-12-23T10:00:00Z',
  options: { dir?: string; partnerships?: PartnershipConfig[] } = {},
): Promise<Fixture> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-report-'));
  const partnerships = options.partnerships ?? testPartnerships();
  const engine = await openSqliteStore(dir);
  const repo = new CaseRepository(engine, reminderIndexer(partnerships));
  await repo.init();
  const clock = manualClock(start);
  const service = new CaseService(repo, partnerships, clock);
  return {
    engine,
    repo,
    service,
    partnerships,
    clock,
    dir,
    async close() {
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const who = (f: Fixture, role: string, partnershipId = 'north') =>
  actor(f.partnerships, partnershipId, role);

export type Stage = 'notified' | 'one-vote' | 'decided';

/**
 * A north case at the given stage. Aware Tuesday 22 December 2026 (Panel due 31 December). The
 * Panel is notified late on 4 January 2027 (2 working days late), partners on time; at 'decided'
 * the rapid review has gone to the Panel (12 January 2027, due 15 January) and the Panel agreed.
 * `padding` adds that many pause/resume pairs of the reminders (a long audit trail).
 */
export async function caseAt(f: Fixture, stage: Stage, padding = 0): Promise<string> {
  const la = who(f, 'la');
  const bm = who(f, 'business-manager');
  const created = await f.service.notify(
    la,
    notification({
      awareOn: '2026-12-22',
      incidentOn: '2026-12-20',
      harm: 'death',
      children: [
        { pseudonym: 'Child A', age: 4 },
        { pseudonym: 'Sibling B', age: 7 },
      ],
      summary: 'Infant death at home; neglect suspected. Sibling B was present.',
    }),
  );
  const id = created.case.id;
  await f.service.run(systemActor('north'), id, {
    type: 'record-channel',
    channel: { platform: 'slack', id: 'G0001', name: 'cspr-north-2026-001' },
    isNew: true,
  });
  await f.service.run(la, id, { type: 'record-partners-notified', on: '2026-12-23' });
  for (let i = 0; i < padding; i++) {
    await f.service.run(bm, id, { type: 'pause-reminders' });
    await f.service.run(bm, id, { type: 'resume-reminders' });
  }
  if (stage === 'notified') return id;
  f.clock.set('2027-01-04T11:00:00Z');
  await f.service.run(la, id, { type: 'record-panel-notified', on: '2027-01-04' });
  await f.service.run(bm, id, { type: 'record-facts', facts: FACTS });
  await f.service.run(bm, id, { type: 'assess-criteria', criteria: CRITERIA });
  await f.service.run(systemActor('north'), id, {
    type: 'record-failure',
    step: 'chat.update',
    code: 'ratelimited',
    message: 'The case message could not be updated: Slack asked me to slow down.',
  });
  await f.service.run(who(f, 'police'), id, {
    type: 'cast-vote',
    partner: 'police',
    outcome: 'lcspr',
    rationale: 'POLICE-RATIONALE: two agencies missed the escalation.',
    criteria: ['improvements', 'multi-agency'],
  });
  if (stage === 'one-vote') return id;
  await f.service.run(la, id, {
    type: 'cast-vote',
    partner: 'la',
    outcome: 'multi-agency-learning',
    rationale: 'LA-RATIONALE first view.',
    criteria: ['multi-agency'],
  });
  await f.service.run(la, id, {
    type: 'cast-vote',
    partner: 'la',
    outcome: 'lcspr',
    rationale: 'LA-RATIONALE: the criteria for a local review are met.',
    criteria: ['improvements', 'recurrent-themes'],
  });
  f.clock.set('2027-01-08T15:30:00Z');
  await f.service.run(who(f, 'health'), id, {
    type: 'cast-vote',
    partner: 'health',
    outcome: 'lcspr',
    rationale: 'HEALTH-RATIONALE: learning for health visiting.',
    criteria: ['improvements'],
  });
  f.clock.set('2027-01-12T09:00:00Z');
  await f.service.run(bm, id, { type: 'send-to-panel', on: '2027-01-12' });
  await f.service.run(bm, id, {
    type: 'record-panel-response',
    response: 'agrees',
    on: '2027-01-12',
  });
  return id;
}
