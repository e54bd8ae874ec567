/**
 * The case lifecycle: `decide(case, command, context)` returns the events a command produces or
 * throws a DomainError with a stable code; `evolve(case, event)` folds an event into the case.
 * Pure: time, the actor and the timescales come in through the context.
 */
import { dateIn, type IsoDate } from './calendar.js';
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
import { assessNotifiability, CRITERION_KEYS, type CriterionKey } from './criteria.js';
import { DomainError, invalid, missing } from './errors.js';
import type { CaseEvent, CaseIdentity, NewEvent } from './events.js';
import type { Timescales } from './procedure.js';
import { can, isPartner, type Action, type Actor, type Partner } from './roles.js';
import { check, checkChildren, dateProblem, LIMITS, textProblem } from './validate.js';

export type Command =
  | { type: 'refer'; identity: CaseIdentity; referral: Referral }
  | { type: 'notify'; identity: CaseIdentity; notification: Notification }
  | { type: 'confirm-referral' }
  | { type: 'record-panel-notified'; on: IsoDate }
  | { type: 'record-partners-notified'; on: IsoDate }
  | { type: 'record-sos-ofsted-notified'; on: IsoDate }
  | { type: 'record-facts'; facts: Facts }
  | { type: 'assess-criteria'; criteria: CriteriaAssessment }
  | { type: 'cast-vote'; partner: Partner; outcome: Outcome; rationale: string; criteria: CriterionKey[] }
  | { type: 'correct-decision'; note: string; outcome?: Outcome }
  | { type: 'send-to-panel'; on: IsoDate }
  | { type: 'record-panel-response'; response: PanelResponse; on: IsoDate }
  | { type: 'commission-review'; reviewer: string; on: IsoDate }
  | { type: 'start-report-drafting'; on: IsoDate; plannedPublicationOn?: IsoDate }
  | { type: 'send-report'; on: IsoDate; plannedPublicationOn: IsoDate }
  | { type: 'publish'; on: IsoDate }
  | { type: 'start-monitoring'; on: IsoDate }
  | { type: 'close'; reason: string }
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
}

const RAPID_REVIEW_STATES: readonly CaseState[] = ['notified', 'rapid-review', 'deciding', 'escalated'];
const VOTING_STATES: readonly CaseState[] = ['rapid-review', 'deciding', 'escalated'];
const LEARNING_OUTCOMES: readonly Outcome[] = ['no-further-review', 'single-agency-learning', 'multi-agency-learning'];

/** Command → the action of the permission table it needs (system effects need none). */
const ACTION_OF: Record<CommandType, Action | null> = {
  refer: 'refer',
  notify: 'notify',
  'confirm-referral': 'refer',
  'record-panel-notified': 'notify',
  'record-partners-notified': 'notify',
  'record-sos-ofsted-notified': 'notify',
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
  'pause-reminders': 'pause-reminders',
  'resume-reminders': 'pause-reminders',
  'record-channel': null,
  'record-failure': null,
};

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

function pastDate(on: string, ctx: DecideContext, field: string, label: string, notBefore?: IsoDate): void {
  check(dateProblem(on, dateIn(ctx.now, ctx.zone), label), field);
  if (notBefore && on < notBefore) throw invalid(field, `${label} cannot be before ${notBefore}.`);
}

export function decide(current: Case | undefined, cmd: Command, ctx: DecideContext): NewEvent[] {
  const action = ACTION_OF[cmd.type];
  const partnershipId = current?.partnershipId ?? ('identity' in cmd ? cmd.identity.partnershipId : ctx.actor.partnershipId);
  if (current && current.partnershipId !== ctx.actor.partnershipId && ctx.actor.id !== 'system')
    throw new DomainError('case.not_found', 'No such case.'); // other partnerships' cases do not exist for you
  if (action === null) {
    if (ctx.actor.id !== 'system') throw new DomainError('action.not_permitted', 'Only the bot records this.');
  } else if (cmd.type === 'cast-vote') {
    if (!ctx.actor.roles.includes(cmd.partner) || ctx.actor.partnershipId !== partnershipId)
      throw new DomainError('vote.not_your_role', `Only a holder of the ${cmd.partner} role can vote for it.`, {
        partner: cmd.partner,
      });
  } else if (!can(ctx.actor, action, partnershipId)) {
    throw new DomainError('action.not_permitted', `Your role does not allow this (${action}).`, { action });
  }
  const today = dateIn(ctx.now, ctx.zone);

  switch (cmd.type) {
    case 'refer': {
      if (current) throw new DomainError('case.already_exists', 'This case already exists.');
      checkChildren(cmd.referral.children, 'none');
      check(textProblem(cmd.referral.referringAgency, 'Referring agency', LIMITS.short), 'referringAgency');
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
          throw invalid('incidentOn', 'Date of incident cannot be after the date the local authority became aware.');
      }
      if (n.panelNotifiedOn) pastDate(n.panelNotifiedOn, ctx, 'panelNotifiedOn', 'Date the Panel was notified', n.awareOn);
      checkChildren(n.children, n.childStatus);
      check(textProblem(n.notifyingAgency, 'Notifying agency', LIMITS.short), 'notifyingAgency');
      check(textProblem(n.summary, 'Summary', LIMITS.summary), 'summary');
      const assessment = assessNotifiability({ ...n, ages: n.children.map((c) => c.age) }, ctx.timescales);
      const identity = current
        ? { caseId: current.id, partnershipId: current.partnershipId, ref: current.ref, procedure: current.procedure }
        : cmd.identity;
      return [{ type: 'case.notified', data: { ...identity, notification: n, duties: assessment.duties, reasons: assessment.reasons } }];
    }
    case 'confirm-referral': {
      const c = requireCase(current);
      requireState(c, ['referred', 'notified'], 'confirm the referral');
      if (!c.referral) throw new DomainError('case.wrong_state', `${c.ref} did not start as a referral.`);
      return [{ type: 'referral.confirmed', data: { at: ctx.now.toISOString() } }];
    }
    case 'record-panel-notified':
    case 'record-partners-notified':
    case 'record-sos-ofsted-notified': {
      const c = requireCase(current);
      requireState(c, ['notified', 'rapid-review', 'deciding', 'escalated', 'decided'], 'record a notification date');
      pastDate(cmd.on, ctx, 'on', 'The date', c.notification?.awareOn);
      const type =
        cmd.type === 'record-panel-notified'
          ? 'panel.notified'
          : cmd.type === 'record-partners-notified'
            ? 'partners.notified'
            : 'sos-ofsted.notified';
      return [{ type, data: { on: cmd.on } }];
    }
    case 'record-facts': {
      const c = requireCase(current);
      requireState(c, RAPID_REVIEW_STATES, 'record rapid-review facts');
      const f = cmd.facts;
      check(textProblem(f.summary, 'Summary of what happened', LIMITS.text), 'summary');
      check(textProblem(f.keyEpisodes, 'Key practice episodes', LIMITS.text), 'keyEpisodes');
      check(textProblem(f.learning, 'Learning identified', LIMITS.text), 'learning');
      if (f.agencies.length === 0) throw missing('agencies', 'Choose at least one agency involved.');
      if (f.immediateAction) check(textProblem(f.immediateActionDetail, 'What immediate action', LIMITS.text), 'immediateActionDetail');
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
        throw new DomainError('vote.decision_recorded', `The decision on ${c.ref} is recorded: votes can no longer change.`);
      requireState(c, VOTING_STATES, 'vote (record the rapid-review facts first)');
      if (!isPartner(cmd.partner)) throw invalid('partner', 'Unknown partner.');
      if (!OUTCOMES.includes(cmd.outcome)) throw invalid('outcome', 'Choose one of the five outcomes.');
      check(textProblem(cmd.rationale, 'Rationale', LIMITS.text), 'rationale');
      if (!cmd.criteria.every((k) => CRITERION_KEYS.includes(k))) throw invalid('criteria', 'Unknown criterion.');
      const previous = c.votes[cmd.partner]?.outcome;
      const vote = {
        partner: cmd.partner,
        outcome: cmd.outcome,
        rationale: cmd.rationale.trim(),
        criteria: [...new Set(cmd.criteria)],
        by: { id: ctx.actor.id, name: ctx.actor.name },
        at: ctx.now.toISOString(),
      };
      const events: NewEvent[] = [{ type: 'vote.cast', data: previous ? { vote, previous } : { vote } }];
      const votes = allVotes({ votes: { ...c.votes, [cmd.partner]: vote } });
      if (votes) {
        const outcomes = { la: votes.la.outcome, police: votes.police.outcome, health: votes.health.outcome };
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
      if (!c.decision) throw new DomainError('decision.not_recorded', `${c.ref} has no recorded decision to correct.`);
      check(textProblem(cmd.note, 'Correction note', LIMITS.text), 'note');
      const data = { note: cmd.note, refersToSeq: c.decision.seq, ...(cmd.outcome ? { outcome: cmd.outcome } : {}) };
      return [{ type: 'decision.corrected', data }];
    }
    case 'send-to-panel': {
      const c = requireCase(current);
      requireState(c, ['decided'], 'send the rapid review to the Panel');
      pastDate(cmd.on, ctx, 'on', 'Date sent', c.notification?.awareOn);
      return [{ type: 'rapid-review.sent', data: { on: cmd.on } }];
    }
    case 'record-panel-response': {
      const c = requireCase(current);
      requireState(c, ['sent-to-panel'], 'record the Panel’s response');
      pastDate(cmd.on, ctx, 'on', 'Date of the response', c.dates.rapidReviewSentOn);
      return [{ type: 'panel.responded', data: { response: cmd.response, on: cmd.on } }];
    }
    case 'commission-review': {
      const c = requireCase(current);
      requireState(c, ['sent-to-panel'], 'commission a review');
      if (c.decision?.outcome === 'no-further-review' && c.panelResponse !== 'local-review')
        throw new DomainError('case.wrong_state', `The decision on ${c.ref} was no further review.`);
      check(textProblem(cmd.reviewer, 'Reviewer', LIMITS.short), 'reviewer');
      pastDate(cmd.on, ctx, 'on', 'Date commissioned', c.dates.rapidReviewSentOn);
      return [{ type: 'review.commissioned', data: { reviewer: cmd.reviewer.trim(), on: cmd.on } }];
    }
    case 'start-report-drafting': {
      const c = requireCase(current);
      requireState(c, ['review-commissioned'], 'start drafting the report');
      pastDate(cmd.on, ctx, 'on', 'Date');
      const data = { on: cmd.on, ...(cmd.plannedPublicationOn ? { plannedPublicationOn: cmd.plannedPublicationOn } : {}) };
      return [{ type: 'report.drafting', data }];
    }
    case 'send-report': {
      const c = requireCase(current);
      requireState(c, ['report-drafting'], 'record the report as sent');
      pastDate(cmd.on, ctx, 'on', 'Date sent');
      if (cmd.plannedPublicationOn < cmd.on)
        throw invalid('plannedPublicationOn', 'Planned publication cannot be before the report is sent.');
      return [{ type: 'report.sent', data: { on: cmd.on, plannedPublicationOn: cmd.plannedPublicationOn } }];
    }
    case 'publish': {
      const c = requireCase(current);
      requireState(c, ['report-sent'], 'record publication');
      pastDate(cmd.on, ctx, 'on', 'Publication date', c.dates.reportSentOn);
      return [{ type: 'report.published', data: { on: cmd.on } }];
    }
    case 'start-monitoring': {
      const c = requireCase(current);
      requireState(c, ['published'], 'start monitoring the action plan');
      pastDate(cmd.on, ctx, 'on', 'Date');
      return [{ type: 'monitoring.started', data: { on: cmd.on } }];
    }
    case 'close': {
      const c = requireCase(current);
      const closable: CaseState[] = ['referred', 'published', 'monitoring'];
      if (c.decision && LEARNING_OUTCOMES.includes(c.decision.outcome)) closable.push('sent-to-panel');
      if (!c.duties.rapidReview && !c.decision) closable.push('notified', 'rapid-review'); // e.g. a care leaver's death: no rapid review
      requireState(c, closable, 'close the case');
      check(textProblem(cmd.reason, 'Reason', LIMITS.short), 'reason');
      return [{ type: 'case.closed', data: { reason: cmd.reason, from: c.state } }];
    }
    case 'pause-reminders':
    case 'resume-reminders': {
      const c = requireCase(current);
      requireState(c, CASE_STATES.filter((st) => st !== 'closed'), 'change its reminders');
      const pause = cmd.type === 'pause-reminders';
      if (c.remindersPaused === pause)
        throw new DomainError('case.wrong_state', `Reminders for ${c.ref} are already ${pause ? 'paused' : 'on'}.`, { state: c.state });
      return [{ type: pause ? 'reminders.paused' : 'reminders.resumed', data: {} }];
    }
    case 'record-channel': {
      requireCase(current);
      return [{ type: cmd.isNew ? 'channel.opened' : 'channel.updated', data: { channel: cmd.channel } }];
    }
    case 'record-failure': {
      requireCase(current);
      return [{ type: 'step.failed', data: { step: cmd.step, code: cmd.code, message: cmd.message } }];
    }
  }
}

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
      return { ...c, referral: e.data.referral, children: e.data.referral.children, dates: { referredAt: e.data.referral.referredAt } };
    case 'case.notified': {
      const n = e.data.notification;
      const dates = { ...c.dates, awareOn: n.awareOn, ...(n.panelNotifiedOn ? { panelNotifiedOn: n.panelNotifiedOn } : {}) };
      return { ...c, state: 'notified', notification: n, children: n.children, duties: e.data.duties, reasons: e.data.reasons, dates };
    }
    case 'referral.confirmed':
      return { ...c, dates: { ...c.dates, referralConfirmedAt: e.data.at } };
    case 'panel.notified':
      return { ...c, dates: { ...c.dates, panelNotifiedOn: e.data.on } };
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
      return { ...c, criteria: e.data.criteria, state: c.state === 'notified' ? 'rapid-review' : c.state };
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
      const correction = { note: e.data.note, by: { id: e.actor.id, name: e.actor.name }, at: e.at, refersToSeq: e.data.refersToSeq };
      return { ...c, corrections: [...c.corrections, e.data.outcome ? { ...correction, outcome: e.data.outcome } : correction] };
    }
    case 'rapid-review.sent':
      return { ...c, state: 'sent-to-panel', dates: { ...c.dates, rapidReviewSentOn: e.data.on } };
    case 'panel.responded':
      return { ...c, panelResponse: e.data.response };
    case 'review.commissioned':
      return { ...c, state: 'review-commissioned', reviewer: e.data.reviewer };
    case 'report.drafting':
      return {
        ...c,
        state: 'report-drafting',
        dates: { ...c.dates, ...(e.data.plannedPublicationOn ? { plannedPublicationOn: e.data.plannedPublicationOn } : {}) },
      };
    case 'report.sent':
      return {
        ...c,
        state: 'report-sent',
        dates: { ...c.dates, reportSentOn: e.data.on, finalReportOn: e.data.on, plannedPublicationOn: e.data.plannedPublicationOn },
      };
    case 'report.published':
      return { ...c, state: 'published', dates: { ...c.dates, publishedOn: e.data.on } };
    case 'monitoring.started':
      return { ...c, state: 'monitoring' };
    case 'case.closed':
      return { ...c, state: 'closed' };
    case 'channel.opened':
    case 'channel.updated': {
      const others = c.channels.filter((ch) => !(ch.platform === e.data.channel.platform && ch.id === e.data.channel.id));
      return { ...c, channels: [...others, e.data.channel] };
    }
    case 'reminders.paused':
      return { ...c, remindersPaused: true };
    case 'reminders.resumed':
      return { ...c, remindersPaused: false };
    case 'step.failed':
      return c;
  }
}

/** Replays a whole log. */
export function replay(events: CaseEvent[], from?: Case): Case | undefined {
  return events.reduce<Case | undefined>((acc, e) => evolve(acc, e), from);
}
