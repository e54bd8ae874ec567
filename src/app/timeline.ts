/**
 * The audit timeline, platform-neutral: one plain-language sentence per event type, who did it and
 * when (in the partnership's time zone), paged. Slack, Teams and the rapid review report all draw
 * it from here.
 *
 * Vote hiding: where the core's rule (domain/vote-visibility.ts) withholds a partner's vote from
 * the viewer, a `vote.cast` says only that the partner voted — never the outcome, the earlier
 * outcome it replaced, or the rationale. Free text typed into forms (summaries, rationales, notes) never appears in a
 * timeline line: a line may be shown outside the private case channel, where pseudonyms must not.
 */
import { DateTime } from 'luxon';
import {
  OUTCOME_LABELS,
  STATE_LABELS,
  type Case,
  type Outcome,
  type PanelResponse,
} from '../domain/case.js';
import { DomainError } from '../domain/errors.js';
import type { CaseEvent } from '../domain/events.js';
import {
  PARTNER_LABELS,
  PARTNERS,
  ROLE_LABELS,
  type Actor,
  type Partner,
} from '../domain/roles.js';
import { ACTION_STATUS_LABELS } from '../domain/action-plan.js';
import { AGENCIES } from '../cards/forms/facts-form.js';
import { allFields, factsForm, notificationForm, voteForm } from '../cards/forms/index.js';
import type { CaseService } from './case-service.js';
import { voteVisibleTo, votesWithheldFrom, type VoteSecrecy } from '../domain/vote-visibility.js';

export const TIMELINE_PAGE_SIZE = 20;

export interface TimelineEntry {
  seq: number;
  /** ISO instant of the event. */
  at: string;
  /** The instant in the partnership's zone, e.g. "23 Dec 2026, 10:00 GMT". */
  when: string;
  /** "Alex Morgan (Local authority)", or "CSPR bot" for what the bot recorded itself. */
  who: string;
  /** What happened, in plain words. */
  what: string;
  /** True for a `step.failed` event. */
  failed: boolean;
}

export interface TimelinePage {
  ref: string;
  caseId: string;
  /** 1-based page shown, and how many pages there are (at least 1). */
  page: number;
  pages: number;
  pageSize: number;
  /** Events in the whole trail. */
  total: number;
  entries: TimelineEntry[];
  /** True when outcomes of some partners' votes are withheld from this viewer. */
  votesHidden: boolean;
}

/** Which partners' vote outcomes this viewer may see now (the core's rule). `viewer` undefined = a shared audience. */
export function visibleVotes(
  c: Case,
  p: VoteSecrecy,
  viewer?: Actor,
): (partner: Partner) => boolean {
  return (partner) => voteVisibleTo(c, partner, viewer, p);
}

/** "23 Dec 2026, 10:00 GMT" in the zone (Europe/London by default). */
export function whenIn(at: string, zone: string): string {
  const dt = DateTime.fromISO(at, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
  return dt.isValid ? dt.toFormat('d LLL yyyy, HH:mm ZZZZ') : at;
}

/** "23 December 2026" for an ISO date. */
/** Field id → its label, for the names confirmation on the timeline. */
const FIELD_LABELS = new Map(
  [...allFields(notificationForm()), ...allFields(factsForm()), ...allFields(voteForm(['la']))].map(
    (f) => [f.id, f.label],
  ),
);

export function longDate(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: 'utc' }).setLocale('en-GB');
  return d.isValid ? d.toFormat('d LLLL yyyy') : iso;
}

const PANEL_RESPONSES: Readonly<Record<PanelResponse, string>> = {
  'national-review': 'the Panel will carry out a national review',
  'local-review': 'the Panel considers a local review more appropriate',
  agrees: 'the Panel agrees with the partners’ decision',
};

const REVIEW_KINDS: Readonly<Record<string, string>> = {
  lcspr: 'Local child safeguarding practice review',
  'multi-agency-learning': 'Multi-agency learning review',
  'single-agency-learning': 'Single-agency learning review',
};

const AGENCY_LABELS: ReadonlyMap<string, string> = new Map(AGENCIES.map((a) => [a.value, a.label]));

const PLATFORMS: Readonly<Record<string, string>> = { slack: 'Slack', teams: 'Teams' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const outcome = (o: Outcome) => OUTCOME_LABELS[o] ?? o;

/** The plain-language sentence for one event. `canSee` says whose vote outcomes may be shown. */
export function describeEvent(e: CaseEvent, canSee: (partner: Partner) => boolean): string {
  switch (e.type) {
    case 'case.referred':
      return `Referral received from ${e.data.referral.referringAgency} (${plural(e.data.referral.children.length, 'child', 'children')})`;
    case 'case.notified': {
      const n = e.data.notification;
      const harm = n.harm === 'death' ? 'a child’s death' : 'serious harm to a child';
      const duties = e.data.duties.notifyPanel
        ? 'the Panel must be notified'
        : e.data.duties.notifySosOfsted
          ? 'the Secretary of State and Ofsted must be notified'
          : 'no Panel notification required';
      return `Serious incident notified by ${n.notifyingAgency}: ${harm}, abuse or neglect ${n.abuseOrNeglect === 'not-suspected' ? 'not suspected' : n.abuseOrNeglect}; ${plural(n.children.length, 'child', 'children')}; ${duties}`;
    }
    case 'referral.confirmed':
      return 'Referral confirmed in writing';
    case 'panel.notified':
      return `Panel notified on ${longDate(e.data.on)}${e.data.reference ? ` (Panel reference ${e.data.reference})` : ''}`;
    case 'partners.notified':
      return `Incident reported to the safeguarding partners on ${longDate(e.data.on)}`;
    case 'sos-ofsted.notified':
      return `Secretary of State and Ofsted notified on ${longDate(e.data.on)}`;
    case 'facts.recorded':
      return `Rapid-review facts recorded (${plural(e.data.facts.agencies.length, 'agency', 'agencies')} involved; immediate action for other children: ${e.data.facts.immediateAction ? 'yes' : 'no'})`;
    case 'criteria.assessed': {
      const answers = Object.values(e.data.criteria);
      const yes = answers.filter((a) => a?.answer === 'yes').length;
      const unclear = answers.filter((a) => a?.answer === 'unclear').length;
      return `Criteria assessed: ${yes} of ${answers.length} answered yes${unclear ? `, ${unclear} unclear` : ''}`;
    }
    case 'vote.cast': {
      const v = e.data.vote;
      const partner = PARTNER_LABELS[v.partner] ?? v.partner;
      const verb = e.data.previous ? 'Vote changed' : 'Vote cast';
      if (!canSee(v.partner))
        return `${verb} for ${partner} (outcome hidden until all three voted)`;
      return `${verb} for ${partner}: ${outcome(v.outcome)}${e.data.previous ? ` (was: ${outcome(e.data.previous)})` : ''}`;
    }
    case 'case.escalated': {
      // Only ever recorded once all three have voted: the outcomes are no longer hidden.
      const o = e.data.outcomes;
      return `Votes differ: case escalated to the chair (${PARTNERS.map((p) => `${PARTNER_LABELS[p]}: ${outcome(o[p])}`).join('; ')})`;
    }
    case 'decision.recorded':
      return `Decision recorded: ${outcome(e.data.outcome)}`;
    case 'decision.corrected':
      return `Decision corrected${e.data.outcome ? `: outcome now ${outcome(e.data.outcome)}` : ' (note added)'}; refers to event #${e.data.refersToSeq}`;
    case 'rapid-review.sent':
      return `Rapid review sent to the Panel on ${longDate(e.data.on)}`;
    case 'panel.responded':
      return `Panel response recorded (${longDate(e.data.on)}): ${PANEL_RESPONSES[e.data.response] ?? e.data.response}`;
    case 'review.commissioned':
      return `${REVIEW_KINDS[e.data.kind ?? 'lcspr'] ?? 'Review'} commissioned on ${longDate(e.data.on)}; reviewer: ${e.data.reviewer}`;
    case 'reviewer.informed':
      return `Panel, Ofsted and DfE told who the reviewer is, on ${longDate(e.data.on)}`;
    case 'methodology.agreed':
      return `Review methodology agreed on ${longDate(e.data.on)}`;
    case 'involvement.recorded':
      return `${e.data.who === 'family' ? 'The family’s' : 'Practitioners’'} contribution to the review recorded (${longDate(e.data.on)})`;
    case 'report.drafted':
      return `Draft report completed on ${longDate(e.data.on)}`;
    case 'report.finalised':
      return `Final report completed on ${longDate(e.data.on)}`;
    case 'learning.shared':
      return `Learning shared on ${longDate(e.data.on)}`;
    case 'action.added':
      return `Action ${e.data.item.id} added to the action plan for ${AGENCY_LABELS.get(e.data.item.agency) ?? e.data.item.agency}, due ${longDate(e.data.item.due)}`;
    case 'action.updated':
      return `Action ${e.data.id} updated: ${ACTION_STATUS_LABELS[e.data.status] ?? e.data.status}${e.data.due ? `, due ${longDate(e.data.due)}` : ''}`;
    case 'case.erased':
      return `Personal details erased (the case was: ${STATE_LABELS[e.data.from] ?? e.data.from})`;
    case 'report.drafting':
      return `Report drafting started on ${longDate(e.data.on)}${e.data.plannedPublicationOn ? `; publication planned for ${longDate(e.data.plannedPublicationOn)}` : ''}`;
    case 'report.sent': {
      const notice =
        e.data.late && e.data.workingDays !== undefined
          ? ` (only ${plural(e.data.workingDays, 'working day')} before, ${e.data.required ?? 'more'} required)`
          : '';
      return `Final report sent to the Panel and the Secretary of State on ${longDate(e.data.on)}; publication planned for ${longDate(e.data.plannedPublicationOn)}${notice}`;
    }
    case 'report.published':
      return `Report published on ${longDate(e.data.on)}${e.data.late ? ' (sooner after the report than the procedure requires)' : ''}`;
    case 'monitoring.started':
      return `Monitoring of the action plan started on ${longDate(e.data.on)}`;
    case 'case.closed':
      return `Case closed (it was: ${STATE_LABELS[e.data.from] ?? e.data.from})`;
    case 'reminders.paused':
      return 'Reminders paused';
    case 'reminders.resumed':
      return 'Reminders resumed';
    case 'channel.opened':
      return `Case channel opened in ${PLATFORMS[e.data.channel.platform] ?? e.data.channel.platform}`;
    case 'channel.updated':
      return `Case channel details updated (${PLATFORMS[e.data.channel.platform] ?? e.data.channel.platform})`;
    case 'step.failed':
      return `Failed: ${e.data.step} (${e.data.code}): ${e.data.message}`;
    case 'names.confirmed':
      return `Warned that words in ${e.data.fields.map((f) => `“${FIELD_LABELS.get(f) ?? f}”`).join(', ')} look like names; confirmed they are not names`;
    default: {
      // An event type added later: still listed, by its type, rather than dropped from the audit trail.
      const type = (e as { type: string }).type;
      return `Recorded: ${type}`;
    }
  }
}

export function whoDid(e: CaseEvent): string {
  if (e.actor.id === 'system') return e.actor.name || 'CSPR bot';
  const roles = (e.actor.roles ?? []).map((r) => ROLE_LABELS[r] ?? r);
  return roles.length ? `${e.actor.name} (${roles.join(', ')})` : e.actor.name;
}

/** Timeline lines for events, in the order given. */
export function timelineEntries(
  events: CaseEvent[],
  zone: string,
  canSee: (partner: Partner) => boolean,
): TimelineEntry[] {
  return events.map((e) => ({
    seq: e.seq,
    at: e.at,
    when: whenIn(e.at, zone),
    who: whoDid(e),
    what: describeEvent(e, canSee),
    failed: e.type === 'step.failed',
  }));
}

/** Reads "page 2", "2", "page last" or "last" from a command's arguments; undefined = page 1. */
export function pageArg(args: string[]): number | 'last' | undefined {
  const words = args.map((a) => a.toLowerCase()).filter((a) => a !== 'page' && a !== 'p');
  const w = words[0];
  if (w === undefined) return undefined;
  if (w === 'last' || w === 'latest') return 'last';
  if (!/^\d{1,6}$/.test(w))
    throw new DomainError(
      'field.invalid',
      'Give a page number, for example “timeline page 2”, or “page last”.',
      { field: 'page' },
    );
  return Number(w);
}

/**
 * One page of a case's timeline, oldest first (page 1 = the first events). Refuses with
 * `case.not_found` anyone without 'view-timeline' on the case. `viewer` undefined = an answer seen
 * by others (a channel): no partner's vote outcome is shown before all three voted.
 */
export async function timelinePage(
  service: CaseService,
  actor: Actor,
  caseId: string,
  options: { page?: number | 'last'; pageSize?: number; viewer?: Actor } = {},
): Promise<TimelinePage> {
  const c = await service.visible(actor, caseId, 'view-timeline');
  const p = service.partnership(c.partnershipId);
  const pageSize = options.pageSize ?? TIMELINE_PAGE_SIZE;
  const total = await service.repo.countEvents(c.id);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = options.page === 'last' ? pages : (options.page ?? 1);
  if (!Number.isInteger(page) || page < 1 || page > pages)
    throw new DomainError(
      'field.invalid',
      `${c.ref} has ${plural(pages, 'page')} of events: ask for a page from 1 to ${pages}.`,
      { field: 'page' },
    );
  const { events } = await service.timeline(actor, c.id, {
    skip: (page - 1) * pageSize,
    limit: pageSize,
  });
  const canSee = visibleVotes(c, p, options.viewer);
  return {
    ref: c.ref,
    caseId: c.id,
    page,
    pages,
    pageSize,
    total,
    entries: timelineEntries(events, p.timeZone, canSee),
    votesHidden: votesWithheldFrom(c, options.viewer, p),
  };
}
