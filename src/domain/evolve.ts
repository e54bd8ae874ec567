/**
 * Events → state: `evolve(case, event)` folds one stored event into the case (or creates it), and
 * `replay` folds a whole log. Pure; the counterpart of `decide` in lifecycle.ts.
 */
import { allVotes, type Case } from './case.js';
import type { CaseEvent } from './events.js';
import { redactCase } from './erasure.js';

function created(e: CaseEvent & { type: 'case.referred' | 'case.notified' }): Case {
  return {
    id: e.data.caseId,
    partnershipId: e.data.partnershipId,
    ref: e.data.ref,
    procedure: e.data.procedure,
    state: 'referred',
    children: [],
    duties: { notifyPanel: false, rapidReview: false, notifySosOfsted: false },
    reasons: [],
    dates: {},
    votes: {},
    corrections: [],
    channels: [],
    themes: [],
    remindersPaused: false,
    version: 0,
    createdAt: e.at,
    updatedAt: e.at,
  };
}

/** Folds one stored event into the case (or creates it). Never throws for a valid log. */
export function evolve(current: Case | undefined, e: CaseEvent): Case {
  if (!current && e.type !== 'case.referred' && e.type !== 'case.notified')
    throw new Error(`event log of ${e.caseId} does not start with its creation`);
  const c: Case = current
    ? { ...current, version: e.seq, updatedAt: e.at }
    : { ...created(e as CaseEvent & { type: 'case.notified' }), version: e.seq };
  switch (e.type) {
    case 'case.referred':
      return {
        ...c,
        referral: e.data.referral,
        children: e.data.referral.children,
        dates: { referredAt: e.data.referral.referredAt },
      };
    case 'case.notified': {
      const n = e.data.notification;
      const dates = {
        ...c.dates,
        awareOn: n.awareOn,
        ...(n.panelNotifiedOn ? { panelNotifiedOn: n.panelNotifiedOn } : {}),
      };
      return {
        ...c,
        state: 'notified',
        procedure: e.data.procedure,
        notification: n,
        children: n.children,
        duties: e.data.duties,
        reasons: e.data.reasons,
        dates,
      };
    }
    case 'referral.confirmed':
      return { ...c, dates: { ...c.dates, referralConfirmedAt: e.data.at } };
    case 'panel.notified':
      return { ...c, dates: { ...c.dates, panelNotifiedOn: e.data.on } }; // the reference stays on the event (timeline, export)
    case 'partners.notified':
      return { ...c, dates: { ...c.dates, partnersNotifiedOn: e.data.on } };
    case 'sos-ofsted.notified':
      return { ...c, dates: { ...c.dates, sosOfstedNotifiedOn: e.data.on } };
    case 'facts.recorded':
      return {
        ...c,
        facts: e.data.facts,
        themes: e.data.facts.themes,
        state: c.state === 'notified' ? 'rapid-review' : c.state,
      };
    case 'criteria.assessed':
      return {
        ...c,
        criteria: e.data.criteria,
        state: c.state === 'notified' ? 'rapid-review' : c.state,
      };
    case 'vote.cast':
      return {
        ...c,
        votes: { ...c.votes, [e.data.vote.partner]: e.data.vote },
        state: c.state === 'rapid-review' ? 'deciding' : c.state,
      };
    case 'case.escalated':
      return { ...c, state: 'escalated' };
    case 'decision.recorded': {
      const votes = allVotes(c);
      if (!votes) throw new Error(`decision recorded on ${c.ref} without three votes`);
      return {
        ...c,
        state: 'decided',
        decision: { outcome: e.data.outcome, votes, recordedAt: e.at, seq: e.seq },
        dates: { ...c.dates, decidedOn: e.data.on },
      };
    }
    case 'decision.corrected': {
      const correction = {
        note: e.data.note,
        by: { id: e.actor.id, name: e.actor.name },
        at: e.at,
        refersToSeq: e.data.refersToSeq,
      };
      return {
        ...c,
        corrections: [
          ...c.corrections,
          e.data.outcome ? { ...correction, outcome: e.data.outcome } : correction,
        ],
      };
    }
    case 'rapid-review.sent':
      return { ...c, state: 'sent-to-panel', dates: { ...c.dates, rapidReviewSentOn: e.data.on } };
    case 'panel.responded':
      return {
        ...c,
        panelResponse: e.data.response,
        dates: { ...c.dates, panelRespondedOn: e.data.on },
      };
    case 'review.commissioned': {
      const kind = e.data.kind ?? 'lcspr';
      const on =
        kind === 'lcspr'
          ? { reviewCommissionedOn: e.data.on }
          : { learningCommissionedOn: e.data.on };
      return {
        ...c,
        state: 'review-commissioned',
        reviewer: e.data.reviewer,
        review: { kind, reviewer: e.data.reviewer },
        dates: { ...c.dates, ...on },
      };
    }
    case 'reviewer.informed':
      return { ...c, dates: { ...c.dates, reviewerInformedOn: e.data.on } };
    case 'methodology.agreed':
      return {
        ...c,
        dates: { ...c.dates, methodologyAgreedOn: e.data.on },
        ...withReview(c, { methodology: e.data.methodology }),
      };
    case 'involvement.recorded': {
      const practitioners = e.data.who === 'practitioners';
      const dates = practitioners
        ? { practitionersInvolvedOn: e.data.on }
        : { familyInvolvedOn: e.data.on };
      const note = e.data.note
        ? withReview(
            c,
            practitioners ? { practitionersNote: e.data.note } : { familyNote: e.data.note },
          )
        : {};
      return { ...c, dates: { ...c.dates, ...dates }, ...note };
    }
    case 'report.drafting':
      return {
        ...c,
        state: 'report-drafting',
        dates: {
          ...c.dates,
          reportDraftingOn: e.data.on,
          ...(e.data.plannedPublicationOn
            ? { plannedPublicationOn: e.data.plannedPublicationOn }
            : {}),
        },
      };
    case 'report.drafted':
      return { ...c, dates: { ...c.dates, draftReportOn: e.data.on } };
    case 'report.finalised':
      return { ...c, dates: { ...c.dates, finalReportOn: e.data.on } };
    case 'report.sent': {
      const d = e.data;
      const notice =
        d.workingDays !== undefined && d.required !== undefined
          ? withReview(c, {
              reportNotice: {
                workingDays: d.workingDays,
                required: d.required,
                late: Boolean(d.late),
              },
            })
          : {};
      return {
        ...c,
        state: 'report-sent',
        dates: {
          ...c.dates,
          reportSentOn: d.on,
          finalReportOn: c.dates.finalReportOn ?? d.on,
          plannedPublicationOn: d.plannedPublicationOn,
        },
        ...notice,
      };
    }
    case 'report.published': {
      const required = c.review?.reportNotice?.required;
      const after = e.data.workingDaysAfterReport;
      const notice =
        after !== undefined && required !== undefined
          ? withReview(c, {
              reportNotice: { workingDays: after, required, late: Boolean(e.data.late) },
            })
          : {};
      return { ...c, state: 'published', dates: { ...c.dates, publishedOn: e.data.on }, ...notice };
    }
    case 'learning.shared':
      return {
        ...c,
        dates: { ...c.dates, learningSharedOn: e.data.on },
        ...(e.data.note ? withReview(c, { learningNote: e.data.note }) : {}),
      };
    case 'action.added':
      return { ...c, actionPlan: [...(c.actionPlan ?? []), e.data.item] };
    case 'action.updated': {
      const d = e.data;
      const items = (c.actionPlan ?? []).map((i) => {
        if (i.id !== d.id) return i;
        const { doneOn: _doneOn, ...rest } = i;
        const done = d.status === 'done' ? { doneOn: i.doneOn ?? d.on } : {};
        return {
          ...rest,
          status: d.status,
          updatedOn: d.on,
          ...(d.due ? { due: d.due } : {}),
          ...(d.required ? { required: d.required } : {}),
          ...done,
        };
      });
      return { ...c, actionPlan: items };
    }
    case 'monitoring.started':
      return { ...c, state: 'monitoring', dates: { ...c.dates, monitoringOn: e.data.on } };
    case 'case.closed':
      return { ...c, state: 'closed', dates: { ...c.dates, closedAt: e.at } };
    case 'case.erased':
      return {
        ...redactCase(c),
        state: 'closed',
        dates: c.dates.closedAt ? c.dates : { ...c.dates, closedAt: e.at },
        erased: { at: e.at, from: e.data.from, childCount: c.children.length },
      };
    case 'channel.opened':
    case 'channel.updated': {
      const others = c.channels.filter(
        (ch) => !(ch.platform === e.data.channel.platform && ch.id === e.data.channel.id),
      );
      return { ...c, channels: [...others, e.data.channel] };
    }
    case 'reminders.paused':
      return { ...c, remindersPaused: true };
    case 'reminders.resumed':
      return { ...c, remindersPaused: false };
    case 'step.failed':
    case 'names.confirmed':
      return c;
  }
}

/** The case's review record with these fields changed (nothing when no review was commissioned). */
function withReview(
  c: Case,
  changes: Partial<NonNullable<Case['review']>>,
): Pick<Case, 'review'> | Record<string, never> {
  return c.review ? { review: { ...c.review, ...changes } } : {};
}

/** Replays a whole log. */
export function replay(events: CaseEvent[], from?: Case): Case | undefined {
  return events.reduce<Case | undefined>((acc, e) => evolve(acc, e), from);
}
