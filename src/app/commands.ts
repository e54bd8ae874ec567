/**
 * The chat commands shared by Slack (`/cspr <verb>`) and Teams (`<verb>` to the bot), and the
 * platform-neutral answers to the read-only ones.
 */
import type { PartnershipConfig } from '../config.js';
import { dateIn, workingDaysBetween, type IsoDate } from '../domain/calendar.js';
import { STATE_LABELS, type Case } from '../domain/case.js';
import { caseDeadlines, dueInWords, pendingActions } from '../domain/status.js';
import { ROLE_LABELS, ROLES, type Actor } from '../domain/roles.js';

export const VERBS = [
  'help',
  'notify',
  'notified',
  'status',
  'list',
  'deadlines',
  'facts',
  'criteria',
  'vote',
  'timeline',
  'export',
  'roles',
  'remind',
  'mute',
  'unmute',
  'step',
  'actions',
  'dashboard',
  'calendar',
] as const;
export type Verb = (typeof VERBS)[number];

export interface ParsedCommand {
  verb: Verb;
  ref?: string;
  args: string[];
}

const REF = /^[A-Z]{2,10}-\d{4}-\d{3,}$/i;

/** Parses "status LINCS-2026-007" and the like; unknown verbs give undefined (answer with help). */
export function parseCommand(text: string): ParsedCommand | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? 'help').toLowerCase();
  if (!(VERBS as readonly string[]).includes(verb)) return undefined;
  const rest = words.slice(1);
  const refIndex = rest.findIndex((w) => REF.test(w));
  const ref = refIndex >= 0 ? rest[refIndex]!.toUpperCase() : undefined;
  const args = rest.filter((_, i) => i !== refIndex);
  return { verb: verb as Verb, ...(ref ? { ref } : {}), args };
}

export const HELP_LINES: [string, string][] = [
  ['notify', 'Notify a serious incident (opens the notification form)'],
  [
    'notified [REF]',
    'Record when the Panel, the partners (and the Secretary of State and Ofsted) were notified',
  ],
  ['status [REF]', 'Where a case stands: deadlines, pending actions, votes'],
  ['list', 'Your partnership’s cases'],
  ['deadlines', 'What is due in the next 10 working days across your cases'],
  ['facts', 'Record the rapid-review facts (in a case channel)'],
  ['criteria', 'Assess the criteria (in a case channel)'],
  ['vote', 'Vote for your partner (in a case channel)'],
  [
    'step [STEP] [REF]',
    'Record a post-decision step (Panel response, review, report, publication, close…): without STEP, choose from the steps open now',
  ],
  [
    'actions [REF]',
    'The action plan: each recommendation, agency, due date and status; add or update items (business manager or chair)',
  ],
  [
    'timeline [REF] [page N|last]',
    'The case’s audit trail: who did what and when, 20 events a page',
  ],
  ['export [REF]', 'The rapid review record for the Panel, as a Word document'],
  ['roles', 'Who holds which role in your partnership'],
  [
    'remind pause|resume',
    'Pause or resume a case’s reminders (business manager or chair, in a case channel)',
  ],
  [
    'mute personal|escalation',
    'Mute your own personal reminders or escalations (`unmute` to undo); digests stay on',
  ],
  [
    'dashboard',
    'A sign-in link (for you alone, once, 10 minutes) to the review group’s dashboard of every open case',
  ],
  [
    'calendar [revoke]',
    'Your private calendar feed of your pending deadlines (`calendar revoke` stops it)',
  ],
  ['help', 'This list'],
];

export interface CaseLine {
  ref: string;
  state: string;
  children: string;
  next?: string;
}

/**
 * Lines already worded, by case: a case read again unchanged (the repository hands out the same
 * frozen case until its snapshot changes) is not worded again on the same day.
 */
const wordedLines = new WeakMap<
  Case,
  { partnership: PartnershipConfig; today: string; line: CaseLine }
>();

/**
 * One line per case, newest first; the next step as the case card says it ("Waiting for"): the
 * pending action due soonest (or the first one, when none has a date).
 */
export function caseLines(
  cases: Case[],
  partnerships: Map<string, PartnershipConfig>,
  now: Date,
): CaseLine[] {
  return cases.map((c) => {
    const p = partnerships.get(c.partnershipId)!;
    const today = dateIn(now, p.timeZone);
    const known = wordedLines.get(c);
    if (known && known.partnership === p && known.today === today) return known.line;
    const line = Object.freeze(caseLine(c, p, today));
    if (Object.isFrozen(c)) wordedLines.set(c, { partnership: p, today, line });
    return line;
  });
}

function caseLine(c: Case, p: PartnershipConfig, today: IsoDate): CaseLine {
  const pending = pendingActions(c, p.timescales, p.timeZone);
  const next =
    pending.filter((a) => a.due).sort((a, b) => a.due!.localeCompare(b.due!))[0] ?? pending[0];
  return {
    ref: c.ref,
    state: STATE_LABELS[c.state],
    children: c.children.map((ch) => ch.pseudonym).join(', '),
    ...(next && c.state !== 'closed'
      ? {
          next: next.due
            ? `${next.label}: ${next.due} (${dueInWords(next.due, today)})`
            : next.label,
        }
      : {}),
  };
}

export interface DueLine {
  ref: string;
  label: string;
  due: IsoDate;
  status: string;
}

/**
 * Open deadlines due within `days` working days (or overdue), soonest first — those still chased
 * (a pending action serves them), as on the case card: after the decision an unrecorded
 * notification date is history, not the next thing to do.
 */
export function dueSoon(
  cases: Case[],
  partnerships: Map<string, PartnershipConfig>,
  now: Date,
  days = 10,
): DueLine[] {
  const out: DueLine[] = [];
  for (const c of cases) {
    if (c.state === 'closed') continue;
    const p = partnerships.get(c.partnershipId)!;
    const today = dateIn(now, p.timeZone);
    const chased = new Set(pendingActions(c, p.timescales, p.timeZone).map((a) => a.deadline));
    for (const d of caseDeadlines(c, p.timescales, p.timeZone)) {
      if (d.doneOn || d.key === 'published-until' || !chased.has(d.key)) continue;
      const status = dueInWords(d.due, today);
      const within = d.due <= today || workingDaysWithin(today, d.due, days);
      if (within) out.push({ ref: c.ref, label: d.label, due: d.due, status });
    }
  }
  return out.sort((a, b) => a.due.localeCompare(b.due) || a.ref.localeCompare(b.ref));
}

function workingDaysWithin(today: IsoDate, due: IsoDate, days: number): boolean {
  return workingDaysBetween(today, due) <= days;
}

/** The role holders of the partnerships the person serves, by role. */
export function roleLines(
  actors: Actor[],
  partnerships: Map<string, PartnershipConfig>,
): { partnership: string; lines: string[] }[] {
  return actors.map((a) => {
    const p = partnerships.get(a.partnershipId)!;
    return {
      partnership: p.name,
      lines: ROLES.map((r) => {
        const names = p.holders.filter((h) => h.roles.includes(r)).map((h) => h.name);
        return `${ROLE_LABELS[r]}: ${names.length ? names.join(', ') : '—'}`;
      }),
    };
  });
}
