/**
 * The deadline engine: from a case's key dates and the timescales in force, every statutory
 * deadline with its due date and what it is counted from.
 */
import {
  addHours,
  addMonths,
  addWorkingDays,
  dateIn,
  subtractWorkingDays,
  timeIn,
  type IsoDate,
} from './calendar.js';
import type { Timescales } from './procedure.js';

export type DeadlineKey =
  | 'referral-confirmation'
  | 'notify-panel'
  | 'notify-partners'
  | 'notify-sos-ofsted'
  | 'rapid-review'
  | 'final-report'
  | 'report-to-panel-sos'
  | 'published-until'
  | 'panel-response'
  | 'reviewer-informed'
  | 'draft-report'
  | 'learning-review';

export interface Deadline {
  key: DeadlineKey;
  label: string;
  /** The last day on which the step is on time (for `published-until`: the first day it may be withdrawn). */
  due: IsoDate;
  /** What it is counted from, in words with the date. */
  basis: string;
  /** For a deadline counted in hours: the time of day it falls due ("11:00"), in the partnership's zone. */
  dueTime?: string;
  /** Done on this date, when the case records it. */
  doneOn?: IsoDate;
}

/** The dates a case has reached; every field but `awareOn` is optional. */
export interface CaseDates {
  awareOn: IsoDate;
  referredAt?: string; // ISO instant
  referralConfirmedAt?: string;
  panelNotifiedOn?: IsoDate;
  partnersNotifiedOn?: IsoDate;
  sosOfstedNotifiedOn?: IsoDate;
  rapidReviewSentOn?: IsoDate;
  decidedOn?: IsoDate;
  finalReportOn?: IsoDate;
  reportSentOn?: IsoDate;
  plannedPublicationOn?: IsoDate;
  publishedOn?: IsoDate;
  /** When the case was closed (ISO instant): the retention period counts from it. */
  closedAt?: string;
  panelRespondedOn?: IsoDate;
  /** A local review commissioned (reviewer named). */
  reviewCommissionedOn?: IsoDate;
  /** The Panel, Ofsted and DfE told the reviewer's name. */
  reviewerInformedOn?: IsoDate;
  methodologyAgreedOn?: IsoDate;
  practitionersInvolvedOn?: IsoDate;
  familyInvolvedOn?: IsoDate;
  reportDraftingOn?: IsoDate;
  draftReportOn?: IsoDate;
  /** An alternative (multi- or single-agency) learning review commissioned. */
  learningCommissionedOn?: IsoDate;
  learningSharedOn?: IsoDate;
  monitoringOn?: IsoDate;
}

/** Which duties apply to the case (from the notifiability assessment). */
export interface Duties {
  notifyPanel: boolean;
  rapidReview: boolean;
  notifySosOfsted: boolean;
  /** Whose death the Secretary of State and Ofsted are told of (older cases: a care leaver's). */
  sosOfstedFor?: ('looked-after' | 'care-leaver')[];
}

/**
 * A deadline counted in months that falls on a weekend or bank holiday is due on the next working
 * day (the one rule for every date the engine gives: a due date is always a working day).
 */
export function monthsLater(date: IsoDate, months: number): IsoDate {
  return addWorkingDays(addMonths(date, months), 0);
}

const SOS_OFSTED_WHOSE = {
  'looked-after': 'a looked-after child’s death',
  'care-leaver': 'a care leaver’s death',
} as const;

export const ALL_DUTIES: Duties = { notifyPanel: true, rapidReview: true, notifySosOfsted: false };

/**
 * Which review follows the decision: a local child safeguarding practice review, an alternative
 * (multi- or single-agency) learning review, or none (no further review, or the Panel's national
 * review). Undefined: not known, so the local review's deadlines are given from the decision.
 */
export type ReviewTrack = 'local' | 'learning' | 'none';

export function computeDeadlines(
  t: Timescales,
  d: CaseDates,
  duties: Duties = ALL_DUTIES,
  zone?: string,
  track?: ReviewTrack,
): Deadline[] {
  const out: Deadline[] = [];
  const wd = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;
  if (d.referredAt && t.referralConfirmation) {
    const from = dateIn(new Date(d.referredAt), zone);
    out.push({
      key: 'referral-confirmation',
      label: 'Referral confirmed in writing',
      due: addWorkingDays(from, t.referralConfirmation.workingDays),
      basis: `${wd(t.referralConfirmation.workingDays)} from the referral (${from})`,
      ...(d.referralConfirmedAt ? { doneOn: dateIn(new Date(d.referralConfirmedAt), zone) } : {}),
    });
  } else if (d.referredAt && t.referralConfirmationHours !== null) {
    // Hours are hours: the deadline has a time of day, weekends and bank holidays included.
    const at = addHours(new Date(d.referredAt), t.referralConfirmationHours);
    out.push({
      key: 'referral-confirmation',
      label: 'Referral confirmed in writing',
      due: dateIn(at, zone),
      dueTime: timeIn(at, zone),
      basis: `${t.referralConfirmationHours} hours from the referral (${dateIn(new Date(d.referredAt), zone)} ${timeIn(new Date(d.referredAt), zone)})`,
      ...(d.referralConfirmedAt ? { doneOn: dateIn(new Date(d.referralConfirmedAt), zone) } : {}),
    });
  }
  const notifyDue = addWorkingDays(d.awareOn, t.notifyPanelWorkingDays);
  if (duties.notifyPanel) {
    out.push({
      key: 'notify-panel',
      label: 'Notify the Child Safeguarding Practice Review Panel',
      due: notifyDue,
      basis: `${wd(t.notifyPanelWorkingDays)} from becoming aware (${d.awareOn})`,
      ...(d.panelNotifiedOn ? { doneOn: d.panelNotifiedOn } : {}),
    });
    out.push({
      key: 'notify-partners',
      label: 'Report the incident to the safeguarding partners',
      due: addWorkingDays(d.awareOn, t.notifyPartnersWorkingDays),
      basis: `${wd(t.notifyPartnersWorkingDays)} from becoming aware (${d.awareOn})`,
      ...(d.partnersNotifiedOn ? { doneOn: d.partnersNotifiedOn } : {}),
    });
  }
  if (duties.notifySosOfsted) {
    out.push({
      key: 'notify-sos-ofsted',
      label: 'Notify the Secretary of State and Ofsted',
      due: addWorkingDays(d.awareOn, t.careLeaverNotifyWorkingDays),
      basis: `${wd(t.careLeaverNotifyWorkingDays)} from becoming aware (${d.awareOn}) of ${(duties.sosOfstedFor ?? ['care-leaver']).map((w) => SOS_OFSTED_WHOSE[w]).join(' and ')}`,
      ...(d.sosOfstedNotifiedOn ? { doneOn: d.sosOfstedNotifiedOn } : {}),
    });
  }
  if (duties.rapidReview) {
    let basis: string;
    let from: IsoDate;
    if (t.rapidReviewFrom === 'notification') {
      from = d.panelNotifiedOn ?? notifyDue;
      basis = d.panelNotifiedOn
        ? `${wd(t.rapidReviewWorkingDays)} from the Panel notification (${d.panelNotifiedOn})`
        : `${wd(t.rapidReviewWorkingDays)} from the Panel notification (not yet made: counted from its due date ${notifyDue})`;
    } else {
      from = d.awareOn;
      basis = `${wd(t.rapidReviewWorkingDays)} from becoming aware (${d.awareOn})`;
    }
    out.push({
      key: 'rapid-review',
      label: 'Complete the rapid review and send it to the Panel',
      due: addWorkingDays(from, t.rapidReviewWorkingDays),
      basis,
      ...(d.rapidReviewSentOn ? { doneOn: d.rapidReviewSentOn } : {}),
    });
  }
  if (d.rapidReviewSentOn) {
    out.push({
      key: 'panel-response',
      label: 'Record the Panel’s response (chase it if none)',
      due: addWorkingDays(d.rapidReviewSentOn, t.panelResponseWorkingDays),
      basis: `${wd(t.panelResponseWorkingDays)} from sending the rapid review (${d.rapidReviewSentOn}); local default`,
      ...(d.panelRespondedOn ? { doneOn: d.panelRespondedOn } : {}),
    });
  }
  if (d.reviewCommissionedOn) {
    out.push({
      key: 'reviewer-informed',
      label: 'Tell the Panel, Ofsted and DfE the reviewer’s name',
      due: addWorkingDays(d.reviewCommissionedOn, t.reviewerInformedWorkingDays),
      basis: `${wd(t.reviewerInformedWorkingDays)} from commissioning the review (${d.reviewCommissionedOn}); local default`,
      ...(d.reviewerInformedOn ? { doneOn: d.reviewerInformedOn } : {}),
    });
  }
  const local = Boolean(d.decidedOn) && (track === undefined || track === 'local');
  if (d.decidedOn && local) {
    out.push({
      key: 'draft-report',
      label: 'Draft local review report',
      due: monthsLater(d.decidedOn, t.draftReportMonths),
      basis: `${t.draftReportMonths} months from the decision (${d.decidedOn}); local default`,
      ...(d.draftReportOn ? { doneOn: d.draftReportOn } : {}),
    });
  }
  if (d.decidedOn && track === 'learning') {
    out.push({
      key: 'learning-review',
      label: 'Share the learning of the learning review',
      due: monthsLater(d.decidedOn, t.learningReviewMonths),
      basis: `${t.learningReviewMonths} months from the decision (${d.decidedOn}); local default`,
      ...(d.learningSharedOn ? { doneOn: d.learningSharedOn } : {}),
    });
  }
  if (d.decidedOn && local) {
    out.push({
      key: 'final-report',
      label: 'Final local review report',
      due: monthsLater(d.decidedOn, t.finalReportMonths),
      basis: `${t.finalReportMonths} months from the decision (${d.decidedOn})`,
      ...(d.finalReportOn ? { doneOn: d.finalReportOn } : {}),
    });
  }
  if (d.plannedPublicationOn) {
    out.push({
      key: 'report-to-panel-sos',
      label: 'Send the report to the Panel and the Secretary of State',
      due: subtractWorkingDays(d.plannedPublicationOn, t.reportBeforePublicationWorkingDays),
      basis: `at least ${wd(t.reportBeforePublicationWorkingDays)} before publication (${d.plannedPublicationOn})`,
      ...(d.reportSentOn ? { doneOn: d.reportSentOn } : {}),
    });
  }
  if (d.publishedOn) {
    out.push({
      key: 'published-until',
      label: 'Keep the report published',
      due: monthsLater(d.publishedOn, t.publishedForMonths),
      basis: `${t.publishedForMonths} months from publication (${d.publishedOn})`,
    });
  }
  return out;
}
