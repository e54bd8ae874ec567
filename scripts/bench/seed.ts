/**
 * The benchmark's store: `cases` cases spread over `partnerships.length` partnerships, each with
 * the history a real case of its age would have, one commit per command (about 17 on average), on
 * the SQLite store in `dataDir`, sealed with `cipher`. Awareness is spread over the year before
 * `day`: the youngest cases are still in the rapid review (reminders due), older ones have a local
 * review commissioned, the oldest are published and monitoring their action plans.
 */
import { randomUUID } from 'node:crypto';
import type { PartnershipConfig } from '../../src/config.js';
import { addCalendarDays, type IsoDate } from '../../src/domain/calendar.js';
import type { Case, CriteriaAssessment, Facts } from '../../src/domain/case.js';
import { CRITERION_KEYS } from '../../src/domain/criteria.js';
import { decide, type Command } from '../../src/domain/lifecycle.js';
import { procedureFor } from '../../src/domain/procedure.js';
import type { Actor } from '../../src/domain/roles.js';
import { reminderIndexer } from '../../src/scheduler/reminder-scheduler.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import type { DataCipher } from '../../src/store/cipher.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const FACTS: Facts = {
  summary: 'Benchmark summary of what happened, without names.',
  agencies: ['police', 'childrens-social-care'],
  keyEpisodes: 'Two missed health visits; a police call-out.',
  immediateAction: false,
  learning: 'Information sharing between agencies.',
  complexOrNational: false,
  themes: ['neglect'],
};
const CRITERIA = Object.fromEntries(
  CRITERION_KEYS.map((k) => [k, { answer: 'yes' }]),
) as CriteriaAssessment;

export interface SeedReport {
  cases: number;
  commits: number;
  ms: number;
  /** A reference per partnership (the newest case), for the commands. */
  refs: Map<string, string>;
}

export async function seedStore(
  dataDir: string,
  partnerships: PartnershipConfig[],
  cases: number,
  day: IsoDate,
  cipher: DataCipher,
  youngShare = 0.15,
): Promise<SeedReport> {
  const store = await openSqliteStore(dataDir);
  const repo = new CaseRepository(store, reminderIndexer(partnerships), { cipher });
  await repo.init();
  const started = performance.now();
  let commits = 0;
  const refs = new Map<string, string>();
  const counters = new Map<string, number>();
  const BATCH = 250;
  for (let from = 0; from < cases; from += BATCH) {
    await store.bulk(async () => {
      for (let i = from; i < Math.min(cases, from + BATCH); i++) {
        const p = partnerships[i % partnerships.length]!;
        const young = i % Math.round(1 / youngShare) === 0;
        const ageDays = young ? 1 + (i % 12) : 30 + Math.floor(((i * 7919) % 335) + 0);
        const aware = addCalendarDays(day, -ageDays) as IsoDate;
        const n = (counters.get(p.id) ?? 0) + 1;
        counters.set(p.id, n);
        const ref = `${p.refPrefix}-2026-${String(n).padStart(3, '0')}`;
        refs.set(p.id, ref);
        commits += await seedCase(repo, p, ref, aware, ageDays);
      }
    });
  }
  for (const [id, n] of counters) await store.raiseCounter(`${id}:2026`, n);
  const ms = performance.now() - started;
  await store.close();
  return { cases, commits, ms, refs };
}

/**
 * The commands after the notification that a case of `age` days would have recorded: the rapid
 * review, the decision, the local review commissioned and, for the oldest, the report published and
 * the action plan monitored. Shared by both benchmarks so their stores look alike.
 */
export function matureCaseHistory(
  aware: IsoDate,
  age: number,
  holder: (role: string) => Actor,
): [Actor, Command][] {
  const la = holder('la');
  const bm = holder('business-manager');
  const later = (days: number) => addCalendarDays(aware, days) as IsoDate;
  const commands: [Actor, Command][] = [
    [la, { type: 'record-panel-notified', on: aware }],
    [la, { type: 'record-partners-notified', on: aware }],
    [bm, { type: 'record-facts', facts: FACTS }],
    [bm, { type: 'assess-criteria', criteria: CRITERIA }],
    ...(['la', 'police', 'health'] as const).map((partner): [Actor, Command] => [
      holder(partner),
      {
        type: 'cast-vote',
        partner,
        outcome: 'lcspr',
        rationale: 'Benchmark rationale for the vote.',
        criteria: ['multi-agency'],
      },
    ]),
    [bm, { type: 'send-to-panel', on: later(20) }],
    [bm, { type: 'record-panel-response', response: 'agrees', on: later(22) }],
    [bm, { type: 'commission-review', reviewer: 'Independent reviewer', on: later(25) }],
    [bm, { type: 'record-reviewer-informed', on: later(26) }],
    [bm, { type: 'agree-methodology', on: later(27), methodology: 'Systems review' }],
    [bm, { type: 'record-involvement', who: 'practitioners', on: later(28) }],
    [bm, { type: 'record-involvement', who: 'family', on: later(28) }],
  ];
  if (age > 150)
    commands.push(
      [bm, { type: 'start-report-drafting', on: later(50) }],
      [bm, { type: 'record-draft-report', on: later(90) }],
      [bm, { type: 'record-final-report', on: later(110) }],
      [bm, { type: 'send-report', on: later(120), plannedPublicationOn: later(140) }],
      [bm, { type: 'publish', on: later(140) }],
      [bm, { type: 'start-monitoring', on: later(141) }],
    );
  return commands;
}

async function seedCase(
  repo: CaseRepository,
  p: PartnershipConfig,
  ref: string,
  aware: IsoDate,
  age: number,
): Promise<number> {
  const holder = (role: string): Actor => {
    const h = p.holders.find((x) => x.roles.includes(role as never))!;
    return { id: h.id, name: h.name, partnershipId: p.id, roles: h.roles };
  };
  const la = holder('la');
  const identity = {
    caseId: randomUUID(),
    partnershipId: p.id,
    ref,
    procedure: procedureFor(aware, p.procedure),
  };
  const notification = {
    awareOn: aware,
    harm: 'serious-harm' as const,
    abuseOrNeglect: 'suspected' as const,
    location: 'in-area' as const,
    childStatus: 'none' as const,
    children: [{ pseudonym: 'Child A', age: 4 }],
    notifyingAgency: 'Children’s social care',
    summary: 'Benchmark case',
  };
  const commands: [Actor, Command][] = [[la, { type: 'notify', identity, notification }]];
  if (age <= 28) {
    commands.push([la, { type: 'record-panel-notified', on: aware }]);
  } else {
    commands.push(...matureCaseHistory(aware, age, holder));
  }
  // One commit per command, as the bot writes them.
  let c: Case | undefined;
  let version = 0;
  for (const [actor, command] of commands) {
    const at = new Date();
    const events = decide(c, command, {
      actor,
      now: at,
      timescales: p.timescales,
      zone: p.timeZone,
    });
    const result = await repo.append(
      { caseId: identity.caseId, partnershipId: p.id, expectedVersion: version, events, actor, at },
      c,
    );
    c = result.case;
    version = c.version;
  }
  return commands.length;
}
