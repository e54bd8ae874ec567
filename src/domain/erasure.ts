/**
 * Erasure of a case's personal fields (retention, or an information-governance request).
 *
 * What goes: the children's pseudonyms and ages, and every free text a person typed (summaries,
 * notifying and referring agency, facts, criteria evidence, vote rationales, correction notes, the
 * reason a case was closed). What stays, for the partnership's statistics and the audit trail:
 * identity (reference, partnership, procedure), state and every date, duties and reasons (generic
 * sentences of the s16C assessment), the multi-select answers (harm, location, agencies, themes,
 * yes/no/unclear criteria, outcomes), the number of children, who did what and when, and the
 * `case.erased` event itself (actor, time, reason).
 *
 * Both maps are exhaustive: a new Case field or event type does not compile until it is classified.
 * Pure: the store applies `redactEvent` to every earlier commit and evolve applies `redactCase`.
 */
import { addMonths, dateIn, type IsoDate } from './calendar.js';
import type { ActionItem } from './action-plan.js';
import type {
  Case,
  CriteriaAssessment,
  Facts,
  Notification,
  Referral,
  ReviewRecord,
  Vote,
} from './case.js';
import type { CaseEventBody, CaseEventType } from './events.js';

/** What an erased free text reads as. */
export const ERASED_TEXT = '[erased]';

/** The default retention after a case closes: 7 years (84 months), for the partnership's IG lead to confirm. */
export const DEFAULT_RETENTION_MONTHS = 84;

const text = <T extends string | undefined>(v: T): T => (v === undefined ? v : (ERASED_TEXT as T));

function referral(r: Referral): Referral {
  return { ...r, referringAgency: ERASED_TEXT, summary: ERASED_TEXT, children: [] };
}

function notification(n: Notification): Notification {
  return { ...n, notifyingAgency: ERASED_TEXT, summary: ERASED_TEXT, children: [] };
}

function facts(f: Facts): Facts {
  const out: Facts = {
    ...f,
    summary: ERASED_TEXT,
    keyEpisodes: ERASED_TEXT,
    learning: ERASED_TEXT,
  };
  if (f.immediateActionDetail !== undefined)
    out.immediateActionDetail = text(f.immediateActionDetail);
  if (f.goodPractice !== undefined) out.goodPractice = text(f.goodPractice);
  if (f.otherAreas !== undefined) out.otherAreas = text(f.otherAreas);
  return out;
}

function criteria(a: CriteriaAssessment): CriteriaAssessment {
  return Object.fromEntries(
    Object.entries(a).map(([k, v]) => [
      k,
      v.evidence === undefined ? { answer: v.answer } : { answer: v.answer, evidence: ERASED_TEXT },
    ]),
  ) as CriteriaAssessment;
}

function review(r: ReviewRecord): ReviewRecord {
  const out: ReviewRecord = { ...r };
  for (const k of ['methodology', 'practitionersNote', 'familyNote', 'learningNote'] as const)
    if (r[k] !== undefined) out[k] = ERASED_TEXT;
  return out;
}

function actionItem(i: ActionItem): ActionItem {
  return { ...i, recommendation: ERASED_TEXT, required: ERASED_TEXT };
}

function vote(v: Vote): Vote {
  return { ...v, rationale: ERASED_TEXT };
}

function mapValues<K extends string, V>(
  o: Partial<Record<K, V>>,
  f: (v: V) => V,
): Partial<Record<K, V>> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as V)])) as Partial<
    Record<K, V>
  >;
}

type Keep = 'keep';
/** Every field of a case: kept as it is, or how it is redacted. */
const CASE_FIELDS: { [K in keyof Case]-?: Keep | ((v: NonNullable<Case[K]>) => Case[K]) } = {
  id: 'keep',
  partnershipId: 'keep',
  ref: 'keep',
  state: 'keep',
  procedure: 'keep',
  children: () => [],
  referral,
  notification,
  duties: 'keep',
  reasons: 'keep',
  dates: 'keep',
  facts,
  criteria,
  votes: (votes) => mapValues(votes, vote),
  decision: (d) => ({
    ...d,
    votes: { la: vote(d.votes.la), police: vote(d.votes.police), health: vote(d.votes.health) },
  }),
  corrections: (cs) => cs.map((c) => ({ ...c, note: ERASED_TEXT })),
  panelResponse: 'keep',
  reviewer: 'keep', // a professional, named in the published report
  review, // methodology and involvement notes go; kind, reviewer and report notice stay
  actionPlan: (items) => items.map(actionItem), // agency, dates and status stay
  channels: 'keep', // named by the reference only
  themes: 'keep',
  remindersPaused: 'keep',
  erased: 'keep',
  version: 'keep',
  createdAt: 'keep',
  updatedAt: 'keep',
};

/** The case with its personal fields erased (other fields as they are). */
export function redactCase(c: Case): Case {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c)) {
    const rule = CASE_FIELDS[key as keyof Case] as Keep | ((v: unknown) => unknown) | undefined;
    if (rule === undefined) continue; // not a Case field: drop it
    out[key] = rule === 'keep' || value === undefined ? value : rule(value);
  }
  return out as unknown as Case;
}

type DataOf<T extends CaseEventType> = Extract<CaseEventBody, { type: T }>['data'];
const same = <T>(d: T): T => d;

/** Every event type: how its data is redacted. */
const EVENT_DATA: { [T in CaseEventType]: (d: DataOf<T>) => DataOf<T> } = {
  'case.referred': (d) => ({ ...d, referral: referral(d.referral) }),
  'case.notified': (d) => ({ ...d, notification: notification(d.notification) }),
  'referral.confirmed': same,
  'panel.notified': same,
  'names.confirmed': same,
  'partners.notified': same,
  'sos-ofsted.notified': same,
  'facts.recorded': (d) => ({ ...d, facts: facts(d.facts) }),
  'criteria.assessed': (d) => ({ ...d, criteria: criteria(d.criteria) }),
  'vote.cast': (d) => ({ ...d, vote: vote(d.vote) }),
  'case.escalated': same,
  'decision.recorded': same,
  'decision.corrected': (d) => ({ ...d, note: ERASED_TEXT }),
  'rapid-review.sent': same,
  'panel.responded': same,
  'review.commissioned': same,
  'report.drafting': same,
  'reviewer.informed': same,
  'methodology.agreed': (d) => ({ ...d, methodology: ERASED_TEXT }),
  'involvement.recorded': (d) => (d.note === undefined ? d : { ...d, note: ERASED_TEXT }),
  'report.drafted': same,
  'report.finalised': same,
  'learning.shared': (d) => (d.note === undefined ? d : { ...d, note: ERASED_TEXT }),
  'action.added': (d) => ({ ...d, item: actionItem(d.item) }),
  'action.updated': (d) => (d.required === undefined ? d : { ...d, required: ERASED_TEXT }),
  'report.sent': same,
  'report.published': same,
  'monitoring.started': same,
  'case.closed': (d) => ({ ...d, reason: ERASED_TEXT }),
  'case.erased': same, // the fact of erasure and the IG reason stay on the audit trail
  'reminders.paused': same,
  'reminders.resumed': same,
  'channel.opened': same,
  'channel.updated': same,
  'step.failed': same,
};

/** An event body with its personal fields erased. */
export function redactEvent<E extends CaseEventBody>(e: E): E {
  const redact = EVENT_DATA[e.type] as (d: E['data']) => E['data'];
  return { ...e, data: redact(e.data) };
}

/** When the case closed, as a date in the zone (snapshots written before `closedAt` fall back to their last change). */
export function closedOn(
  c: Pick<Case, 'state' | 'dates' | 'updatedAt'>,
  zone: string,
): IsoDate | undefined {
  if (c.state !== 'closed') return undefined;
  return dateIn(new Date(c.dates.closedAt ?? c.updatedAt), zone);
}

/** The first day the case may be erased under the retention period, or undefined while it is open. */
export function erasableOn(
  c: Pick<Case, 'state' | 'dates' | 'updatedAt'>,
  retentionMonths: number,
  zone: string,
): IsoDate | undefined {
  const closed = closedOn(c, zone);
  return closed ? addMonths(closed, retentionMonths) : undefined;
}

/** Is the case closed, not yet erased, and past its retention period on `today`? */
export function retentionExpired(
  c: Pick<Case, 'state' | 'dates' | 'updatedAt' | 'erased'>,
  retentionMonths: number,
  zone: string,
  today: IsoDate,
): boolean {
  if (c.erased) return false;
  const from = erasableOn(c, retentionMonths, zone);
  return from !== undefined && from <= today;
}
