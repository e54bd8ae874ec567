/**
 * The case lifecycle: `decide(case, command, context)` returns the events a command produces or
 * throws a DomainError with a stable code; `evolve(case, event)` (evolve.ts, re-exported here)
 * folds an event into the case.
 * Pure: time, the actor and the timescales come in through the context.
 */
import {
  ACTION_STATUSES,
  nextActionId,
  type ActionItem,
  type ActionStatus,
} from './action-plan.js';
import { dateIn, parseIsoDate, workingDaysBetween, type IsoDate } from './calendar.js';
import {
  allVotes,
  CASE_STATES,
  OUTCOMES,
  type Case,
  type CaseState,
  type ChannelRef,
  type CriteriaAssessment,
  type Facts,
  type Notification,
  type Outcome,
  type PanelResponse,
  type Referral,
} from './case.js';
import { assessNotifiability, childFacts, CRITERION_KEYS, type CriterionKey } from './criteria.js';
import { DomainError, invalid, missing } from './errors.js';
import type { CaseIdentity, NewEvent } from './events.js';
import { NOTIFICATION_STATES, RAPID_REVIEW_STATES, VOTING_STATES } from './form-states.js';
import { ACTION_PLAN_STATES, requireStep, reviewToCommission } from './post-decision.js';
import { procedureFor, type ProcedureId, type Timescales } from './procedure.js';
import {
  can,
  isPartner,
  notPermitted,
  notYourVote,
  type Action,
  type Actor,
  type Partner,
} from './roles.js';
import { check, checkChildren, dateProblem, LIMITS, textProblem } from './validate.js';

export type Command =
  | { type: 'refer'; identity: CaseIdentity; referral: Referral }
  | {
      type: 'notify';
      identity: CaseIdentity;
      notification: Notification;
      namesConfirmed?: string[];
    }
  | { type: 'confirm-referral' }
  | { type: 'record-panel-notified'; on: IsoDate }
  | { type: 'record-partners-notified'; on: IsoDate }
  | { type: 'record-sos-ofsted-notified'; on: IsoDate }
  /** The notification form: any of the three dates (and the Panel's reference), recorded together. */
  | {
      type: 'record-notification';
      panelNotifiedOn?: IsoDate;
      panelReference?: string;
      partnersNotifiedOn?: IsoDate;
      sosOfstedNotifiedOn?: IsoDate;
    }
  | { type: 'record-facts'; facts: Facts; namesConfirmed?: string[] }
  | { type: 'assess-criteria'; criteria: CriteriaAssessment; namesConfirmed?: string[] }
  | {
      type: 'cast-vote';
      partner: Partner;
      outcome: Outcome;
      rationale: string;
      criteria: CriterionKey[];
      namesConfirmed?: string[];
    }
  | { type: 'correct-decision'; note: string; outcome?: Outcome }
  | { type: 'send-to-panel'; on: IsoDate }
  | { type: 'record-panel-response'; response: PanelResponse; on: IsoDate }
  | { type: 'commission-review'; reviewer: string; on: IsoDate }
  | { type: 'start-report-drafting'; on: IsoDate; plannedPublicationOn?: IsoDate }
  | { type: 'send-report'; on: IsoDate; plannedPublicationOn: IsoDate }
  | { type: 'publish'; on: IsoDate }
  | { type: 'start-monitoring'; on: IsoDate }
  | { type: 'close'; reason: string }
  | { type: 'record-reviewer-informed'; on: IsoDate }
  | { type: 'agree-methodology'; on: IsoDate; methodology: string }
  | { type: 'record-involvement'; who: 'practitioners' | 'family'; on: IsoDate; note?: string }
  | { type: 'record-draft-report'; on: IsoDate }
  | { type: 'record-final-report'; on: IsoDate }
  | { type: 'share-learning'; on: IsoDate; note?: string }
  | {
      type: 'add-action';
      recommendation: string;
      agency: string;
      required: string;
      due: IsoDate;
      status?: ActionStatus;
    }
  | { type: 'update-action'; id: string; status: ActionStatus; due?: IsoDate; required?: string }
  | { type: 'erase'; reason: string }
  | { type: 'pause-reminders' }
  | { type: 'resume-reminders' }
  | { type: 'record-channel'; channel: ChannelRef; isNew: boolean }
  | { type: 'record-failure'; step: string; code: string; message: string };

export type CommandType = Command['type'];

export interface DecideContext {
  actor: Actor;
  now: Date;
  timescales: Timescales;
  /** The partnership's time zone, for "today" and event dates. */
  zone: string;
  /** The edition the partnership pins; unset: the one in force on the day of awareness. */
  pinnedProcedure?: ProcedureId;
}

const PANEL_RESPONSES: readonly PanelResponse[] = ['national-review', 'local-review', 'agrees'];

/** Command → the action of the permission table it needs (system effects need none). */
const ACTION_OF: Record<CommandType, Action | null> = {
  refer: 'refer',
  notify: 'notify',
  'confirm-referral': 'refer',
  'record-panel-notified': 'record-notification',
  'record-partners-notified': 'record-notification',
  'record-sos-ofsted-notified': 'record-notification',
  'record-notification': 'record-notification',
  'record-facts': 'record-facts',
  'assess-criteria': 'assess-criteria',
  'cast-vote': 'vote',
  'correct-decision': 'correct-decision',
  'send-to-panel': 'post-decision',
  'record-panel-response': 'post-decision',
  'commission-review': 'post-decision',
  'start-report-drafting': 'post-decision',
  'send-report': 'post-decision',
  publish: 'post-decision',
  'start-monitoring': 'post-decision',
  close: 'post-decision',
  'record-reviewer-informed': 'post-decision',
  'agree-methodology': 'post-decision',
  'record-involvement': 'post-decision',
  'record-draft-report': 'post-decision',
  'record-final-report': 'post-decision',
  'share-learning': 'post-decision',
  'add-action': 'post-decision',
  'update-action': 'post-decision',
  erase: 'erase',
  'pause-reminders': 'pause-reminders',
  'resume-reminders': 'pause-reminders',
  'record-channel': null,
  'record-failure': null,
};

/** The refusal of any change to an erased case (its record is kept, without personal data). */
export function caseErased(c: Pick<Case, 'ref' | 'state'>): DomainError {
  return new DomainError('case.erased', `${c.ref} was erased: it can no longer change.`, {
    state: c.state,
  });
}

function requireState(c: Case, allowed: readonly CaseState[], doing: string): void {
  if (!allowed.includes(c.state))
    throw new DomainError('case.wrong_state', `${c.ref} is ${c.state}: cannot ${doing} now.`, {
      state: c.state,
      allowed: [...allowed],
    });
}

function requireCase(c: Case | undefined): Case {
  if (!c) throw new DomainError('case.not_found', 'No such case.');
  return c;
}

function pastDate(
  on: string,
  ctx: DecideContext,
  field: string,
  label: string,
  notBefore?: IsoDate,
): void {
  check(dateProblem(on, dateIn(ctx.now, ctx.zone), label), field);
  if (notBefore && on < notBefore) throw invalid(field, `${label} cannot be before ${notBefore}.`);
}

/** The field ids a names warning was overridden for: a few short ids, recorded as they are. */
const FIELD_ID = /^[A-Za-z][A-Za-z0-9-]{0,39}$/;

export function decide(current: Case | undefined, cmd: Command, ctx: DecideContext): NewEvent[] {
  const events = decideCommand(current, cmd, ctx);
  // A names warning overridden is recorded with what it was about, on the timeline.
  const confirmed = 'namesConfirmed' in cmd ? cmd.namesConfirmed : undefined;
  if (confirmed?.length && events.length) {
    if (
      !Array.isArray(confirmed) ||
      confirmed.length > 20 ||
      !confirmed.every((f) => typeof f === 'string' && FIELD_ID.test(f))
    )
      throw invalid('namesConfirmed', 'Unknown fields in the names confirmation.');
    events.push({ type: 'names.confirmed', data: { fields: [...new Set(confirmed)] } });
  }
  return events;
}

function decideCommand(current: Case | undefined, cmd: Command, ctx: DecideContext): NewEvent[] {
  const action = ACTION_OF[cmd.type];
  const partnershipId =
    current?.partnershipId ??
    ('identity' in cmd ? cmd.identity.partnershipId : ctx.actor.partnershipId);
  // Other partnerships' cases do not exist for you, nor for another partnership's bot.
  if (current && current.partnershipId !== ctx.actor.partnershipId)
    throw new DomainError('case.not_found', 'No such case.');
  if (action === null) {
    if (ctx.actor.id !== 'system')
      throw new DomainError('action.not_permitted', 'Only the bot records this.');
  } else if (cmd.type === 'cast-vote') {
    if (!ctx.actor.roles.includes(cmd.partner) || ctx.actor.partnershipId !== partnershipId)
      throw notYourVote(cmd.partner);
  } else if (!can(ctx.actor, action, partnershipId)) {
    throw notPermitted(action);
  }
  if (current?.erased && action !== null) throw caseErased(current);
  const today = dateIn(ctx.now, ctx.zone);

  switch (cmd.type) {
    case 'refer': {
      if (current) throw new DomainError('case.already_exists', 'This case already exists.');
      checkChildren(cmd.referral.children, 'none');
      check(
        textProblem(cmd.referral.referringAgency, 'Referring agency', LIMITS.short),
        'referringAgency',
      );
      check(textProblem(cmd.referral.summary, 'Summary', LIMITS.summary), 'summary');
      return [{ type: 'case.referred', data: { ...cmd.identity, referral: cmd.referral } }];
    }
    case 'notify': {
      if (current) requireState(current, ['referred'], 'notify the Panel of this referral');
      const n = cmd.notification;
      pastDate(n.awareOn, ctx, 'awareOn', 'Date the local authority became aware');
      if (n.incidentOn) {
        pastDate(n.incidentOn, ctx, 'incidentOn', 'Date of incident');
        if (n.incidentOn > n.awareOn)
          throw invalid(
            'incidentOn',
            'Date of incident cannot be after the date the local authority became aware.',
          );
      }
      if (n.panelNotifiedOn)
        pastDate(
          n.panelNotifiedOn,
          ctx,
          'panelNotifiedOn',
          'Date the Panel was notified',
          n.awareOn,
        );
      checkChildren(n.children, n.childStatus);
      check(textProblem(n.notifyingAgency, 'Notifying agency', LIMITS.short), 'notifyingAgency');
      check(textProblem(n.summary, 'Summary', LIMITS.summary), 'summary');
      // The edition follows the date of awareness unless the partnership pins one.
      const procedure = procedureFor(n.awareOn, ctx.pinnedProcedure);
      const assessment = assessNotifiability(
        { ...n, children: childFacts(n) },
        ctx.timescales,
        procedure,
      );
      const identity = current
        ? { caseId: current.id, partnershipId: current.partnershipId, ref: current.ref, procedure }
        : { ...cmd.identity, procedure };
      return [
        {
          type: 'case.notified',
          data: {
            ...identity,
            notification: n,
            duties: assessment.duties,
            reasons: assessment.reasons,
          },
        },
      ];
    }
    case 'confirm-referral': {
      const c = requireCase(current);
      requireState(c, ['referred', 'notified'], 'confirm the referral');
      if (!c.referral)
        throw new DomainError('case.wrong_state', `${c.ref} did not start as a referral.`);
      return [{ type: 'referral.confirmed', data: { at: ctx.now.toISOString() } }];
    }
    case 'record-panel-notified':
    case 'record-partners-notified':
    case 'record-sos-ofsted-notified': {
      const c = requireCase(current);
      requireState(c, NOTIFICATION_STATES, 'record a notification date');
      pastDate(cmd.on, ctx, 'on', 'The date', c.notification?.awareOn);
      const type =
        cmd.type === 'record-panel-notified'
          ? 'panel.notified'
          : cmd.type === 'record-partners-notified'
            ? 'partners.notified'
            : 'sos-ofsted.notified';
      return [{ type, data: { on: cmd.on } }];
    }
    case 'record-notification':
      return recordNotification(requireCase(current), cmd, ctx);
    case 'record-facts': {
      const c = requireCase(current);
      requireState(c, RAPID_REVIEW_STATES, 'record rapid-review facts');
      const f = cmd.facts;
      check(textProblem(f.summary, 'Summary of what happened', LIMITS.text), 'summary');
      check(textProblem(f.keyEpisodes, 'Key practice episodes', LIMITS.text), 'keyEpisodes');
      check(textProblem(f.learning, 'Learning identified', LIMITS.text), 'learning');
      if (f.agencies.length === 0)
        throw missing('agencies', 'Choose at least one agency involved.');
      if (f.immediateAction)
        check(
          textProblem(f.immediateActionDetail, 'What immediate action', LIMITS.text),
          'immediateActionDetail',
        );
      return [{ type: 'facts.recorded', data: { facts: f } }];
    }
    case 'assess-criteria': {
      const c = requireCase(current);
      requireState(c, RAPID_REVIEW_STATES, 'assess the criteria');
      for (const key of CRITERION_KEYS) {
        const a = cmd.criteria[key];
        if (!a) throw missing(key, 'Answer every criterion and circumstance.');
        check(textProblem(a.evidence, 'Evidence', LIMITS.evidence, false), key);
      }
      return [{ type: 'criteria.assessed', data: { criteria: cmd.criteria } }];
    }
    case 'cast-vote': {
      const c = requireCase(current);
      if (c.decision)
        throw new DomainError(
          'vote.decision_recorded',
          `The decision on ${c.ref} is recorded: votes can no longer change.`,
        );
      requireState(c, VOTING_STATES, 'vote (record the rapid-review facts first)');
      if (!isPartner(cmd.partner)) throw invalid('partner', 'Unknown partner.');
      if (!OUTCOMES.includes(cmd.outcome))
        throw invalid('outcome', 'Choose one of the five outcomes.');
      check(textProblem(cmd.rationale, 'Rationale', LIMITS.text), 'rationale');
      if (!cmd.criteria.every((k) => CRITERION_KEYS.includes(k)))
        throw invalid('criteria', 'Unknown criterion.');
      const previous = c.votes[cmd.partner]?.outcome;
      const vote = {
        partner: cmd.partner,
        outcome: cmd.outcome,
        rationale: cmd.rationale.trim(),
        criteria: [...new Set(cmd.criteria)],
        by: { id: ctx.actor.id, name: ctx.actor.name },
        at: ctx.now.toISOString(),
      };
      const events: NewEvent[] = [
        { type: 'vote.cast', data: previous ? { vote, previous } : { vote } },
      ];
      const votes = allVotes({ votes: { ...c.votes, [cmd.partner]: vote } });
      if (votes) {
        const outcomes = {
          la: votes.la.outcome,
          police: votes.police.outcome,
          health: votes.health.outcome,
        };
        if (outcomes.la === outcomes.police && outcomes.police === outcomes.health) {
          events.push({ type: 'decision.recorded', data: { outcome: outcomes.la, on: today } });
        } else if (c.state !== 'escalated') {
          events.push({ type: 'case.escalated', data: { outcomes } });
        }
      }
      return events;
    }
    case 'correct-decision': {
      const c = requireCase(current);
      if (!c.decision)
        throw new DomainError(
          'decision.not_recorded',
          `${c.ref} has no recorded decision to correct.`,
        );
      check(textProblem(cmd.note, 'Correction note', LIMITS.text), 'note');
      const data = {
        note: cmd.note,
        refersToSeq: c.decision.seq,
        ...(cmd.outcome ? { outcome: cmd.outcome } : {}),
      };
      return [{ type: 'decision.corrected', data }];
    }
    case 'send-to-panel': {
      const c = requireCase(current);
      requireStep(c, 'send-to-panel');
      pastDate(cmd.on, ctx, 'on', 'Date sent', c.notification?.awareOn);
      return [{ type: 'rapid-review.sent', data: { on: cmd.on } }];
    }
    case 'record-panel-response': {
      const c = requireCase(current);
      requireStep(c, 'panel-response');
      if (!PANEL_RESPONSES.includes(cmd.response))
        throw invalid('response', 'Choose one of the Panel’s responses.');
      pastDate(cmd.on, ctx, 'on', 'Date of the response', c.dates.rapidReviewSentOn);
      return [{ type: 'panel.responded', data: { response: cmd.response, on: cmd.on } }];
    }
    case 'commission-review': {
      const c = requireCase(current);
      requireStep(c, 'commission');
      const kind = reviewToCommission(c);
      if (kind instanceof DomainError) throw kind;
      check(textProblem(cmd.reviewer, 'Reviewer', LIMITS.short), 'reviewer');
      pastDate(cmd.on, ctx, 'on', 'Date commissioned', c.dates.rapidReviewSentOn);
      return [
        { type: 'review.commissioned', data: { reviewer: cmd.reviewer.trim(), on: cmd.on, kind } },
      ];
    }
    case 'start-report-drafting': {
      const c = requireCase(current);
      requireStep(c, 'drafting');
      pastDate(cmd.on, ctx, 'on', 'Date');
      if (cmd.plannedPublicationOn && !parseIsoDate(cmd.plannedPublicationOn))
        throw invalid(
          'plannedPublicationOn',
          'Planned publication must be a real date as YYYY-MM-DD.',
        );
      const data = {
        on: cmd.on,
        ...(cmd.plannedPublicationOn ? { plannedPublicationOn: cmd.plannedPublicationOn } : {}),
      };
      return [{ type: 'report.drafting', data }];
    }
    case 'send-report': {
      const c = requireCase(current);
      requireStep(c, 'send-report');
      pastDate(cmd.on, ctx, 'on', 'Date sent');
      if (!parseIsoDate(cmd.plannedPublicationOn))
        throw invalid(
          'plannedPublicationOn',
          'Planned publication must be a real date as YYYY-MM-DD.',
        );
      if (cmd.plannedPublicationOn < cmd.on)
        throw invalid(
          'plannedPublicationOn',
          'Planned publication cannot be before the report is sent.',
        );
      // At least N working days before publication: a shorter notice is recorded as late, not refused.
      const required = ctx.timescales.reportBeforePublicationWorkingDays;
      const workingDays = workingDaysBetween(cmd.on, cmd.plannedPublicationOn);
      return [
        {
          type: 'report.sent',
          data: {
            on: cmd.on,
            plannedPublicationOn: cmd.plannedPublicationOn,
            workingDays,
            required,
            late: workingDays < required,
          },
        },
      ];
    }
    case 'publish': {
      const c = requireCase(current);
      requireStep(c, 'publish');
      pastDate(cmd.on, ctx, 'on', 'Publication date', c.dates.reportSentOn);
      const sent = c.dates.reportSentOn;
      if (!sent) return [{ type: 'report.published', data: { on: cmd.on } }];
      const workingDaysAfterReport = workingDaysBetween(sent, cmd.on);
      return [
        {
          type: 'report.published',
          data: {
            on: cmd.on,
            workingDaysAfterReport,
            late: workingDaysAfterReport < ctx.timescales.reportBeforePublicationWorkingDays,
          },
        },
      ];
    }
    case 'start-monitoring': {
      const c = requireCase(current);
      requireStep(c, 'monitoring');
      pastDate(cmd.on, ctx, 'on', 'Date');
      return [{ type: 'monitoring.started', data: { on: cmd.on } }];
    }
    case 'close': {
      const c = requireCase(current);
      requireStep(c, 'close');
      check(textProblem(cmd.reason, 'Reason', LIMITS.short), 'reason');
      return [{ type: 'case.closed', data: { reason: cmd.reason, from: c.state } }];
    }
    case 'erase': {
      const c = requireCase(current);
      check(textProblem(cmd.reason, 'Reason', LIMITS.short), 'reason');
      return [{ type: 'case.erased', data: { reason: cmd.reason.trim(), from: c.state } }];
    }
    case 'record-reviewer-informed': {
      const c = requireCase(current);
      requireStep(c, 'reviewer-informed');
      pastDate(cmd.on, ctx, 'on', 'Date told', c.dates.reviewCommissionedOn);
      return [{ type: 'reviewer.informed', data: { on: cmd.on } }];
    }
    case 'agree-methodology': {
      const c = requireCase(current);
      requireStep(c, 'methodology');
      check(textProblem(cmd.methodology, 'Methodology', LIMITS.text), 'methodology');
      pastDate(cmd.on, ctx, 'on', 'Date agreed', c.dates.reviewCommissionedOn);
      return [
        { type: 'methodology.agreed', data: { on: cmd.on, methodology: cmd.methodology.trim() } },
      ];
    }
    case 'record-involvement': {
      const c = requireCase(current);
      requireStep(c, 'involvement');
      if (cmd.who !== 'practitioners' && cmd.who !== 'family')
        throw invalid('who', 'Say whether practitioners or the family contributed.');
      check(textProblem(cmd.note, 'Note', LIMITS.text, false), 'note');
      pastDate(cmd.on, ctx, 'on', 'Date', c.dates.reviewCommissionedOn);
      const note = cmd.note?.trim();
      return [
        {
          type: 'involvement.recorded',
          data: { who: cmd.who, on: cmd.on, ...(note ? { note } : {}) },
        },
      ];
    }
    case 'record-draft-report': {
      const c = requireCase(current);
      requireStep(c, 'draft-report');
      pastDate(cmd.on, ctx, 'on', 'Date of the draft', c.dates.reviewCommissionedOn);
      return [{ type: 'report.drafted', data: { on: cmd.on } }];
    }
    case 'record-final-report': {
      const c = requireCase(current);
      requireStep(c, 'final-report');
      pastDate(cmd.on, ctx, 'on', 'Date of the final report', c.dates.draftReportOn);
      return [{ type: 'report.finalised', data: { on: cmd.on } }];
    }
    case 'share-learning': {
      const c = requireCase(current);
      requireStep(c, 'share-learning');
      check(textProblem(cmd.note, 'Note', LIMITS.text, false), 'note');
      pastDate(cmd.on, ctx, 'on', 'Date shared', c.dates.learningCommissionedOn);
      const note = cmd.note?.trim();
      return [{ type: 'learning.shared', data: { on: cmd.on, ...(note ? { note } : {}) } }];
    }
    case 'add-action': {
      const c = requireCase(current);
      requireState(c, ACTION_PLAN_STATES, 'add to the action plan');
      check(textProblem(cmd.recommendation, 'Recommendation', LIMITS.text), 'recommendation');
      check(textProblem(cmd.agency, 'Agency responsible', LIMITS.short), 'agency');
      check(textProblem(cmd.required, 'What is required', LIMITS.text), 'required');
      if (!parseIsoDate(cmd.due))
        throw invalid('due', 'Due date must be a real date as YYYY-MM-DD.');
      const status = cmd.status ?? 'open';
      if (!ACTION_STATUSES.includes(status))
        throw invalid('status', 'Choose open, in progress or done.');
      const item: ActionItem = {
        id: nextActionId(c.actionPlan ?? []),
        recommendation: cmd.recommendation.trim(),
        agency: cmd.agency.trim(),
        required: cmd.required.trim(),
        due: cmd.due,
        status,
        addedOn: today,
        ...(status === 'done' ? { doneOn: today } : {}),
      };
      return [{ type: 'action.added', data: { item } }];
    }
    case 'update-action': {
      const c = requireCase(current);
      requireState(c, ACTION_PLAN_STATES, 'update the action plan');
      if (!(c.actionPlan ?? []).some((i) => i.id === cmd.id))
        throw new DomainError('action.not_found', `${c.ref} has no action plan item ${cmd.id}.`, {
          field: 'item',
        });
      if (!ACTION_STATUSES.includes(cmd.status))
        throw invalid('status', 'Choose open, in progress or done.');
      if (cmd.due !== undefined && !parseIsoDate(cmd.due))
        throw invalid('due', 'Due date must be a real date as YYYY-MM-DD.');
      check(textProblem(cmd.required, 'What is required', LIMITS.text, false), 'required');
      const required = cmd.required?.trim();
      return [
        {
          type: 'action.updated',
          data: {
            id: cmd.id,
            on: today,
            status: cmd.status,
            ...(cmd.due ? { due: cmd.due } : {}),
            ...(required ? { required } : {}),
          },
        },
      ];
    }
    case 'pause-reminders':
    case 'resume-reminders': {
      const c = requireCase(current);
      requireState(
        c,
        CASE_STATES.filter((st) => st !== 'closed'),
        'change its reminders',
      );
      const pause = cmd.type === 'pause-reminders';
      if (c.remindersPaused === pause)
        throw new DomainError(
          'case.wrong_state',
          `Reminders for ${c.ref} are already ${pause ? 'paused' : 'on'}.`,
          { state: c.state },
        );
      return [{ type: pause ? 'reminders.paused' : 'reminders.resumed', data: {} }];
    }
    case 'record-channel': {
      requireCase(current);
      return [
        { type: cmd.isNew ? 'channel.opened' : 'channel.updated', data: { channel: cmd.channel } },
      ];
    }
    case 'record-failure': {
      requireCase(current);
      return [
        { type: 'step.failed', data: { step: cmd.step, code: cmd.code, message: cmd.message } },
      ];
    }
  }
}

/** A Panel notification reference ("CSPRP-2026-01234"): short, one line. */
const PANEL_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}$/;

const NOTIFICATION_DUTIES = [
  {
    field: 'panelNotifiedOn',
    label: 'Date the Panel was notified',
    event: 'panel.notified',
    duty: 'notifyPanel',
  },
  {
    field: 'partnersNotifiedOn',
    label: 'Date the safeguarding partners were told',
    event: 'partners.notified',
    duty: 'notifyPanel',
  },
  {
    field: 'sosOfstedNotifiedOn',
    label: 'Date the Secretary of State and Ofsted were told',
    event: 'sos-ofsted.notified',
    duty: 'notifySosOfsted',
  },
] as const;

/**
 * The notification form's dates: each for a duty the case carries, none in the future or before the
 * local authority became aware; a date already recorded and given again changes nothing. All or nothing.
 */
function recordNotification(
  c: Case,
  cmd: Extract<Command, { type: 'record-notification' }>,
  ctx: DecideContext,
): NewEvent[] {
  requireState(c, NOTIFICATION_STATES, 'record a notification date');
  const today = dateIn(ctx.now, ctx.zone);
  const aware = c.notification?.awareOn;
  const reference = cmd.panelReference?.trim() || undefined;
  if (reference !== undefined && !PANEL_REFERENCE.test(reference))
    throw invalid(
      'panelReference',
      'The Panel’s reference is up to 40 letters, digits, spaces, dots, dashes or slashes.',
    );
  const events: NewEvent[] = [];
  for (const d of NOTIFICATION_DUTIES) {
    const on = cmd[d.field];
    if (on === undefined) continue;
    if (!c.duties[d.duty])
      throw invalid(d.field, `${c.ref} carries no such duty: nothing to record.`);
    check(dateProblem(on, today, d.label), d.field);
    if (aware && on < aware)
      throw invalid(
        d.field,
        `${d.label} cannot be before the local authority became aware (${aware}).`,
      );
    const newReference = d.field === 'panelNotifiedOn' && reference !== undefined;
    if (c.dates[d.field] === on && !newReference) continue;
    events.push(
      d.event === 'panel.notified'
        ? { type: d.event, data: { on, ...(reference ? { reference } : {}) } }
        : { type: d.event, data: { on } },
    );
  }
  if (reference !== undefined && cmd.panelNotifiedOn === undefined) {
    if (!c.dates.panelNotifiedOn)
      throw invalid('panelNotifiedOn', 'Give the date the Panel was notified with its reference.');
    events.push({ type: 'panel.notified', data: { on: c.dates.panelNotifiedOn, reference } });
  }
  if (events.length === 0)
    throw missing(
      NOTIFICATION_DUTIES.find((d) => c.duties[d.duty])?.field ?? 'panelNotifiedOn',
      'Give at least one date that is not recorded yet.',
    );
  return events;
}

export { evolve, replay } from './evolve.js';
