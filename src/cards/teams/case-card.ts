/**
 * The case card drawn from the platform-neutral CaseView. The shared card (no viewer) goes into the
 * case channel and refreshes per user (`refresh.userIds`); a partner holder's own view carries the
 * vote form inline, everyone else's the status. The title is the case reference only.
 */
import type { CaseView } from '../../app/case-view.js';
import type { FieldErrors, FormDef } from '../forms/index.js';
import { actionData, type CardVerb } from './action-data.js';
import { fieldItems } from './form-card.js';
import { expandCard, type AdaptiveCard } from './template.js';

export interface CaseCardOptions {
  /** Teams user ids (MRIs) whose card refreshes to their own view automatically (at most 60). */
  refreshUserIds?: string[];
  /** The viewer's inline vote form. */
  vote?: {
    form: FormDef;
    requestId?: string;
    values?: Record<string, string>;
    errors?: FieldErrors;
  };
  /** Which buttons to show (default: what the case state allows). */
  buttons?: {
    facts: boolean;
    criteria: boolean;
    vote: boolean;
    step?: boolean;
    actions?: boolean;
    notified?: boolean;
  };
  notice?: string;
  noticeStyle?: 'good' | 'attention' | 'warning' | 'accent' | 'emphasis';
}

const MAX_REFRESH_USERS = 60;

export function caseCard(view: CaseView, o: CaseCardOptions = {}): AdaptiveCard {
  const n = view.notified;
  const summaryFacts = [
    { title: 'State', value: view.stateLabel },
    { title: 'Procedure', value: view.procedure },
    { title: 'Children', value: view.children || '—' },
    ...(n
      ? [
          { title: 'Became aware', value: n.awareOn },
          { title: 'Harm', value: n.harm },
        ]
      : []),
    ...(n?.incidentOn ? [{ title: 'Date of incident', value: n.incidentOn }] : []),
    ...(n?.panelNotifiedOn ? [{ title: 'Panel notified', value: n.panelNotifiedOn }] : []),
  ];
  const sections = [
    {
      heading: 'Deadlines',
      note: '',
      facts: view.deadlines.map((d) => ({
        title: d.label,
        value: `${d.dueTime ? `by ${d.due} ${d.dueTime}` : d.due} · ${d.overdue ? '⚠ ' : ''}${d.status}`,
      })),
    },
    {
      heading: 'Next steps',
      note: view.pending.length ? '' : 'Nothing pending.',
      facts: view.pending.map((a) => ({
        title: a.label,
        value: `${a.who}${a.due ? ` · by ${a.due}` : ''}`,
      })),
    },
    {
      heading: 'Rapid review',
      note: '',
      facts: [
        { title: 'Facts', value: view.factsRecorded ? 'Recorded' : 'Not yet recorded' },
        { title: 'Criteria', value: view.criteriaAssessed ? 'Assessed' : 'Not yet assessed' },
      ],
    },
    {
      heading: 'Votes',
      note: [
        view.voteNote,
        view.votesHidden
          ? 'Votes stay hidden from the other partners until all three have voted.'
          : '',
      ]
        .filter(Boolean)
        .join(' '),
      facts: view.votes.map((v) => ({
        title: v.partnerLabel,
        value: !v.voted
          ? 'Not yet voted'
          : v.outcome
            ? `${v.outcome} (${v.by}): ${v.rationale}`
            : 'Voted (hidden until all three have voted)',
      })),
    },
    ...(view.review.length
      ? [
          {
            heading: 'After the decision',
            note: '',
            facts: view.review.map((l) => ({ title: l.label, value: l.value })),
          },
        ]
      : []),
    ...(view.actionPlan.length
      ? [
          {
            heading: 'Action plan',
            note: '',
            facts: view.actionPlan.map((a) => ({
              title: `${a.id} ${a.agency}`,
              value: `due ${a.due} · ${a.overdue ? '⚠ ' : ''}${a.status}`,
            })),
          },
        ]
      : []),
  ];
  const buttons = o.buttons ?? view.can;
  const button = (title: string, verb: CardVerb) => ({
    title,
    verb,
    data: actionData(verb, { caseId: view.caseId }),
  });
  const actions = [
    ...((buttons.notified ?? view.can.notified)
      ? [button('Record notification', 'notified.open')]
      : []),
    // Once recorded, the same form opens filled in: the button says it edits.
    ...(buttons.facts
      ? [button(view.factsRecorded ? 'Edit facts' : 'Record facts', 'facts.open')]
      : []),
    ...(buttons.criteria
      ? [button(view.criteriaAssessed ? 'Edit criteria' : 'Assess criteria', 'criteria.open')]
      : []),
    ...(buttons.vote && !o.vote ? [button('Vote', 'vote.open')] : []),
    ...((buttons.step ?? view.can.step) ? [button('Next step', 'step.choose')] : []),
    ...((buttons.actions ?? view.can.actions) ? [button('Action plan', 'actions.list')] : []),
    button('Refresh', 'case.refresh'),
  ];
  const userIds = [...new Set(o.refreshUserIds ?? [])].slice(0, MAX_REFRESH_USERS);
  const refreshData = actionData('case.refresh', { caseId: view.caseId });
  return expandCard('case', {
    ref: view.ref,
    partnershipName: view.partnershipName,
    notice: o.notice ?? '',
    noticeStyle: o.noticeStyle ?? 'emphasis',
    summaryFacts,
    summary: n?.summary ?? '',
    reasons: view.reasons.map((text) => ({ text })),
    sections,
    decision: view.decision
      ? `Decision: ${view.decision.outcome} (recorded on ${view.decision.recordedOn})${view.decision.corrections ? `; ${view.decision.corrections} correction(s)` : ''}`
      : '',
    vote: o.vote
      ? {
          title: o.vote.form.title,
          intro: o.vote.form.intro ?? '',
          submitLabel: o.vote.form.submitLabel,
          fieldItems: fieldItems(o.vote.form, o.vote.values, o.vote.errors),
          data: actionData('vote.submit', {
            caseId: view.caseId,
            requestId: o.vote.requestId ?? true,
          }),
        }
      : null,
    actions,
    refresh: userIds.length
      ? {
          action: {
            type: 'Action.Execute',
            title: 'Refresh',
            verb: 'case.refresh',
            data: refreshData,
          },
          userIds,
        }
      : null,
  });
}
