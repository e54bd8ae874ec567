/** What a case needs next: its deadlines and the pending actions with whose they are. */
import { actionKey, agencyLabel, isOpen, ownerOf } from './action-plan.js';
import { addWorkingDays, workingDaysBetween, type IsoDate } from './calendar.js';
import { allVotes, type Case, type CaseState } from './case.js';
import { computeDeadlines, type CaseDates, type Deadline, type DeadlineKey } from './deadlines.js';
import { NOTIFICATION_STATES, RAPID_REVIEW_STATES, VOTING_STATES } from './form-states.js';
import { reviewTrack } from './post-decision.js';
import type { Timescales } from './procedure.js';
import { PARTNER_LABELS, PARTNERS, type Role } from './roles.js';

export function caseDeadlines(c: Case, t: Timescales, zone?: string): Deadline[] {
  if (!c.dates.awareOn) {
    // A referral not yet notified: only the referral confirmation can be due.
    const d = {
      awareOn: c.dates.referredAt?.slice(0, 10) ?? c.createdAt.slice(0, 10),
      ...c.dates,
    } as CaseDates;
    return computeDeadlines(
      t,
      d,
      { notifyPanel: false, rapidReview: false, notifySosOfsted: false },
      zone,
    );
  }
  return computeDeadlines(t, c.dates as CaseDates, c.duties, zone, reviewTrack(c));
}

/** The notification duties, as deadline keys. */
export const NOTIFICATION_DEADLINES: readonly DeadlineKey[] = [
  'notify-panel',
  'notify-partners',
  'notify-sos-ofsted',
];

/** The notification duties the case carries and has not recorded yet, while they can still be recorded. */
export function openNotificationDuties(c: Case): DeadlineKey[] {
  if (!NOTIFICATION_STATES.includes(c.state) || !c.dates.awareOn) return [];
  const open: DeadlineKey[] = [];
  if (c.duties.notifyPanel && !c.dates.panelNotifiedOn) open.push('notify-panel');
  if (c.duties.notifyPanel && !c.dates.partnersNotifiedOn) open.push('notify-partners');
  if (c.duties.notifySosOfsted && !c.dates.sosOfstedNotifiedOn) open.push('notify-sos-ofsted');
  return open;
}

export interface PendingAction {
  key: string;
  label: string;
  /** Roles whose holders should act. */
  roles: Role[];
  /** The deadline it serves, when there is one. */
  deadline?: DeadlineKey;
  due?: IsoDate;
}

const STOPPED = new Set(['closed']);

export function pendingActions(c: Case, t: Timescales, zone?: string): PendingAction[] {
  if (STOPPED.has(c.state)) return [];
  const deadlines = new Map(caseDeadlines(c, t, zone).map((d) => [d.key, d]));
  const out: PendingAction[] = [];
  const add = (a: PendingAction) => {
    const d = a.deadline ? deadlines.get(a.deadline) : undefined;
    if (a.deadline && (!d || d.doneOn)) return;
    out.push(d ? { ...a, due: d.due } : a);
  };
  if (c.state === 'referred') {
    add({
      key: 'confirm-referral',
      label: 'Confirm the referral in writing',
      roles: ['business-manager'],
      deadline: 'referral-confirmation',
    });
    add({
      key: 'notify',
      label: 'Decide whether to notify the Panel',
      roles: ['la', 'business-manager'],
    });
    return out;
  }
  const inReview = RAPID_REVIEW_STATES.includes(c.state);
  // Once the partners have decided, the notifications are behind them: the Panel cannot receive a
  // rapid review without one. Their deadlines stay on the card; they are no longer chased.
  if (inReview) {
    add({
      key: 'notify-panel',
      label: 'Notify the Panel',
      roles: ['la'],
      deadline: 'notify-panel',
    });
    add({
      key: 'notify-partners',
      label: 'Report to the safeguarding partners',
      roles: ['la'],
      deadline: 'notify-partners',
    });
    add({
      key: 'notify-sos-ofsted',
      label: 'Notify the Secretary of State and Ofsted',
      roles: ['la'],
      deadline: 'notify-sos-ofsted',
    });
  }
  // Without a rapid-review duty (e.g. a looked-after child's death, not suspected) the steps are still pending, with no due date.
  const rapidReviewDeadline: DeadlineKey | undefined = c.duties.rapidReview
    ? 'rapid-review'
    : undefined;
  if (inReview && c.duties.rapidReview) {
    if (!c.facts)
      add({
        key: 'facts',
        label: 'Record the rapid-review facts',
        roles: ['business-manager', 'la', 'police', 'health'],
        deadline: 'rapid-review',
      });
    if (!c.criteria)
      add({
        key: 'criteria',
        label: 'Assess the criteria',
        roles: ['business-manager', 'la', 'police', 'health'],
        deadline: 'rapid-review',
      });
  }
  if (VOTING_STATES.includes(c.state) && !allVotes(c)) {
    for (const p of PARTNERS)
      if (!c.votes[p])
        add({
          key: `vote-${p}`,
          label: `Vote for ${PARTNER_LABELS[p]}`,
          roles: [p],
          deadline: c.duties.rapidReview ? 'rapid-review' : undefined,
        });
  }
  if (c.state === 'escalated')
    add({
      key: 'resolve-escalation',
      label: 'Agree a decision (partners’ votes differ)',
      roles: ['la', 'police', 'health', 'chair'],
      deadline: rapidReviewDeadline,
    });
  if (c.state === 'decided')
    add({
      key: 'send-to-panel',
      label: 'Send the rapid review to the Panel',
      roles: ['business-manager'],
      deadline: rapidReviewDeadline,
    });
  postDecisionActions(c, add);
  for (const item of (c.actionPlan ?? []).filter(isOpen))
    add({
      key: actionKey(item),
      label: `Action plan ${item.id}: ${agencyLabel(item.agency)}`,
      roles: [ownerOf(item.agency)],
      due: item.due,
    });
  return out;
}

const WAITING_FOR_PANEL: readonly CaseState[] = [
  'sent-to-panel',
  'review-commissioned',
  'report-drafting',
];
const LOCAL_REVIEW: readonly CaseState[] = ['review-commissioned', 'report-drafting'];
const LEADS: Role[] = ['business-manager', 'chair'];

/** The steps of PRODUCT.md 6–7 still to do, each with the deadline it serves. */
function postDecisionActions(c: Case, add: (a: PendingAction) => void): void {
  const track = reviewTrack(c);
  if (WAITING_FOR_PANEL.includes(c.state) && !c.panelResponse)
    add({
      key: 'panel-response',
      label: 'Record the Panel’s response',
      roles: ['business-manager'],
      deadline: 'panel-response',
    });
  if (c.state === 'sent-to-panel') {
    if (track === 'local')
      add({
        key: 'commission',
        label: 'Commission the local review and name the reviewer',
        roles: LEADS,
        deadline: 'draft-report',
      });
    if (track === 'learning')
      add({
        key: 'commission',
        label: 'Commission the learning review',
        roles: LEADS,
        deadline: 'learning-review',
      });
    if (track === 'none' && !(c.decision?.outcome === 'national' && !c.panelResponse))
      add({ key: 'close', label: 'Close the case (no local review)', roles: LEADS });
  }
  if (
    track === 'local' &&
    ['review-commissioned', 'report-drafting', 'report-sent'].includes(c.state)
  )
    add({
      key: 'reviewer-informed',
      label: 'Tell the Panel, Ofsted and DfE the reviewer’s name',
      roles: ['business-manager'],
      deadline: 'reviewer-informed',
    });
  if (track === 'local' && LOCAL_REVIEW.includes(c.state)) {
    if (!c.dates.methodologyAgreedOn)
      add({
        key: 'methodology',
        label: 'Agree the methodology with the reviewer',
        roles: LEADS,
        deadline: 'draft-report',
      });
    if (!c.dates.practitionersInvolvedOn)
      add({
        key: 'involve-practitioners',
        label: 'Involve the practitioners',
        roles: ['business-manager'],
        deadline: 'draft-report',
      });
    if (!c.dates.familyInvolvedOn)
      add({
        key: 'involve-family',
        label: 'Invite the family to contribute',
        roles: ['business-manager'],
        deadline: 'draft-report',
      });
    add({
      key: 'draft-report',
      label: 'Receive the draft report',
      roles: LEADS,
      deadline: 'draft-report',
    });
    add({
      key: 'final-report',
      label: 'Complete the final report',
      roles: LEADS,
      deadline: 'final-report',
    });
  }
  if (c.state === 'report-drafting' && c.dates.plannedPublicationOn)
    add({
      key: 'send-report',
      label: 'Send the report to the Panel and the Secretary of State',
      roles: ['business-manager'],
      deadline: 'report-to-panel-sos',
    });
  if (c.state === 'report-sent' && c.dates.plannedPublicationOn)
    add({
      key: 'publish',
      label: 'Publish the report (planned date)',
      roles: LEADS,
      due: c.dates.plannedPublicationOn,
    });
  if (track === 'learning' && c.state === 'review-commissioned' && !c.dates.learningSharedOn)
    add({
      key: 'share-learning',
      label: 'Share the learning of the learning review',
      roles: LEADS,
      deadline: 'learning-review',
    });
}

/**
 * "3 working days left", "due today", "2 working days overdue". A due date on a weekend or bank
 * holiday counts as due on the next working day (the rule of the deadline engine), so the words
 * never jump from "due next working day" to "overdue" over a weekend.
 */
export function dueInWords(due: IsoDate, today: IsoDate): string {
  const effective = addWorkingDays(due, 0);
  const n = workingDaysBetween(today, effective);
  if (n === 0) {
    if (effective === today) return 'due today';
    return effective > today ? 'due next working day' : 'overdue since the last working day';
  }
  if (n > 0) return `${n} working day${n === 1 ? '' : 's'} left`;
  return `${-n} working day${n === -1 ? '' : 's'} overdue`;
}
