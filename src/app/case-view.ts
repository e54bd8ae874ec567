/**
 * What a case card shows, platform-neutral: both the Slack and the Teams renderers draw this.
 * Applies the core's rule on who sees which vote (domain/vote-visibility.ts).
 */
import type { PartnershipConfig } from '../config.js';
import { dateIn, workingDaysBetween, type IsoDate } from '../domain/calendar.js';
import { OUTCOME_LABELS, STATE_LABELS, type Case, type CaseState } from '../domain/case.js';
import {
  caseDeadlines,
  dueInWords,
  openNotificationDuties,
  pendingActions,
  type PendingAction,
} from '../domain/status.js';
import type { Deadline } from '../domain/deadlines.js';
import { agencyLabel, overdueBy, statusInWords } from '../domain/action-plan.js';
import {
  ACTION_PLAN_STATES,
  availableSteps,
  STEP_LABELS,
  type StepKind,
} from '../domain/post-decision.js';
import { reviewLines } from './post-decision-view.js';
import { PROCEDURES } from '../domain/procedure.js';
import {
  PARTNER_LABELS,
  PARTNERS,
  ROLE_LABELS,
  type Actor,
  type Partner,
} from '../domain/roles.js';
import { votesStillHidden, voteVisibleTo } from '../domain/vote-visibility.js';
import { formOpen, VOTING_OPENS } from '../domain/form-states.js';

export interface DeadlineLine {
  key: string;
  label: string;
  due: IsoDate;
  /** A deadline counted in hours: its time of day in the partnership's zone ("11:00"). */
  dueTime?: string;
  basis: string;
  /** "3 working days left", "overdue by 2 working days", or "done on 2026-12-23". */
  status: string;
  overdue: boolean;
  done: boolean;
}

export interface VoteLine {
  partner: Partner;
  partnerLabel: string;
  voted: boolean;
  /** Outcome and rationale only when this viewer may see them. */
  outcome?: string;
  rationale?: string;
  by?: string;
}

export interface CaseView {
  caseId: string;
  ref: string;
  partnershipName: string;
  /** The edition of the guidance the case follows, in words with its id. */
  procedure: string;
  state: CaseState;
  stateLabel: string;
  children: string;
  notified?: {
    awareOn: IsoDate;
    incidentOn?: IsoDate;
    harm: string;
    panelNotifiedOn?: IsoDate;
    summary: string;
  };
  reasons: string[];
  deadlines: DeadlineLine[];
  pending: { label: string; who: string; due?: IsoDate }[];
  factsRecorded: boolean;
  criteriaAssessed: boolean;
  votes: VoteLine[];
  votesHidden: boolean;
  /** Why there is no Vote button yet, when that is because the rapid review has not begun. */
  voteNote?: string;
  decision?: { outcome: string; recordedOn: IsoDate; corrections: number };
  /** After the decision: what the review has recorded, as label/value lines (dates; no free text but the reviewer's name). */
  review: { label: string; value: string }[];
  /** The post-decision steps that may be recorded now. */
  steps: { step: StepKind; label: string }[];
  /** The action plan: agency, due date and status of each item (what is required is shown in `actions`). */
  actionPlan: { id: string; agency: string; due: IsoDate; status: string; overdue: boolean }[];
  /** Which buttons make sense now. */
  can: {
    facts: boolean;
    criteria: boolean;
    vote: boolean;
    step: boolean;
    actions: boolean;
    notified: boolean;
  };
}

/** The core's words for why there is no Vote button yet (re-exported for the platforms). */
export { VOTING_OPENS };

/** A deadline as the case card words it (also the dashboard's timeline marks). */
export function deadlineLine(d: Deadline, today: IsoDate): DeadlineLine {
  const done = Boolean(d.doneOn);
  const overdue = !done && workingDaysBetween(today, d.due) < 0 && d.key !== 'published-until';
  return {
    key: d.key,
    label: d.label,
    due: d.due,
    ...(d.dueTime ? { dueTime: d.dueTime } : {}),
    basis: d.basis,
    done,
    overdue,
    status: done ? `done on ${d.doneOn}` : dueInWords(d.due, today),
  };
}

/** A pending action as the case card words it: what, whose (role labels), by when. */
export function pendingLine(a: PendingAction): CaseView['pending'][number] {
  return {
    label: a.label,
    who: a.roles.map((r) => ROLE_LABELS[r]).join(' / '),
    ...(a.due ? { due: a.due } : {}),
  };
}

/** What the card adds to a child's age: status and child perpetrator, in words. */
function childNotes(status: string | undefined, perpetrator: boolean | undefined): string[] {
  return [
    ...(status === 'looked-after'
      ? ['looked-after']
      : status === 'care-leaver'
        ? ['care leaver']
        : []),
    ...(perpetrator ? ['child perpetrator'] : []),
  ];
}

/** `viewer` undefined = the shared channel message: no partner's vote is revealed before all voted. */
export function caseView(c: Case, p: PartnershipConfig, now: Date, viewer?: Actor): CaseView {
  const today = dateIn(now, p.timeZone);
  const deadlines = caseDeadlines(c, p.timescales, p.timeZone).map((d) => deadlineLine(d, today));
  const votes: VoteLine[] = PARTNERS.map((partner) => {
    const v = c.votes[partner];
    const line: VoteLine = { partner, partnerLabel: PARTNER_LABELS[partner], voted: Boolean(v) };
    if (v && voteVisibleTo(c, partner, viewer, p))
      Object.assign(line, {
        outcome: OUTCOME_LABELS[v.outcome],
        rationale: v.rationale,
        by: v.by.name,
      });
    return line;
  });
  const n = c.notification;
  // Post-decision steps (closing a referral too) are offered where the core would take them.
  const steps = availableSteps(c);
  return {
    caseId: c.id,
    ref: c.ref,
    partnershipName: p.name,
    procedure: `${PROCEDURES[c.procedure].title} (${c.procedure})`,
    state: c.state,
    stateLabel: STATE_LABELS[c.state],
    children: c.children
      .map(
        (ch) =>
          `${ch.pseudonym} (${[ch.age, ...childNotes(ch.status ?? c.notification?.childStatus, ch.perpetrator)].join(', ')})`,
      )
      .join(', '),
    ...(n
      ? {
          notified: {
            awareOn: n.awareOn,
            harm: n.harm === 'death' ? 'Death' : 'Serious harm',
            summary: n.summary,
            ...(n.incidentOn ? { incidentOn: n.incidentOn } : {}),
            ...(c.dates.panelNotifiedOn ? { panelNotifiedOn: c.dates.panelNotifiedOn } : {}),
          },
        }
      : {}),
    reasons: c.reasons ?? [],
    deadlines,
    pending: pendingActions(c, p.timescales, p.timeZone).map(pendingLine),
    factsRecorded: Boolean(c.facts),
    criteriaAssessed: Boolean(c.criteria),
    votes,
    votesHidden: votesStillHidden(c, p),
    ...(c.state === 'notified' ? { voteNote: VOTING_OPENS } : {}),
    ...(c.decision
      ? {
          decision: {
            outcome: OUTCOME_LABELS[c.decision.outcome],
            recordedOn: dateIn(new Date(c.decision.recordedAt), p.timeZone),
            corrections: c.corrections.length,
          },
        }
      : {}),
    review: reviewLines(c, p),
    steps: steps.map((step) => ({ step, label: STEP_LABELS[step] })),
    actionPlan: (c.actionPlan ?? []).map((i) => ({
      id: i.id,
      agency: agencyLabel(i.agency),
      due: i.due,
      status: statusInWords(i, today),
      overdue: overdueBy(i, today) > 0,
    })),
    can: {
      facts: formOpen(c, 'facts'),
      criteria: formOpen(c, 'criteria'),
      vote: formOpen(c, 'vote'),
      step: steps.length > 0,
      actions: ACTION_PLAN_STATES.includes(c.state) || (c.actionPlan ?? []).length > 0,
      // While any notification duty is open (the control on the card, the reminders' button).
      notified: openNotificationDuties(c).length > 0,
    },
  };
}
