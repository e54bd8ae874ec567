/**
 * The steps after the partners' decision (PRODUCT.md steps 6–7): the rapid review sent to the Panel,
 * the Panel's response, the local review (reviewer named; the Panel, Ofsted and DfE told the
 * reviewer's name; methodology; practitioner and family involvement; draft and final report; the
 * report sent to the Panel and the Secretary of State; publication), the lighter alternative
 * learning review (commissioned, learning shared), monitoring and closing.
 *
 * One table says when each step may be taken (`stepRefusal`): the lifecycle refuses a command with
 * the same error, and the platforms offer only the steps it allows (`availableSteps`). Pure.
 */
import { isOpen } from './action-plan.js';
import type { Case, CaseState, ReviewKind } from './case.js';
import type { ReviewTrack } from './deadlines.js';
import { DomainError } from './errors.js';

export const STEP_KINDS = [
  'send-to-panel',
  'panel-response',
  'commission',
  'reviewer-informed',
  'methodology',
  'involvement',
  'drafting',
  'draft-report',
  'final-report',
  'send-report',
  'publish',
  'share-learning',
  'monitoring',
  'close',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export function isStepKind(value: string): value is StepKind {
  return (STEP_KINDS as readonly string[]).includes(value);
}

export const STEP_LABELS: Readonly<Record<StepKind, string>> = {
  'send-to-panel': 'Rapid review sent to the Panel',
  'panel-response': 'The Panel’s response',
  commission: 'Review commissioned (reviewer named)',
  'reviewer-informed': 'Panel, Ofsted and DfE told the reviewer’s name',
  methodology: 'Methodology agreed',
  involvement: 'Practitioner or family involvement',
  drafting: 'Report drafting started',
  'draft-report': 'Draft report received',
  'final-report': 'Final report completed',
  'send-report': 'Report sent to the Panel and the Secretary of State',
  publish: 'Report published',
  'share-learning': 'Learning shared',
  monitoring: 'Monitoring the action plan',
  close: 'Case closed',
};

const LEARNING_KINDS: readonly ReviewKind[] = ['multi-agency-learning', 'single-agency-learning'];

/**
 * Which review follows the decision: `local` (a local child safeguarding practice review, decided
 * or advised by the Panel), `learning` (a multi- or single-agency learning review), `none` (no
 * further review, or the Panel's national review). Undefined before the decision.
 */
export function reviewTrack(
  c: Pick<Case, 'review' | 'panelResponse' | 'decision'>,
): ReviewTrack | undefined {
  if (c.review) return c.review.kind === 'lcspr' ? 'local' : 'learning';
  if (c.panelResponse === 'local-review') return 'local';
  const outcome = c.decision?.outcome;
  if (!outcome) return undefined;
  if (c.panelResponse === 'national-review') return 'none';
  if (outcome === 'lcspr') return 'local';
  if ((LEARNING_KINDS as readonly string[]).includes(outcome)) return 'learning';
  return 'none'; // no further review; or a national review recommended (the Panel decides)
}

const wrongState = (c: Case, allowed: readonly CaseState[], doing: string) =>
  new DomainError('case.wrong_state', `${c.ref} is ${c.state}: cannot ${doing} now.`, {
    state: c.state,
    allowed: [...allowed],
  });

const outOfOrder = (c: Case, needs: StepKind | 'action-plan', message: string) =>
  new DomainError('step.out_of_order', message, { state: c.state, needs });

const notApplicable = (c: Case, step: StepKind, message: string) =>
  new DomainError('step.not_applicable', message, { state: c.state, step });

/** The kind of review a commission starts, or why none can be commissioned now. */
export function reviewToCommission(c: Case): ReviewKind | DomainError {
  const outcome = c.decision?.outcome;
  if (c.panelResponse === 'local-review') return 'lcspr';
  if (outcome === 'no-further-review')
    return new DomainError('case.wrong_state', `The decision on ${c.ref} was no further review.`, {
      state: c.state,
    });
  if (c.panelResponse === 'national-review')
    return notApplicable(
      c,
      'commission',
      `The Panel is undertaking a national review of ${c.ref}: there is no local review to commission.`,
    );
  if (outcome === 'lcspr') return 'lcspr';
  if (outcome === 'multi-agency-learning' || outcome === 'single-agency-learning') return outcome;
  if (outcome === 'national' && !c.panelResponse)
    return outOfOrder(
      c,
      'panel-response',
      `The partners recommended a national review of ${c.ref}: record the Panel’s response first.`,
    );
  return notApplicable(
    c,
    'commission',
    `The Panel agreed to a national review of ${c.ref}: there is no local review to commission.`,
  );
}

interface Rule {
  states: (c: Case) => readonly CaseState[];
  doing: string;
  /** Further conditions once the state allows the step. */
  check?: (c: Case) => DomainError | undefined;
}

const fixed =
  (...states: CaseState[]) =>
  () =>
    states;

const localOnly = (step: StepKind) => (c: Case) =>
  reviewTrack(c) === 'local'
    ? undefined
    : notApplicable(
        c,
        step,
        `${c.ref} has a learning review, not a local review: ${STEP_LABELS[step].toLowerCase()} is a local review step.`,
      );

function closableStates(c: Case): CaseState[] {
  const out: CaseState[] = ['referred', 'published', 'monitoring'];
  const track = reviewTrack(c);
  if (c.decision && (track === 'none' || (track === 'learning' && !c.review)))
    out.push('sent-to-panel');
  if (track === 'learning' && c.review) out.push('review-commissioned');
  if (!c.duties.rapidReview && !c.decision) out.push('notified', 'rapid-review'); // e.g. a care leaver's death: no rapid review
  return out;
}

const RULES: Readonly<Record<StepKind, Rule>> = {
  'send-to-panel': { states: fixed('decided'), doing: 'send the rapid review to the Panel' },
  'panel-response': {
    states: fixed('sent-to-panel', 'review-commissioned', 'report-drafting'),
    doing: 'record the Panel’s response',
    check: (c) =>
      c.panelResponse && c.state !== 'sent-to-panel'
        ? outOfOrder(c, 'panel-response', `The Panel’s response on ${c.ref} is already recorded.`)
        : undefined,
  },
  commission: {
    states: fixed('sent-to-panel'),
    doing: 'commission a review',
    check: (c) => {
      const kind = reviewToCommission(c);
      return kind instanceof DomainError ? kind : undefined;
    },
  },
  'reviewer-informed': {
    states: fixed('review-commissioned', 'report-drafting', 'report-sent'),
    doing: 'record that the Panel, Ofsted and DfE were told the reviewer’s name',
    check: localOnly('reviewer-informed'),
  },
  methodology: {
    states: fixed('review-commissioned', 'report-drafting'),
    doing: 'record the methodology',
    check: localOnly('methodology'),
  },
  involvement: {
    states: fixed('review-commissioned', 'report-drafting'),
    doing: 'record practitioner or family involvement',
    check: localOnly('involvement'),
  },
  drafting: {
    states: fixed('review-commissioned'),
    doing: 'start drafting the report',
    check: localOnly('drafting'),
  },
  'draft-report': { states: fixed('report-drafting'), doing: 'record the draft report' },
  'final-report': {
    states: fixed('report-drafting'),
    doing: 'record the final report',
    check: (c) =>
      c.dates.draftReportOn
        ? undefined
        : outOfOrder(
            c,
            'draft-report',
            `Record the draft report on ${c.ref} before the final report.`,
          ),
  },
  'send-report': { states: fixed('report-drafting'), doing: 'record the report as sent' },
  publish: { states: fixed('report-sent'), doing: 'record publication' },
  'share-learning': {
    states: fixed('review-commissioned'),
    doing: 'record the learning as shared',
    check: (c) =>
      reviewTrack(c) === 'learning'
        ? undefined
        : notApplicable(
            c,
            'share-learning',
            `${c.ref} has a local review: its learning is published in the report.`,
          ),
  },
  monitoring: {
    states: (c) =>
      reviewTrack(c) === 'learning' ? ['published', 'review-commissioned'] : ['published'],
    doing: 'start monitoring the action plan',
    check: (c) =>
      c.state === 'review-commissioned' && !c.dates.learningSharedOn
        ? outOfOrder(
            c,
            'share-learning',
            `Record the learning of ${c.ref} as shared before monitoring its action plan.`,
          )
        : undefined,
  },
  close: {
    states: closableStates,
    doing: 'close the case',
    check: (c) => {
      if (c.state === 'review-commissioned' && !c.dates.learningSharedOn)
        return outOfOrder(
          c,
          'share-learning',
          `Record the learning of ${c.ref} as shared before closing.`,
        );
      if (c.state === 'sent-to-panel' && c.decision?.outcome === 'national' && !c.panelResponse)
        return outOfOrder(
          c,
          'panel-response',
          `The partners recommended a national review of ${c.ref}: record the Panel’s response before closing.`,
        );
      const open = (c.actionPlan ?? []).filter(isOpen);
      return open.length
        ? outOfOrder(
            c,
            'action-plan',
            `${c.ref} has ${open.length} open action plan item${open.length === 1 ? '' : 's'}: mark ${open.length === 1 ? 'it' : 'them'} done before closing.`,
          )
        : undefined;
    },
  },
};

/** Why this step cannot be taken on the case now (a DomainError with a stable code), or undefined. */
export function stepRefusal(c: Case, step: StepKind): DomainError | undefined {
  const rule = RULES[step];
  const allowed = rule.states(c);
  if (!allowed.includes(c.state)) return wrongState(c, allowed, rule.doing);
  return rule.check?.(c);
}

/** Throws the refusal of `stepRefusal`, if any. */
export function requireStep(c: Case, step: StepKind): void {
  const err = stepRefusal(c, step);
  if (err) throw err;
}

/** The steps that may be taken on the case now, in lifecycle order. */
export function availableSteps(c: Case): StepKind[] {
  return STEP_KINDS.filter((s) => !stepRefusal(c, s));
}

/** States in which the action plan may be added to or updated: from the decision until closed. */
export const ACTION_PLAN_STATES: readonly CaseState[] = [
  'decided',
  'sent-to-panel',
  'review-commissioned',
  'report-drafting',
  'report-sent',
  'published',
  'monitoring',
];
