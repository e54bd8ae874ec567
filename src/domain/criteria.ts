/**
 * The statutory test for notifying the Panel (Children Act 2004 s16C(1)), the looked-after child
 * and care-leaver rules, and the criteria and circumstances the partners weigh in the rapid review.
 */
import type { IsoDate } from './calendar.js';
import { computeDeadlines, type Deadline, type Duties } from './deadlines.js';
import type { Timescales } from './procedure.js';

export const HARMS = ['death', 'serious-harm'] as const;
export type Harm = (typeof HARMS)[number];
export const ABUSE_OR_NEGLECT = ['known', 'suspected', 'not-suspected'] as const;
export type AbuseOrNeglect = (typeof ABUSE_OR_NEGLECT)[number];
export const LOCATIONS = ['in-area', 'outside-england-resident', 'elsewhere'] as const;
export type Location = (typeof LOCATIONS)[number];
export const CHILD_STATUSES = ['none', 'looked-after', 'care-leaver'] as const;
export type ChildStatus = (typeof CHILD_STATUSES)[number];

export interface IncidentFacts {
  awareOn: IsoDate;
  harm: Harm;
  abuseOrNeglect: AbuseOrNeglect;
  location: Location;
  childStatus: ChildStatus;
  /** Ages of the children (or young person, for a care leaver). */
  ages: number[];
  panelNotifiedOn?: IsoDate;
}

export interface Notifiability {
  /** The s16C(1) test is met. */
  s16cMet: boolean;
  duties: Duties;
  /** Plain-language reasons, one per rule applied. */
  reasons: string[];
  /** What must be done and by when. */
  deadlines: Deadline[];
}

/** Care leavers are covered up to and including this age. */
export const CARE_LEAVER_MAX_AGE = 24;

export function assessNotifiability(f: IncidentFacts, t: Timescales): Notifiability {
  const reasons: string[] = [];
  const suspected = f.abuseOrNeglect !== 'not-suspected';
  const harmWords = f.harm === 'death' ? 'the child died' : 'the child was seriously harmed';
  const duties: Duties = { notifyPanel: false, rapidReview: false, notifySosOfsted: false };

  // A care leaver is a young adult; under 18 the child is covered by s16C(1) like any other child.
  if (f.childStatus === 'care-leaver' && f.ages.some((a) => a >= 18)) {
    const inRange = f.ages.every((a) => a <= CARE_LEAVER_MAX_AGE);
    if (f.harm === 'death' && inRange) {
      duties.notifySosOfsted = true;
      reasons.push(
        `Death of a care leaver aged ${CARE_LEAVER_MAX_AGE} or under: notify the Secretary of State and Ofsted. No rapid review is required.`,
      );
    } else {
      reasons.push(
        f.harm === 'death'
          ? `The care-leaver rule covers deaths up to age ${CARE_LEAVER_MAX_AGE} only.`
          : 'The care-leaver rule covers deaths only, not serious harm.',
      );
    }
    return { s16cMet: false, duties, reasons, deadlines: computeDeadlines(t, f, duties) };
  }

  const whereOk = f.location !== 'elsewhere';
  const s16cMet = suspected && whereOk;
  if (s16cMet) {
    duties.notifyPanel = true;
    duties.rapidReview = true;
    reasons.push(
      `s16C(1) is met: abuse or neglect is ${f.abuseOrNeglect}, ${harmWords}, ` +
        (f.location === 'in-area'
          ? 'in the local authority’s area.'
          : 'outside England while normally resident in the area.'),
    );
  } else {
    if (!suspected) reasons.push('s16C(1) is not met: abuse or neglect is neither known nor suspected.');
    if (!whereOk)
      reasons.push(
        's16C(1) is not met for this local authority: the incident was outside its area and the child was not normally resident here. The local authority where it happened must notify.',
      );
  }
  if (!s16cMet && f.childStatus === 'looked-after' && f.harm === 'death' && whereOk) {
    duties.notifyPanel = true;
    reasons.push(
      'Death of a looked-after child: notify the Panel even where abuse or neglect is not suspected. The partners decide whether a rapid review is needed.',
    );
  }
  return { s16cMet, duties, reasons, deadlines: computeDeadlines(t, f, duties) };
}

/** The four criteria partners must take into account (Working Together). */
export const CRITERIA = [
  {
    key: 'improvements',
    label:
      'Highlights or may highlight improvements needed to safeguard and promote the welfare of children, including where previously identified',
    short: 'Improvements needed',
  },
  { key: 'recurrent-themes', label: 'Highlights or may highlight recurrent themes', short: 'Recurrent themes' },
  {
    key: 'multi-agency',
    label: 'Highlights or may highlight concerns about two or more organisations or agencies working together effectively',
    short: 'Agencies working together',
  },
  {
    key: 'panel-referred',
    label: 'The Panel has considered it and concluded a local review may be more appropriate',
    short: 'Panel suggests local review',
  },
] as const;

/** The circumstances they should have regard to. */
export const CIRCUMSTANCES = [
  { key: 'single-agency', label: 'Concern about the actions of a single agency', short: 'Single agency concern' },
  { key: 'no-agency', label: 'No agency involvement, and this is a concern', short: 'No agency involvement' },
  {
    key: 'cross-boundary',
    label: 'More than one local authority, police area or health area involved (e.g. families moving around)',
    short: 'More than one area',
  },
  { key: 'institutional', label: 'Issues about children in institutional settings', short: 'Institutional setting' },
] as const;

export type CriterionKey = (typeof CRITERIA)[number]['key'] | (typeof CIRCUMSTANCES)[number]['key'];
export const CRITERION_KEYS: readonly CriterionKey[] = [...CRITERIA, ...CIRCUMSTANCES].map((c) => c.key);
export const ANSWERS = ['yes', 'no', 'unclear'] as const;
export type Answer = (typeof ANSWERS)[number];

export function isCriterionKey(value: string): value is CriterionKey {
  return (CRITERION_KEYS as readonly string[]).includes(value);
}
