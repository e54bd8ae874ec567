/** Roles of PRODUCT.md and the role × action table enforced by the core for both platforms. */
import { DomainError } from './errors.js';

export const PARTNERS = ['la', 'police', 'health'] as const;
export type Partner = (typeof PARTNERS)[number];

export const ROLES = [...PARTNERS, 'business-manager', 'chair', 'scrutineer', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const PARTNER_LABELS: Readonly<Record<Partner, string>> = {
  la: 'Local authority',
  police: 'Police',
  health: 'Health (ICB)',
};

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  ...PARTNER_LABELS,
  'business-manager': 'Business manager',
  chair: 'Chair',
  scrutineer: 'Independent scrutineer',
  member: 'Member',
};

export function isPartner(value: string): value is Partner {
  return (PARTNERS as readonly string[]).includes(value);
}

/** Who is told, on every platform, when the partners' decision is recorded or their votes differ (independent oversight). */
export const INFORMED_OF_DECISIONS: readonly Role[] = ['chair', 'scrutineer'];

/** Who is told, on every platform, once a duty is a working day overdue (the reminders' escalation). */
export const TOLD_OF_OVERDUE: readonly Role[] = ['chair'];

/** Who receives the weekly oversight digest of the partnership's open cases by direct message. */
export const OVERSEES_OPEN_CASES: readonly Role[] = ['chair'];

/** Who is acting: a person resolved by a platform to the partnership's configured role holders. */
export interface Actor {
  /** Stable id of the holder in the partnership file (not a platform id). */
  id: string;
  /** Display name of the professional (never a child). */
  name: string;
  partnershipId: string;
  roles: Role[];
}

/** The bot itself, for effects it records (channel opened, a platform failure). */
export const systemActor = (partnershipId: string): Actor => ({
  id: 'system',
  name: 'CSPR bot',
  partnershipId,
  roles: [],
});

export const ACTIONS = [
  'refer',
  'notify',
  'record-facts',
  'assess-criteria',
  'vote',
  'view',
  'view-timeline',
  'export',
  'post-decision',
  'correct-decision',
  'pause-reminders',
  'erase',
  'record-notification',
  'view-dashboard',
] as const;
export type Action = (typeof ACTIONS)[number];

const P = PARTNERS;
/** Role × action: the one table of who may do what. `vote` is further limited to one's own partner. */
export const PERMISSIONS: Readonly<Record<Action, readonly Role[]>> = {
  refer: [...P, 'business-manager', 'chair', 'member'],
  notify: ['la', 'business-manager'],
  'record-facts': [...P, 'business-manager', 'chair', 'member'],
  'assess-criteria': [...P, 'business-manager', 'chair'],
  vote: [...P],
  view: [...P, 'business-manager', 'chair', 'scrutineer', 'member'],
  'view-timeline': [...P, 'business-manager', 'chair', 'scrutineer'],
  export: [...P, 'business-manager', 'chair', 'scrutineer'],
  'post-decision': ['business-manager', 'chair'],
  'correct-decision': ['chair'],
  'pause-reminders': ['business-manager', 'chair'],
  erase: ['business-manager', 'chair'],
  'record-notification': ['la', 'business-manager'],
  'view-dashboard': [...P, 'business-manager', 'chair', 'scrutineer'],
};

/** What each action is, in words, for refusals ("Your role does not allow this: …"). */
export const ACTION_LABELS: Readonly<Record<Action, string>> = {
  refer: 'refer a case',
  notify: 'notify an incident',
  'record-facts': 'record the rapid-review facts',
  'assess-criteria': 'assess the criteria',
  vote: 'vote for a statutory partner',
  view: 'see a case',
  'view-timeline': 'see a case’s timeline',
  export: 'export a case',
  'post-decision': 'record the steps after the decision',
  'correct-decision': 'correct a recorded decision',
  'pause-reminders': 'pause or resume a case’s reminders',
  erase: 'erase a case',
  'record-notification':
    'record when the Panel, the partners or the Secretary of State and Ofsted were notified',
  'view-dashboard': 'see the review group’s dashboard and calendar of every open case',
};

/**
 * The refusal for an action the person's roles do not allow. It names the action only — never a
 * case — and is given before any case is looked up, so it is the same whether the case exists or not.
 */
export function notPermitted(action: Action): DomainError {
  if (action === 'vote') return notYourVote();
  return new DomainError(
    'action.not_permitted',
    `Your role does not allow this: ${ACTION_LABELS[action]}.`,
    { action },
  );
}

/** The one sentence, on every platform, refusing a vote to someone who holds no role of that partner. */
export const VOTE_REFUSAL =
  'Only a holder of the local authority, police or health role can vote for that partner.';

/**
 * The one refusal of a vote by someone without that partner's role (`vote.not_your_role`), whether
 * they hold no partner role at all or another partner's: the core's and every platform's.
 */
export function notYourVote(partner?: Partner): DomainError {
  return new DomainError('vote.not_your_role', VOTE_REFUSAL, partner ? { partner } : {});
}

/** Of a person's actors (one per partnership they serve), those whose roles allow the action there. */
export function permittedActors(actors: readonly Actor[], action: Action): Actor[] {
  return actors.filter((a) => can(a, action, a.partnershipId));
}

/** May this actor do this action on data of this partnership? (Other partnerships: never.) */
export function can(actor: Actor, action: Action, partnershipId: string): boolean {
  if (actor.id === 'system') return actor.partnershipId === partnershipId;
  if (actor.partnershipId !== partnershipId) return false;
  return actor.roles.some((r) => PERMISSIONS[action].includes(r));
}
