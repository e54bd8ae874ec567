/**
 * Named, versioned procedures with every statutory timescale of PRODUCT.md, and the partnership
 * overrides that adjust them. The deadline engine (`deadlines.ts`) reads only these numbers.
 */
export const PROCEDURE_IDS = ['england-2018', 'england-2023'] as const;
export type ProcedureId = (typeof PROCEDURE_IDS)[number];

export interface Timescales {
  /** s16C(1): the local authority notifies the Panel within N working days of becoming aware. */
  notifyPanelWorkingDays: number;
  /** The local authority reports the incident to the safeguarding partners within N working days. */
  notifyPartnersWorkingDays: number;
  /** The rapid review is expected within N working days … */
  rapidReviewWorkingDays: number;
  /** … counted from becoming aware (national default) or from the Panel notification (some partnerships). */
  rapidReviewFrom: 'aware' | 'notification';
  /** A referral confirmed in writing within N hours (Portsmouth: 48); null = not required. */
  referralConfirmationHours: number | null;
  /** The referral confirmation counted in working days instead of hours (day 0 = the referral's day); wins over the hours. */
  referralConfirmation: { workingDays: number } | null;
  /**
   * The Secretary of State and Ofsted told of a looked-after child's or care leaver's death within N
   * working days (one duty, `notify-sos-ofsted`, whichever child it is for).
   */
  careLeaverNotifyWorkingDays: number;
  /** The final local review report is expected within N months of the decision. */
  finalReportMonths: number;
  /** The report goes to the Panel and the Secretary of State at least N working days before publication. */
  reportBeforePublicationWorkingDays: number;
  /** A published report stays available for at least N months. */
  publishedForMonths: number;
  /** Local default: chase the Panel if it has not responded N working days after the rapid review was sent. */
  panelResponseWorkingDays: number;
  /** Local default: the Panel, Ofsted and DfE told the reviewer's name within N working days of commissioning. */
  reviewerInformedWorkingDays: number;
  /** Local default: the draft local review report N months after the decision (methodology and involvement before it). */
  draftReportMonths: number;
  /** Local default: an alternative (multi- or single-agency) learning review shares its learning N months after the decision. */
  learningReviewMonths: number;
}

/** Where the editions of the guidance differ in what is due, not only in how long it takes. */
export interface ProcedureRules {
  /** The death of a care leaver (18 to their 25th birthday) is notified to the Secretary of State and Ofsted (Working Together 2023 onwards). */
  careLeaverDeaths: boolean;
}

export interface Procedure {
  id: ProcedureId;
  title: string;
  source: string;
  timescales: Timescales;
  rules: ProcedureRules;
}

const NATIONAL: Timescales = {
  notifyPanelWorkingDays: 5,
  notifyPartnersWorkingDays: 5,
  rapidReviewWorkingDays: 15,
  rapidReviewFrom: 'aware',
  referralConfirmationHours: null,
  referralConfirmation: null,
  careLeaverNotifyWorkingDays: 5,
  finalReportMonths: 6,
  reportBeforePublicationWorkingDays: 7,
  publishedForMonths: 12,
  panelResponseWorkingDays: 15,
  reviewerInformedWorkingDays: 5,
  draftReportMonths: 4,
  learningReviewMonths: 6,
};

export const PROCEDURES: Readonly<Record<ProcedureId, Procedure>> = {
  'england-2018': {
    id: 'england-2018',
    title: 'Working Together to Safeguard Children 2018',
    source: 'Children Act 2004 s16C (as amended 2017); Working Together 2018, chapter 4',
    timescales: { ...NATIONAL },
    rules: { careLeaverDeaths: false },
  },
  'england-2023': {
    id: 'england-2023',
    title: 'Working Together to Safeguard Children 2023',
    source: 'Children Act 2004 s16C; Working Together 2023, chapter 5; Panel practice guidance',
    timescales: { ...NATIONAL },
    rules: { careLeaverDeaths: true },
  },
};

export const DEFAULT_PROCEDURE: ProcedureId = 'england-2023';

/** Working Together 2023 applies to incidents the local authority became aware of on or after this date. */
export const ENGLAND_2023_FROM = '2023-12-15';

/**
 * The edition in force for an incident: the one the partnership pins, or else the one in force on
 * the day the local authority became aware (england-2018 before 15 December 2023, england-2023 from then).
 */
export function procedureFor(awareOn: string, pinned?: ProcedureId): ProcedureId {
  if (pinned) return pinned;
  return awareOn < ENGLAND_2023_FROM ? 'england-2018' : 'england-2023';
}

export type ProcedureOverrides = Partial<Timescales>;

export function isProcedureId(value: string): value is ProcedureId {
  return (PROCEDURE_IDS as readonly string[]).includes(value);
}

/** The timescales in force for a partnership: its procedure's, with its overrides on top. */
export function timescalesFor(id: ProcedureId, overrides: ProcedureOverrides = {}): Timescales {
  const base = PROCEDURES[id].timescales;
  const merged: Timescales = { ...base };
  for (const [key, value] of Object.entries(overrides) as [keyof Timescales, unknown][]) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}
