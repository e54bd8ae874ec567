/**
 * Test helpers for the domain core: actors for every role, valid forms, a fixed clock and a tiny
 * in-memory event store that runs `decide` and folds the events it returns with `evolve`, exactly
 * as a real store does (numbering events, stamping them with the time and the actor).
 */
import { expect } from 'vitest';
import type {
  Case,
  CriteriaAssessment,
  Facts,
  Notification,
  Outcome,
  Referral,
} from '../../src/domain/case.js';
import { CRITERION_KEYS } from '../../src/domain/criteria.js';
import { DomainError, type ErrorCode } from '../../src/domain/errors.js';
import type { CaseEvent, CaseIdentity, NewEvent } from '../../src/domain/events.js';
import { decide, evolve, type Command, type DecideContext } from '../../src/domain/lifecycle.js';
import { timescalesFor, type Timescales } from '../../src/domain/procedure.js';
import { systemActor, type Actor, type Partner, type Role } from '../../src/domain/roles.js';

export const P1 = 'p1';
export const P2 = 'p2';
/** Wednesday 23 December 2026, 10:00 in London (GMT). */
export const NOW = new Date('2026-12-23T10:00:00Z');
export const TODAY = '2026-12-23';
export const ZONE = 'Europe/London';
export const TIMESCALES: Timescales = timescalesFor('england-2023');

export function makeActor(id: string, roles: Role[], partnershipId = P1): Actor {
  return { id, name: `Test ${id}`, partnershipId, roles };
}

/** One holder per role of partnership p1, a second LA holder (a delegate), and an LA lead of p2. */
export const actors = {
  la: makeActor('la-lead', ['la']),
  laDelegate: makeActor('la-delegate', ['la']),
  police: makeActor('police-lead', ['police']),
  health: makeActor('health-lead', ['health']),
  businessManager: makeActor('bm', ['business-manager']),
  chair: makeActor('chair', ['chair']),
  scrutineer: makeActor('scrutineer', ['scrutineer']),
  member: makeActor('member', ['member']),
  system: systemActor(P1),
  otherLa: makeActor('other-la', ['la'], P2),
  otherBusinessManager: makeActor('other-bm', ['business-manager'], P2),
} satisfies Record<string, Actor>;

/** The holder who votes for each partner. */
export const voter: Record<Partner, Actor> = {
  la: actors.la,
  police: actors.police,
  health: actors.health,
};

export function identity(overrides: Partial<CaseIdentity> = {}): CaseIdentity {
  return {
    caseId: 'case-1',
    partnershipId: P1,
    ref: REF,
    procedure: 'england-2023',
    ...overrides,
  };
}

/** A death in the area, neglect suspected, one child, aware on Tuesday 22 December 2026. */
export function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    awareOn: '2026-12-22',
    incidentOn: '2026-12-20',
    harm: 'death',
    abuseOrNeglect: 'suspected',
    location: 'in-area',
    childStatus: 'none',
    children: [{ pseudonym: 'Child A', age: 4 }],
    notifyingAgency: 'Children’s social care',
    summary: 'Infant death at home; neglect suspected.',
    ...overrides,
  };
}

export function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    referredAt: '2026-12-21T15:00:00.000Z',
    referringAgency: 'School nursing',
    summary: 'Concerns about injuries to a sibling group.',
    children: [
      { pseudonym: 'Child A', age: 6 },
      { pseudonym: 'Child B', age: 3 },
    ],
    ...overrides,
  };
}

export function facts(overrides: Partial<Facts> = {}): Facts {
  return {
    summary: 'Child A was found unresponsive at home.',
    agencies: ['police', 'health visiting', 'children’s social care'],
    keyEpisodes: 'Missed health visits; two referrals closed without assessment.',
    immediateAction: true,
    immediateActionDetail: 'Sibling placed with grandparents under a safety plan.',
    learning: 'Information sharing between health visiting and social care.',
    complexOrNational: false,
    themes: ['neglect', 'information sharing'],
    ...overrides,
  };
}

/** Every criterion and circumstance answered. */
export function criteria(answer: 'yes' | 'no' | 'unclear' = 'yes'): CriteriaAssessment {
  return Object.fromEntries(
    CRITERION_KEYS.map((k) => [k, { answer, evidence: `Evidence for ${k}` }]),
  ) as CriteriaAssessment;
}

export function voteCommand(
  partner: Partner,
  outcome: Outcome,
  rationale = `${partner} rationale for ${outcome}`,
): Command {
  return {
    type: 'cast-vote',
    partner,
    outcome,
    rationale,
    criteria: ['improvements', 'multi-agency'],
  };
}

export function context(actor: Actor, now: Date = NOW): DecideContext {
  return { actor, now, timescales: TIMESCALES, zone: ZONE };
}

/**
 * An in-memory event log of one case. `run` decides and appends; a refused command throws and
 * leaves the log unchanged, as an event store does.
 */
export class CaseLog {
  readonly events: CaseEvent[] = [];
  current: Case | undefined;
  now: Date = NOW;

  /** Moves the clock for the commands that follow. */
  at(instant: string): this {
    this.now = new Date(instant);
    return this;
  }

  /** Decides `cmd` as `actor`, stores the events and folds them into the case. Returns the stored events. */
  run(actor: Actor, cmd: Command): CaseEvent[] {
    const fresh: NewEvent[] = decide(this.current, cmd, context(actor, this.now));
    const stored = fresh.map((e, i): CaseEvent => ({
      ...e,
      caseId: this.current?.id ?? ('identity' in cmd ? cmd.identity.caseId : 'unknown'),
      seq: this.events.length + i + 1,
      at: this.now.toISOString(),
      actor: { id: actor.id, name: actor.name, roles: actor.roles },
    }));
    for (const e of stored) {
      this.current = evolve(this.current, e);
      this.events.push(e);
    }
    return stored;
  }

  /** The case, failing the test if there is none. */
  get case(): Case {
    if (!this.current) throw new Error('no case in this log');
    return this.current;
  }

  /** The DomainError `cmd` is refused with (fails the test if it is accepted), checking nothing changed. */
  refusal(actor: Actor, cmd: Command): DomainError {
    const before = this.current;
    const count = this.events.length;
    let error: unknown;
    try {
      this.run(actor, cmd);
    } catch (err) {
      error = err;
    }
    expect(error, `${cmd.type} by ${actor.id} should be refused`).toBeInstanceOf(DomainError);
    expect(this.events).toHaveLength(count);
    expect(this.current).toBe(before);
    return error as DomainError;
  }

  /** Asserts `cmd` is refused with `code`; returns the error for further checks. */
  expectRefused(actor: Actor, cmd: Command, code: ErrorCode): DomainError {
    const err = this.refusal(actor, cmd);
    expect(err.code, `${cmd.type} by ${actor.id}: ${err.message}`).toBe(code);
    return err;
  }
}

/** The types of a list of events, for compact assertions. */
export const types = (events: readonly { type: string }[]) => events.map((e) => e.type);

/** The reference every case made here has (identity()). */
export const REF = 'TEST-2026-001';

/** A refusal as the tests compare it: code, message and details. */
export const said = (log: CaseLog, actor: Actor, cmd: Command) => {
  const err = log.refusal(actor, cmd);
  return { code: err.code, message: err.message, details: err.details };
};

/** The refusal of one field. */
export const field = (code: 'field.invalid' | 'field.missing', name: string, message: string) => ({
  code,
  message,
  details: { field: name },
});

/** What a command records: each event's type and data. */
export const data = (log: CaseLog, actor: Actor, cmd: Command) =>
  log.run(actor, cmd).map((e) => [e.type, e.data]);

// Cases at each point of the lifecycle, reached through real commands.

export function notifiedCase(n: Partial<Notification> = {}): CaseLog {
  const log = new CaseLog();
  log.run(actors.la, { type: 'notify', identity: identity(), notification: notification(n) });
  return log;
}

export function referredCase(r: Partial<Referral> = {}): CaseLog {
  const log = new CaseLog();
  log.run(actors.businessManager, { type: 'refer', identity: identity(), referral: referral(r) });
  return log;
}

/** Notified, with the facts and the criteria recorded: in `rapid-review`. */
export function rapidReviewCase(): CaseLog {
  const log = notifiedCase();
  log.run(actors.businessManager, { type: 'record-facts', facts: facts() });
  log.run(actors.businessManager, { type: 'assess-criteria', criteria: criteria() });
  return log;
}

/** In `deciding`: the LA has voted. */
export function decidingCase(laOutcome: Outcome = 'lcspr'): CaseLog {
  const log = rapidReviewCase();
  log.run(actors.la, voteCommand('la', laOutcome));
  return log;
}

/** In `decided` with three matching votes. */
export function decidedCase(outcome: Outcome = 'lcspr'): CaseLog {
  const log = decidingCase(outcome);
  log.run(actors.police, voteCommand('police', outcome));
  log.run(actors.health, voteCommand('health', outcome));
  return log;
}

/** In `escalated`: LA and police want a local review, health says no further review. */
export function escalatedCase(): CaseLog {
  const log = decidingCase('lcspr');
  log.run(actors.police, voteCommand('police', 'lcspr'));
  log.run(actors.health, voteCommand('health', 'no-further-review'));
  return log;
}

export function sentToPanelCase(outcome: Outcome = 'lcspr'): CaseLog {
  const log = decidedCase(outcome);
  log.run(actors.businessManager, { type: 'send-to-panel', on: TODAY });
  return log;
}

export function reviewCommissionedCase(): CaseLog {
  const log = sentToPanelCase('lcspr');
  log.at('2027-01-20T10:00:00Z').run(actors.chair, {
    type: 'commission-review',
    reviewer: 'Independent Reviewer Ltd',
    on: '2027-01-20',
  });
  return log;
}

export function reportDraftingCase(): CaseLog {
  const log = reviewCommissionedCase();
  log.at('2027-02-01T10:00:00Z').run(actors.businessManager, {
    type: 'start-report-drafting',
    on: '2027-02-01',
    plannedPublicationOn: '2027-07-15',
  });
  return log;
}

export function reportSentCase(): CaseLog {
  const log = reportDraftingCase();
  log.at('2027-06-01T10:00:00Z').run(actors.businessManager, {
    type: 'send-report',
    on: '2027-06-01',
    plannedPublicationOn: '2027-07-15',
  });
  return log;
}

export function publishedCase(): CaseLog {
  const log = reportSentCase();
  log.at('2027-07-15T10:00:00Z').run(actors.businessManager, { type: 'publish', on: '2027-07-15' });
  return log;
}

export function monitoringCase(): CaseLog {
  const log = publishedCase();
  log
    .at('2027-07-16T10:00:00Z')
    .run(actors.businessManager, { type: 'start-monitoring', on: '2027-07-16' });
  return log;
}

export function closedCase(): CaseLog {
  const log = monitoringCase();
  log
    .at('2028-01-10T10:00:00Z')
    .run(actors.chair, { type: 'close', reason: 'Action plan complete' });
  return log;
}
