/**
 * One stored event of every type. A Record over CaseEventType: a new event type does not compile
 * here until it has a sample, so the timeline test makes sure it gets a plain sentence.
 */
import type { CaseEvent, CaseEventBody, CaseEventType } from '../../src/domain/events.js';

const identity = {
  caseId: 'c1',
  partnershipId: 'north',
  ref: 'NORTH-2026-001',
  procedure: 'england-2023' as const,
};
const child = [{ pseudonym: 'Child A', age: 4 }];
const vote = {
  partner: 'police' as const,
  outcome: 'lcspr' as const,
  rationale: 'R',
  criteria: [],
  by: { id: 'p', name: 'P' },
  at: '2026-12-23T10:00:00Z',
};

const BODIES: { [T in CaseEventType]: Extract<CaseEventBody, { type: T }>['data'] } = {
  'case.referred': {
    ...identity,
    referral: {
      referredAt: '2026-12-21T10:00:00Z',
      referringAgency: 'School',
      summary: 'S',
      children: child,
    },
  },
  'case.notified': {
    ...identity,
    notification: {
      awareOn: '2026-12-22',
      harm: 'death',
      abuseOrNeglect: 'suspected',
      location: 'in-area',
      childStatus: 'none',
      children: child,
      notifyingAgency: 'Children’s social care',
      summary: 'S',
    },
    duties: { notifyPanel: true, rapidReview: true, notifySosOfsted: false },
    reasons: [],
  },
  'referral.confirmed': { at: '2026-12-22T10:00:00Z' },
  'panel.notified': { on: '2026-12-23' },
  'partners.notified': { on: '2026-12-23' },
  'sos-ofsted.notified': { on: '2026-12-23' },
  'facts.recorded': {
    facts: {
      summary: 'S',
      agencies: ['police'],
      keyEpisodes: 'K',
      immediateAction: false,
      learning: 'L',
      complexOrNational: false,
      themes: [],
    },
  },
  'criteria.assessed': {
    criteria: {
      improvements: { answer: 'yes' },
      'recurrent-themes': { answer: 'no' },
      'multi-agency': { answer: 'unclear' },
      'panel-referred': { answer: 'no' },
      'single-agency': { answer: 'no' },
      'no-agency': { answer: 'no' },
      'cross-boundary': { answer: 'no' },
      institutional: { answer: 'no' },
    },
  },
  'vote.cast': { vote, previous: 'no-further-review' },
  'case.escalated': { outcomes: { la: 'lcspr', police: 'lcspr', health: 'no-further-review' } },
  'decision.recorded': { outcome: 'lcspr', on: '2026-12-23' },
  'decision.corrected': { note: 'N', outcome: 'national', refersToSeq: 9 },
  'rapid-review.sent': { on: '2026-12-23' },
  'panel.responded': { response: 'agrees', on: '2026-12-23' },
  'review.commissioned': { reviewer: 'Dr R. Reviewer', on: '2026-12-23', kind: 'lcspr' },
  'reviewer.informed': { on: '2026-12-23' },
  'methodology.agreed': { on: '2026-12-23', methodology: 'M' },
  'involvement.recorded': { who: 'family', on: '2026-12-23', note: 'N' },
  'report.drafted': { on: '2026-12-23' },
  'report.finalised': { on: '2026-12-23' },
  'learning.shared': { on: '2026-12-23', note: 'N' },
  'action.added': {
    item: {
      id: 'A1',
      recommendation: 'R',
      agency: 'gp',
      required: 'Q',
      due: '2027-03-01',
      status: 'open',
      addedOn: '2026-12-23',
    },
  },
  'action.updated': { id: 'A1', on: '2026-12-23', status: 'done' },
  'case.erased': { reason: 'R', from: 'closed' },
  'report.drafting': { on: '2026-12-23', plannedPublicationOn: '2027-03-01' },
  'report.sent': { on: '2026-12-23', plannedPublicationOn: '2027-03-01' },
  'report.published': { on: '2026-12-23' },
  'monitoring.started': { on: '2026-12-23' },
  'case.closed': { reason: 'R', from: 'published' },
  'reminders.paused': {},
  'reminders.resumed': {},
  'channel.opened': { channel: { platform: 'slack', id: 'G1', name: 'cspr-north-2026-001' } },
  'channel.updated': { channel: { platform: 'teams', id: '19:x', name: 'NORTH-2026-001' } },
  'step.failed': {
    step: 'conversations.invite',
    code: 'user_not_found',
    message: 'Some holders could not be added to the channel.',
  },
  'names.confirmed': { fields: ['summary'] },
};

export const EVENT_SAMPLES: CaseEvent[] = Object.entries(BODIES).map(
  ([type, data], i) =>
    ({
      type,
      data,
      caseId: 'c1',
      seq: i + 1,
      at: '2026-12-23T10:00:00Z',
      actor: { id: 'bm', name: 'Ben Carter', roles: ['business-manager'] },
    }) as CaseEvent,
);
