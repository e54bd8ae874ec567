/** The case and what it holds: children by pseudonym only, facts, criteria, votes, the decision. */
import type { ActionItem } from './action-plan.js';
import type { IsoDate } from './calendar.js';
import type { CaseDates, Duties } from './deadlines.js';
import type {
  AbuseOrNeglect,
  Answer,
  ChildStatus,
  CriterionKey,
  Harm,
  Location,
} from './criteria.js';
import type { ProcedureId } from './procedure.js';
import type { Partner } from './roles.js';

export const CASE_STATES = [
  'referred',
  'notified',
  'rapid-review',
  'deciding',
  'decided',
  'escalated',
  'sent-to-panel',
  'review-commissioned',
  'report-drafting',
  'report-sent',
  'published',
  'monitoring',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const OUTCOMES = [
  'lcspr',
  'national',
  'multi-agency-learning',
  'single-agency-learning',
  'no-further-review',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  lcspr: 'Local child safeguarding practice review',
  national: 'Recommend a national review',
  'multi-agency-learning': 'Multi-agency learning review',
  'single-agency-learning': 'Single-agency learning review',
  'no-further-review': 'No further review',
};

export const STATE_LABELS: Readonly<Record<CaseState, string>> = {
  referred: 'Referred',
  notified: 'Notified',
  'rapid-review': 'Rapid review',
  deciding: 'Partners deciding',
  decided: 'Decided',
  escalated: 'Escalated: partners disagree',
  'sent-to-panel': 'Sent to the Panel',
  'review-commissioned': 'Review commissioned',
  'report-drafting': 'Report drafting',
  'report-sent': 'Report sent',
  published: 'Published',
  monitoring: 'Monitoring the action plan',
  closed: 'Closed',
};

export interface Child {
  /** e.g. "Child A" — never a name. */
  pseudonym: string;
  age: number;
  /** Looked-after child, care leaver or neither; each child has its own (older notifications: see `Notification.childStatus`). */
  status?: ChildStatus;
  /** A child perpetrator. */
  perpetrator?: boolean;
}

export interface Notification {
  awareOn: IsoDate;
  incidentOn?: IsoDate;
  harm: Harm;
  abuseOrNeglect: AbuseOrNeglect;
  location: Location;
  /** Older notifications: one status for every child. A child's own `status` wins. */
  childStatus?: ChildStatus;
  children: Child[];
  notifyingAgency: string;
  /** Short summary without names. */
  summary: string;
  panelNotifiedOn?: IsoDate;
}

export interface Referral {
  referredAt: string; // ISO instant
  referringAgency: string;
  summary: string;
  children: Child[];
}

export interface Facts {
  summary: string;
  agencies: string[];
  keyEpisodes: string;
  immediateAction: boolean;
  immediateActionDetail?: string;
  learning: string;
  goodPractice?: string;
  otherAreas?: string;
  complexOrNational: boolean;
  themes: string[];
}

export interface CriterionAssessment {
  answer: Answer;
  evidence?: string;
}
export type CriteriaAssessment = Record<CriterionKey, CriterionAssessment>;

export interface ActorRef {
  id: string;
  name: string;
}

export interface Vote {
  partner: Partner;
  outcome: Outcome;
  rationale: string;
  criteria: CriterionKey[];
  by: ActorRef;
  at: string; // ISO instant
}

export interface Decision {
  outcome: Outcome;
  votes: Record<Partner, Vote>;
  recordedAt: string;
  /** Sequence number of the `decision.recorded` event: corrections refer to it. */
  seq: number;
}

export interface Correction {
  note: string;
  outcome?: Outcome;
  by: ActorRef;
  at: string;
  refersToSeq: number;
}

export type PanelResponse = 'national-review' | 'local-review' | 'agrees';

export const PANEL_RESPONSE_LABELS: Readonly<Record<PanelResponse, string>> = {
  'national-review': 'The Panel will undertake a national review',
  'local-review': 'The Panel advises a local review',
  agrees: 'The Panel agrees with the partnership',
};

/** The kind of review commissioned after the decision. */
export type ReviewKind = 'lcspr' | 'multi-agency-learning' | 'single-agency-learning';

/** What the review after the decision has recorded (free text sealed at rest; its dates are in `dates`). */
export interface ReviewRecord {
  kind: ReviewKind;
  /** The reviewer (local review) or the lead of the learning review. */
  reviewer: string;
  methodology?: string;
  practitionersNote?: string;
  familyNote?: string;
  learningNote?: string;
  /** Working days between sending the report to the Panel and the Secretary of State and (planned) publication. */
  reportNotice?: { workingDays: number; required: number; late: boolean };
}

export interface ChannelRef {
  platform: 'slack' | 'teams';
  id: string;
  name: string;
  /** Platform-specific pointers (e.g. the case message ts, a Teams conversation reference). */
  meta?: Record<string, unknown>;
}

/** What is left of an erased case's personal fields: the fact, when, from which state, how many children. */
export interface Erasure {
  at: string; // ISO instant
  /** The state the case was in when erased (an erased case is closed). */
  from: CaseState;
  childCount: number;
}

export interface Case {
  id: string;
  partnershipId: string;
  ref: string;
  state: CaseState;
  procedure: ProcedureId;
  children: Child[];
  referral?: Referral;
  notification?: Notification;
  duties: Duties;
  /** Why the duties apply (from the notifiability assessment), in plain words. */
  reasons: string[];
  dates: Partial<CaseDates>;
  facts?: Facts;
  criteria?: CriteriaAssessment;
  votes: Partial<Record<Partner, Vote>>;
  decision?: Decision;
  corrections: Correction[];
  panelResponse?: PanelResponse;
  reviewer?: string;
  /** The review after the decision (local or learning review), once commissioned. */
  review?: ReviewRecord;
  /** The recommendations as actions, with the agency responsible, what is required, due date and status. */
  actionPlan?: ActionItem[];
  channels: ChannelRef[];
  themes: string[];
  /** Reminders paused by the business manager or chair. */
  remindersPaused: boolean;
  /** Set once the case's personal fields are erased (retention or an information-governance request). */
  erased?: Erasure;
  /** Sequence number of the last event applied: the optimistic-concurrency version. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Every vote present, as a full record, or undefined while any partner has not voted. */
export function allVotes(c: Pick<Case, 'votes'>): Record<Partner, Vote> | undefined {
  const { la, police, health } = c.votes;
  return la && police && health ? { la, police, health } : undefined;
}
