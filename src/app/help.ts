/**
 * The help, grouped the way people work: a case, its rapid-review forms, after the decision,
 * reminders. Built from the one command list (HELP_LINES), by verb: a verb added to the list and
 * not yet placed in a group still shows, under "More". Platform-neutral: each platform renders it.
 */
import { HELP_LINES } from './commands.js';

export interface HelpLine {
  /** e.g. "status [REF]" */
  usage: string;
  what: string;
  /** In a case channel the case is implied: no reference needed. */
  caseImplied: boolean;
}

export interface HelpGroup {
  title: string;
  lines: HelpLine[];
}

const GROUPS: { title: string; verbs: string[] }[] = [
  {
    title: 'A case',
    verbs: ['notify', 'notified', 'status', 'list', 'deadlines', 'timeline', 'export', 'roles'],
  },
  { title: 'The rapid-review forms', verbs: ['facts', 'criteria', 'vote'] },
  { title: 'After the decision', verbs: ['step', 'actions'] },
  { title: 'Reminders', verbs: ['remind', 'mute', 'unmute'] },
  { title: 'Oversight', verbs: ['dashboard', 'calendar'] },
  { title: 'Help', verbs: ['help'] },
];

/** The verbs that, typed in a case channel, act on that channel's case without a reference. */
export const CASE_IMPLIED_VERBS: ReadonlySet<string> = new Set([
  'notified',
  'status',
  'facts',
  'criteria',
  'vote',
  'timeline',
  'export',
  'step',
  'actions',
  'remind',
]);

const verbOf = (usage: string) => usage.split(' ')[0]!;

/** The help lines in their groups (only the verbs in `only`, when given: a platform's own subset). */
export function helpGroups(
  only?: ReadonlySet<string>,
  list: readonly [string, string][] = HELP_LINES,
): HelpGroup[] {
  const lines = list
    .filter(([usage]) => !only || only.has(verbOf(usage)))
    .map(([usage, what]) => ({ usage, what, caseImplied: CASE_IMPLIED_VERBS.has(verbOf(usage)) }));
  const placed = new Set(GROUPS.flatMap((g) => g.verbs));
  const groups = GROUPS.map((g) => ({
    title: g.title,
    lines: g.verbs.flatMap((v) => lines.filter((l) => verbOf(l.usage) === v)),
  }));
  groups.push({ title: 'More', lines: lines.filter((l) => !placed.has(verbOf(l.usage))) });
  return groups.filter((g) => g.lines.length > 0);
}
