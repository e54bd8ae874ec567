/**
 * The states in which each form is open, from the core once: the lists say what PRODUCT.md's
 * process says, and `formOpen` agrees with what `decide` takes, in every state of the lifecycle.
 */
import { describe, expect, it } from 'vitest';
import { CASE_STATES, type Case, type CaseState } from '../../src/domain/case.js';
import { DomainError } from '../../src/domain/errors.js';
import { FORM_STATES, formOpen, type CaseFormKind } from '../../src/domain/form-states.js';
import { decide, type Command } from '../../src/domain/lifecycle.js';
import type { Actor } from '../../src/domain/roles.js';
import {
  actors,
  context,
  criteria,
  decidedCase,
  decidingCase,
  escalatedCase,
  facts,
  monitoringCase,
  notifiedCase,
  publishedCase,
  rapidReviewCase,
  referredCase,
  reportDraftingCase,
  reportSentCase,
  reviewCommissionedCase,
  sentToPanelCase,
  voteCommand,
  type CaseLog,
} from './helpers.js';

function closedCase(): CaseLog {
  const log = monitoringCase();
  log
    .at('2027-08-01T10:00:00Z')
    .run(actors.businessManager, { type: 'close', reason: 'Action plan complete' });
  return log;
}

/** A case in every state of the lifecycle, reached through real commands. */
const LOGS: Record<CaseState, () => CaseLog> = {
  referred: referredCase,
  notified: () => notifiedCase(),
  'rapid-review': rapidReviewCase,
  deciding: () => decidingCase(),
  decided: () => decidedCase(),
  escalated: escalatedCase,
  'sent-to-panel': () => sentToPanelCase(),
  'review-commissioned': reviewCommissionedCase,
  'report-drafting': reportDraftingCase,
  'report-sent': reportSentCase,
  published: publishedCase,
  monitoring: monitoringCase,
  closed: closedCase,
};

/** A valid submission of each form, by someone allowed to make it. */
const SUBMISSION: Record<CaseFormKind, { actor: Actor; cmd: Command }> = {
  facts: { actor: actors.businessManager, cmd: { type: 'record-facts', facts: facts() } },
  criteria: {
    actor: actors.businessManager,
    cmd: { type: 'assess-criteria', criteria: criteria() },
  },
  vote: { actor: actors.health, cmd: voteCommand('health', 'lcspr') },
  notified: {
    actor: actors.la,
    cmd: { type: 'record-notification', panelNotifiedOn: '2026-12-23' },
  },
};

const FORMS = Object.keys(SUBMISSION) as CaseFormKind[];

/** The code `decide` refuses the submission with, or undefined when it takes it. */
function refusal(c: Case, log: CaseLog, form: CaseFormKind): string | undefined {
  const { actor, cmd } = SUBMISSION[form];
  try {
    decide(c, cmd, context(actor, log.now));
    return undefined;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

describe('the states each form is open in', () => {
  it('are those of the process: facts and criteria during the rapid review, votes once it has begun, notification dates until sent to the Panel', () => {
    expect(FORM_STATES.facts).toEqual(['notified', 'rapid-review', 'deciding', 'escalated']);
    expect(FORM_STATES.criteria).toEqual(['notified', 'rapid-review', 'deciding', 'escalated']);
    expect(FORM_STATES.vote).toEqual(['rapid-review', 'deciding', 'escalated']);
    expect(FORM_STATES.notified).toEqual([
      'notified',
      'rapid-review',
      'deciding',
      'escalated',
      'decided',
    ]);
  });

  it('covers every state of the lifecycle in this test', () => {
    expect(Object.keys(LOGS).sort()).toEqual([...CASE_STATES].sort());
  });

  for (const state of CASE_STATES) {
    it(`agree with what the core takes in ${state}`, () => {
      const log = LOGS[state]();
      expect(log.case.state).toBe(state);
      for (const form of FORMS) {
        const code = refusal(log.case, log, form);
        if (formOpen(log.case, form)) expect(code, `${form} in ${state}`).toBeUndefined();
        else
          expect(code, `${form} in ${state}`).toMatch(
            /^(case\.wrong_state|vote\.decision_recorded)$/,
          );
      }
    });
  }

  it('closes voting with the decision, whatever the state says', () => {
    const decided = decidedCase().case;
    const odd: Case = { ...decided, state: 'escalated' };
    expect(formOpen(odd, 'vote')).toBe(false);
    expect(formOpen({ ...odd, decision: undefined }, 'vote')).toBe(true);
    expect(formOpen(odd, 'facts')).toBe(true);
  });
});
