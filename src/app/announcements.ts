/**
 * What is said to whom when a decision is recorded or a case escalated, decided once for every
 * platform: a list of messages as data (`to` the case channel, a role holder or the review group's
 * channel; `what` a message kind with the facts needed to word it). The core says who
 * (INFORMED_OF_DECISIONS); each platform only words and delivers the list, so Slack and Teams
 * cannot drift apart on who is told. Duties and the weekly digest: ./scheduled-announcements.
 *
 * Messages to people carry the reference and the outcome only — never a child's pseudonym nor a
 * rationale: direct messages are outside the private case channel.
 */
import type { Holder, PartnershipConfig } from '../config.js';
import type { Case, Outcome } from '../domain/case.js';
import type { CriterionKey } from '../domain/criteria.js';
import type { CaseEventType } from '../domain/events.js';
import type { OversightDigest } from './oversight.js';
import type { ReminderText } from './reminder-text.js';
import {
  INFORMED_OF_DECISIONS,
  PARTNERS,
  ROLE_LABELS,
  type Partner,
  type Role,
} from '../domain/roles.js';

/** The case's own channel, one role holder (by their id in the partnership file), or the review group's channel. */
export type Recipient =
  | { kind: 'channel' }
  | { kind: 'person'; holderId: string; name: string }
  | { kind: 'review-group' };

/** One partner's vote, as posted in the case channel (the rationale is shown there only). */
export interface VoteFacts {
  partner: Partner;
  outcome: Outcome;
  by: string;
  rationale: string;
  criteria: CriterionKey[];
}

/** The occasions: a decision recorded, or differing votes escalating the case. */
export type Occasion = 'decision' | 'escalation';

export type Said =
  /** In the case channel: the outcome, each partner's vote and rationale, and who was told. */
  | {
      kind: 'decision.posted';
      caseId: string;
      ref: string;
      outcome: Outcome;
      votes: VoteFacts[];
      told: readonly Role[];
    }
  /** In the case channel: the votes so far (in PARTNERS order) and who was told. */
  | {
      kind: 'escalation.posted';
      caseId: string;
      ref: string;
      votes: VoteFacts[];
      told: readonly Role[];
    }
  /** To a holder told of the decision: reference and outcome only. */
  | { kind: 'decision.told'; caseId: string; ref: string; outcome: Outcome }
  /** To a holder told of the escalation: reference only. */
  | { kind: 'escalation.told'; caseId: string; ref: string }
  /** To a business manager: these people could not be told of `about`, so someone must tell them another way. */
  | { kind: 'not-reached'; caseId: string; ref: string; about: Occasion; names: string[] }
  /** A duty coming up, due or missed (a reminder the core planned: src/domain/reminders), in words. */
  | { kind: 'duty'; caseId: string; ref: string; text: ReminderText }
  /** The weekly oversight digest of a partnership's open cases (./oversight). */
  | { kind: 'oversight'; digest: OversightDigest; late: boolean };

export interface Announcement {
  to: Recipient;
  what: Said;
}

export type PersonAnnouncement = Announcement & { to: { kind: 'person' } };

export const person = (h: Pick<Holder, 'id' | 'name'>): Recipient & { kind: 'person' } => ({
  kind: 'person',
  holderId: h.id,
  name: h.name,
});

/** The votes cast, in the partners' order. */
export function voteFacts(c: Pick<Case, 'votes'>): VoteFacts[] {
  return PARTNERS.flatMap((partner) => {
    const v = c.votes[partner];
    return v
      ? [
          {
            partner,
            outcome: v.outcome,
            by: v.by.name,
            rationale: v.rationale,
            criteria: v.criteria,
          },
        ]
      : [];
  });
}

/** The channel post of a recorded decision (the votes are the decision's, as recorded). */
export function decisionPost(
  c: Pick<Case, 'id' | 'ref' | 'decision'>,
): Said & { kind: 'decision.posted' } {
  const d = c.decision!;
  return {
    kind: 'decision.posted',
    caseId: c.id,
    ref: c.ref,
    outcome: d.outcome,
    votes: voteFacts(d),
    told: INFORMED_OF_DECISIONS,
  };
}

/** The channel post of an escalation. */
export function escalationPost(
  c: Pick<Case, 'id' | 'ref' | 'votes'>,
): Said & { kind: 'escalation.posted' } {
  return {
    kind: 'escalation.posted',
    caseId: c.id,
    ref: c.ref,
    votes: voteFacts(c),
    told: INFORMED_OF_DECISIONS,
  };
}

/** The holders of any of these roles, each once (a holder of two of them is one person). */
export function holding(p: Pick<PartnershipConfig, 'holders'>, roles: readonly Role[]): Holder[] {
  return p.holders.filter((h) => h.roles.some((r) => roles.includes(r)));
}

/** "the chair and the independent scrutineer", for the sentence saying who was told. */
export function toldInWords(told: readonly Role[]): string {
  const names = told.map((r) => `the ${ROLE_LABELS[r].toLowerCase()}`);
  return names.length > 1
    ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`
    : (names[0] ?? 'nobody');
}

/** "The chair and the independent scrutineer have been told." (`verb`: told, informed). */
export function toldSentence(told: readonly Role[], verb: string): string {
  const who = toldInWords(told);
  return `${who.charAt(0).toUpperCase()}${who.slice(1)} ${told.length > 1 ? 'have' : 'has'} been ${verb}.`;
}

/** A decision: posted in the case channel, and each chair and scrutineer told. Nothing before there is one. */
export function decisionAnnouncements(
  c: Case,
  p: Pick<PartnershipConfig, 'holders'>,
): Announcement[] {
  if (!c.decision) return [];
  const told: Said = {
    kind: 'decision.told',
    caseId: c.id,
    ref: c.ref,
    outcome: c.decision.outcome,
  };
  return [
    { to: { kind: 'channel' }, what: decisionPost(c) },
    ...holding(p, INFORMED_OF_DECISIONS).map((h) => ({ to: person(h), what: told })),
  ];
}

/** An escalation: posted in the case channel, and each chair and scrutineer told. */
export function escalationAnnouncements(
  c: Case,
  p: Pick<PartnershipConfig, 'holders'>,
): Announcement[] {
  const told: Said = { kind: 'escalation.told', caseId: c.id, ref: c.ref };
  return [
    { to: { kind: 'channel' }, what: escalationPost(c) },
    ...holding(p, INFORMED_OF_DECISIONS).map((h) => ({ to: person(h), what: told })),
  ];
}

/**
 * What a change to a case announces: a recorded decision (which wins when one change both escalates
 * and decides), else an escalation, else nothing.
 */
export function announcementsOf(
  c: Case,
  p: Pick<PartnershipConfig, 'holders'>,
  types: ReadonlySet<CaseEventType>,
): { occasion: Occasion; messages: Announcement[] } | undefined {
  if (types.has('decision.recorded'))
    return c.decision ? { occasion: 'decision', messages: decisionAnnouncements(c, p) } : undefined;
  if (types.has('case.escalated'))
    return { occasion: 'escalation', messages: escalationAnnouncements(c, p) };
  return undefined;
}

/**
 * Those who could not be reached (no id on the platform, or the platform refused) are named to the
 * business managers, so that someone tells them another way: never skipped in silence.
 */
export function notReachedAnnouncements(
  c: Pick<Case, 'id' | 'ref'>,
  p: Pick<PartnershipConfig, 'holders'>,
  about: Occasion,
  unreached: readonly Recipient[],
): Announcement[] {
  const byId = new Map(
    unreached.flatMap((r) => (r.kind === 'person' ? [[r.holderId, r.name] as const] : [])),
  );
  if (!byId.size) return [];
  const what: Said = {
    kind: 'not-reached',
    caseId: c.id,
    ref: c.ref,
    about,
    names: [...byId.values()],
  };
  return holding(p, ['business-manager']).map((h) => ({ to: person(h), what }));
}

/**
 * Whether the other platform tells this holder of this case too, so that one with no id on `here`
 * is not "not reached" (a partnership may name some holders by Slack id, others by Entra id). The
 * other platform tells them when they have an id on it and the case lives there (Slack also sends
 * direct messages for any case of a partnership bound to a workspace).
 */
export function toldElsewhere(
  here: 'slack' | 'teams',
  c: Pick<Case, 'channels'>,
  p: Pick<PartnershipConfig, 'holders' | 'slack'>,
  holderId: string,
): boolean {
  const h = p.holders.find((x) => x.id === holderId);
  if (!h) return false;
  if (here === 'slack')
    return Boolean(h.teamsAadObjectId) && c.channels.some((ch) => ch.platform === 'teams');
  return (
    Boolean(h.slackUserId) && (Boolean(p.slack) || c.channels.some((ch) => ch.platform === 'slack'))
  );
}

/** The person messages of a list, for a platform to deliver one by one. */
export function toPeople(list: readonly Announcement[]): PersonAnnouncement[] {
  return list.filter((a): a is PersonAnnouncement => a.to.kind === 'person');
}
