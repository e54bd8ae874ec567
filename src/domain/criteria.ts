/**
 * The statutory test for notifying the Panel (Children Act 2004 s16C(1)), the looked-after child
 * and care-leaver rules, and the criteria and circumstances the partners weigh in the rapid review.
 */
import type { IsoDate } from './calendar.js';
import { computeDeadlines, type Deadline, type Duties } from './deadlines.js';
import { procedureFor, PROCEDURES, type ProcedureId, type Timescales } from './procedure.js';

export const HARMS = ['death', 'serious-harm'] as const;
export type Harm = (typeof HARMS)[number];
export const ABUSE_OR_NEGLECT = ['known', 'suspected', 'not-suspected'] as const;
export type AbuseOrNeglect = (typeof ABUSE_OR_NEGLECT)[number];
export const LOCATIONS = ['in-area', 'outside-england-resident', 'elsewhere'] as const;
export type Location = (typeof LOCATIONS)[number];
export const CHILD_STATUSES = ['none', 'looked-after', 'care-leaver'] as const;
export type ChildStatus = (typeof CHILD_STATUSES)[number];

/** One child of a notification, assessed on its own. */
export interface ChildFacts {
  /** "Child A", for the reasons; never a name. */
  pseudonym?: string;
  status: ChildStatus;
  /** Age in years (a care leaver may be a young adult). */
  age: number;
  /** A child perpetrator (Lincolnshire, footnote 1: "Child perpetrators may also be the subject of a review"). */
  perpetrator?: boolean;
}

export interface IncidentFacts {
  awareOn: IsoDate;
  harm: Harm;
  abuseOrNeglect: AbuseOrNeglect;
  location: Location;
  /** One to four children, each with their own status, age and whether a child perpetrator. */
  children: ChildFacts[];
  panelNotifiedOn?: IsoDate;
}

export interface Notifiability {
  /** The edition of the guidance applied. */
  procedure: ProcedureId;
  /** The s16C(1) test is met (for at least one child). */
  s16cMet: boolean;
  duties: Duties;
  /** Plain-language reasons, one per rule applied. */
  reasons: string[];
  /** What must be done and by when. */
  deadlines: Deadline[];
}

/** Care leavers are covered up to and including this age (to the 25th birthday). */
export const CARE_LEAVER_MAX_AGE = 24;
/** Under 18: a child (Children Act 1989 s105), whatever else they are. */
export const ADULT_AGE = 18;

/**
 * The duties of a notification: each child is assessed on its own and the duties are the union.
 *
 * - s16C(1): abuse or neglect known or suspected, and a child (under 18) dies or is seriously harmed
 *   in the area, or outside England while normally resident here → notify the Panel, report to the
 *   safeguarding partners, rapid review. Elsewhere in England: the authority where it happened notifies.
 * - A looked-after child's death, whatever the cause and wherever it happened → the authority looking
 *   after the child notifies the Secretary of State and Ofsted (its own duty, beside s16C where met).
 * - A care leaver's death from 18 to the 25th birthday (Working Together 2023 onwards) → the
 *   Secretary of State and Ofsted; no rapid review.
 */
export function assessNotifiability(
  f: IncidentFacts,
  t: Timescales,
  procedure: ProcedureId = procedureFor(f.awareOn),
): Notifiability {
  const reasons: string[] = [];
  const rules = PROCEDURES[procedure].rules;
  const suspected = f.abuseOrNeglect !== 'not-suspected';
  const death = f.harm === 'death';
  const harmWords = death ? 'the child died' : 'the child was seriously harmed';
  const whereOk = f.location !== 'elsewhere';
  const duties: Duties = { notifyPanel: false, rapidReview: false, notifySosOfsted: false };
  const several = f.children.length > 1;
  // A reason about one child names it when there are several: "Child B: death of a looked-after child …".
  const say = (c: ChildFacts, i: number, text: string) =>
    reasons.push(
      several
        ? `${c.pseudonym ?? `Child ${i + 1}`}: ${text}`
        : text.charAt(0).toUpperCase() + text.slice(1),
    );
  const sosFor = new Set<'looked-after' | 'care-leaver'>();

  // s16C(1) concerns children: a care leaver of 18 or over is not one.
  const children = f.children.filter((c) => c.age < ADULT_AGE);
  const s16cMet = suspected && whereOk && children.length > 0;
  let elsewhere = -1;
  if (s16cMet) {
    duties.notifyPanel = true;
    duties.rapidReview = true;
    const covered =
      several && children.length < f.children.length
        ? ` (for ${children.map((c) => c.pseudonym ?? 'a child').join(', ')})`
        : '';
    reasons.push(
      `s16C(1) is met${covered}: abuse or neglect is ${f.abuseOrNeglect}, ${harmWords}, ` +
        (f.location === 'in-area'
          ? 'in the local authority’s area.'
          : 'outside England while normally resident in the area.'),
    );
  } else if (children.length > 0) {
    if (!suspected)
      reasons.push('s16C(1) is not met: abuse or neglect is neither known nor suspected.');
    if (!whereOk) elsewhere = reasons.push('') - 1; // worded once the other duties are known
  }

  f.children.forEach((c, i) => {
    if (c.perpetrator && c.age < ADULT_AGE)
      say(
        c,
        i,
        `a child perpetrator may also be the subject of a review where the case meets the definition of a serious child safeguarding case.`,
      );
    if (c.status === 'looked-after' && death) {
      duties.notifySosOfsted = true;
      sosFor.add('looked-after');
      say(
        c,
        i,
        `death of a looked-after child: the authority looking after the child notifies the Secretary of State and Ofsted, whatever the cause and wherever the death happened${s16cMet ? ' (as well as the Panel under s16C(1))' : ''}.`,
      );
    }
    if (c.status === 'care-leaver' && c.age >= ADULT_AGE) {
      if (!death) say(c, i, `the care-leaver rule covers deaths only, not serious harm.`);
      else if (c.age > CARE_LEAVER_MAX_AGE)
        say(c, i, `the care-leaver rule covers deaths up to age ${CARE_LEAVER_MAX_AGE} only.`);
      else if (!rules.careLeaverDeaths)
        say(
          c,
          i,
          `the duty to notify a care leaver’s death exists from Working Together 2023 only; under ${procedure} nothing is due for it.`,
        );
      else {
        duties.notifySosOfsted = true;
        sosFor.add('care-leaver');
        say(
          c,
          i,
          `death of a care leaver aged ${CARE_LEAVER_MAX_AGE} or under: notify the Secretary of State and Ofsted. No rapid review is required.`,
        );
      }
    }
  });
  if (duties.notifySosOfsted) duties.sosOfstedFor = [...sosFor];
  if (elsewhere >= 0)
    reasons[elsewhere] =
      's16C(1) is not met for this local authority: the incident was outside its area and the child was not normally resident here. The local authority where it happened must notify the Panel; this partnership is told' +
      (duties.notifySosOfsted ? '.' : ', and nothing is due from it.');
  return { procedure, s16cMet, duties, reasons, deadlines: computeDeadlines(t, f, duties) };
}

/** A stored notification's children as the assessment sees them (a per-child status wins over the notification's). */
export function childFacts(n: {
  childStatus?: ChildStatus;
  children: { pseudonym: string; age: number; status?: ChildStatus; perpetrator?: boolean }[];
}): ChildFacts[] {
  return n.children.map((c) => ({
    pseudonym: c.pseudonym,
    age: c.age,
    status: c.status ?? n.childStatus ?? 'none',
    ...(c.perpetrator ? { perpetrator: true } : {}),
  }));
}

/** The four criteria partners must take into account (Working Together). */
export const CRITERIA = [
  {
    key: 'improvements',
    label:
      'Highlights or may highlight improvements needed to safeguard and promote the welfare of children, including where previously identified',
    short: 'Improvements needed',
  },
  {
    key: 'recurrent-themes',
    label: 'Highlights or may highlight recurrent themes',
    short: 'Recurrent themes',
  },
  {
    key: 'multi-agency',
    label:
      'Highlights or may highlight concerns about two or more organisations or agencies working together effectively',
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
  {
    key: 'single-agency',
    label: 'Concern about the actions of a single agency',
    short: 'Single agency concern',
  },
  {
    key: 'no-agency',
    label: 'No agency involvement, and this is a concern',
    short: 'No agency involvement',
  },
  {
    key: 'cross-boundary',
    label:
      'More than one local authority, police area or health area involved (e.g. families moving around)',
    short: 'More than one area',
  },
  {
    key: 'institutional',
    label: 'Issues about children in institutional settings',
    short: 'Institutional setting',
  },
] as const;

export type CriterionKey = (typeof CRITERIA)[number]['key'] | (typeof CIRCUMSTANCES)[number]['key'];
export const CRITERION_KEYS: readonly CriterionKey[] = [...CRITERIA, ...CIRCUMSTANCES].map(
  (c) => c.key,
);
export const ANSWERS = ['yes', 'no', 'unclear'] as const;
export type Answer = (typeof ANSWERS)[number];

export function isCriterionKey(value: string): value is CriterionKey {
  return (CRITERION_KEYS as readonly string[]).includes(value);
}
