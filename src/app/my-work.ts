/**
 * "My work", platform-neutral: for one person, every pending action of theirs across their
 * partnerships' cases (what, which case, when due, overdue first) with what doing it opens, the
 * cases they hold a role on with their state, and the reminder kinds they muted. Slack's App Home
 * renders it (src/cards/slack/home.ts); Teams' personal scope can render the same.
 *
 * Only cases of the person's own partnerships are read (through CaseService.list), and the view
 * carries references and states only — never a child's pseudonym or a summary.
 */
import type { PartnershipConfig } from '../config.js';
import { dateIn, workingDaysBetween, type IsoDate } from '../domain/calendar.js';
import { STATE_LABELS, type Case } from '../domain/case.js';
import { availableSteps, isStepKind, type StepKind } from '../domain/post-decision.js';
import { MUTABLE_KINDS, type ReminderKind } from '../domain/reminders.js';
import { can, ROLE_LABELS, type Actor } from '../domain/roles.js';
import { dueInWords, pendingActions } from '../domain/status.js';
import type { CaseService } from './case-service.js';
import { partnersOf } from './case-forms.js';

/** What doing the action opens: one of the case forms, a post-decision step form, or the action plan. */
export type MyActionOpens =
  | { kind: 'form'; form: 'facts' | 'criteria' | 'vote' | 'notified' }
  | { kind: 'step'; step: StepKind }
  | { kind: 'action-plan' };

export interface MyAction {
  caseId: string;
  ref: string;
  /** The pending action's key (status.ts), e.g. `vote-police`, `facts`. */
  key: string;
  label: string;
  due?: IsoDate;
  /** "3 working days left", "due today", "2 working days overdue". */
  dueInWords?: string;
  overdue: boolean;
  /** Absent when there is nothing this bot opens for it (e.g. a duty recorded elsewhere). */
  opens?: MyActionOpens;
}

export interface MyCase {
  caseId: string;
  ref: string;
  partnershipName: string;
  stateLabel: string;
  /** The person's roles in the case's partnership, in words. */
  roles: string;
  closed: boolean;
}

export interface MyWork {
  /** False: the person holds no role this bot serves (the Home says so in one line). */
  hasRole: boolean;
  actions: MyAction[];
  cases: MyCase[];
  /** The reminder kinds that can be muted, each with whether this person muted it. */
  reminders: { kind: ReminderKind; muted: boolean }[];
}

/** The muted reminder kinds of one holder (ReminderControls implements it over the claims store). */
export interface MuteLookup {
  mutedKinds(partnershipId: string, holderId: string): Promise<Set<string>>;
}

/** Post-decision pending actions and the step form that records each. */
const STEP_OF: Record<string, StepKind> = {
  'involve-practitioners': 'involvement',
  'involve-family': 'involvement',
};

export async function myWork(
  service: CaseService,
  actors: Actor[],
  now: Date,
  mutes?: MuteLookup,
): Promise<MyWork> {
  if (actors.length === 0) return { hasRole: false, actions: [], cases: [], reminders: [] };
  const byId = new Map(actors.map((a) => [a.partnershipId, a]));
  const cases = await service.list(actors);
  const actions: MyAction[] = [];
  const mine: MyCase[] = [];
  for (const c of cases) {
    const actor = byId.get(c.partnershipId);
    if (!actor || !can(actor, 'view', c.partnershipId)) continue;
    const p = service.partnership(c.partnershipId);
    mine.push({
      caseId: c.id,
      ref: c.ref,
      partnershipName: p.name,
      stateLabel: STATE_LABELS[c.state],
      roles: actor.roles.map((r) => ROLE_LABELS[r]).join(', '),
      closed: c.state === 'closed',
    });
    actions.push(...actionsOf(c, p, actor, now));
  }
  const muted = new Set<string>();
  if (mutes)
    for (const a of actors)
      for (const k of await mutes.mutedKinds(a.partnershipId, a.id)) muted.add(k);
  return {
    hasRole: true,
    actions: actions.sort(byUrgency),
    cases: mine.sort((a, b) => Number(a.closed) - Number(b.closed) || b.ref.localeCompare(a.ref)),
    reminders: MUTABLE_KINDS.map((kind) => ({ kind, muted: muted.has(kind) })),
  };
}

/** The case's pending actions that fall to this actor's roles. */
function actionsOf(c: Case, p: PartnershipConfig, actor: Actor, now: Date): MyAction[] {
  const today = dateIn(now, p.timeZone);
  const steps = new Set(availableSteps(c));
  return pendingActions(c, p.timescales, p.timeZone)
    .filter((a) => a.roles.some((r) => actor.roles.includes(r)))
    .map((a) => {
      const opens = opensFor(a.key, c, actor, steps);
      return {
        caseId: c.id,
        ref: c.ref,
        key: a.key,
        label: a.label,
        overdue: Boolean(a.due && workingDaysBetween(today, a.due) < 0),
        ...(a.due ? { due: a.due, dueInWords: dueInWords(a.due, today) } : {}),
        ...(opens ? { opens } : {}),
      };
    });
}

/** Pending notification duties (status.ts): each is recorded through the one notification form. */
const NOTIFICATION_DUTY_KEYS: ReadonlySet<string> = new Set([
  'notify-panel',
  'notify-partners',
  'notify-sos-ofsted',
]);

function opensFor(
  key: string,
  c: Case,
  actor: Actor,
  steps: Set<StepKind>,
): MyActionOpens | undefined {
  const id = c.partnershipId;
  if (key === 'facts' && can(actor, 'record-facts', id)) return { kind: 'form', form: 'facts' };
  if (key === 'criteria' && can(actor, 'assess-criteria', id))
    return { kind: 'form', form: 'criteria' };
  if (
    (key.startsWith('vote-') || key === 'resolve-escalation') &&
    can(actor, 'vote', id) &&
    partnersOf(actor).length > 0
  )
    return { kind: 'form', form: 'vote' };
  if (NOTIFICATION_DUTY_KEYS.has(key) && can(actor, 'record-notification', id))
    return { kind: 'form', form: 'notified' };
  if (key.startsWith('action-')) return { kind: 'action-plan' };
  const step = STEP_OF[key] ?? (isStepKind(key) ? key : undefined);
  if (step && steps.has(step) && can(actor, 'post-decision', id)) return { kind: 'step', step };
  return undefined;
}

/** Overdue first, then the soonest due, then those with no date; by reference within a day, then in the case's own order (a stable sort). */
function byUrgency(a: MyAction, b: MyAction): number {
  return (
    Number(b.overdue) - Number(a.overdue) ||
    (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
    a.ref.localeCompare(b.ref)
  );
}
