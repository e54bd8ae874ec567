/**
 * The review group's dashboard (seed 002: Lincolnshire's group "oversees all open serious incident
 * cases … the associated action plans"), platform-neutral: every open case of one partnership on
 * its statutory clock, and the counts the group reports on. Rows carry the reference, state,
 * deadlines and whose action is pending — never a pseudonym nor any text typed into a form — so the
 * page, its CSV and a screenshot of it can be shared with the group. Each row's own page shows the
 * case summary through the case card's view model (`caseView`), behind the same permission.
 */
import type { PartnershipConfig } from '../config.js';
import { agencyLabel, isOpen } from '../domain/action-plan.js';
import {
  addCalendarDays,
  addMonths,
  dateIn,
  workingDaysBetween,
  type IsoDate,
} from '../domain/calendar.js';
import { OUTCOME_LABELS, OUTCOMES, STATE_LABELS, type Case, type Outcome } from '../domain/case.js';
import { DomainError } from '../domain/errors.js';
import { reviewTrack } from '../domain/post-decision.js';
import { can, notPermitted, type Actor } from '../domain/roles.js';
import { caseDeadlines, pendingActions } from '../domain/status.js';
import type { CaseService } from './case-service.js';
import { caseView, deadlineLine, pendingLine, type CaseView } from './case-view.js';
import { themeLabel } from './post-decision-view.js';

/** A deadline met (done on time), done late, still due, or overdue: each is drawn with its own shape and word, not colour alone. */
export type MarkStatus = 'met' | 'late' | 'due' | 'overdue';

export const MARK_LABELS: Readonly<Record<MarkStatus, string>> = {
  met: 'Met',
  late: 'Done late',
  due: 'Due',
  overdue: 'Overdue',
};

export interface TimelineMark {
  key: string;
  label: string;
  due: IsoDate;
  doneOn?: IsoDate;
  status: MarkStatus;
  /** "3 working days left", "done on 2027-01-12", … (the case card's words). */
  statusText: string;
}

export interface DashboardRow {
  caseId: string;
  ref: string;
  stateLabel: string;
  /** "Notify the Panel (Local authority), due 2026-12-31". */
  pending: { label: string; who: string; due?: IsoDate }[];
  marks: TimelineMark[];
  overdue: number;
}

export interface DashboardCounts {
  year: number;
  /** Cases whose clock started (the local authority became aware) this year. */
  notifiedThisYear: number;
  /** Rapid reviews sent to the Panel this year, and how many by their deadline (15 working days by default). */
  rapidReviews: { completed: number; withinTime: number; share?: number; workingDays: number };
  /** Decisions recorded this year by outcome, as corrected. */
  decisions: { outcome: Outcome; label: string; count: number }[];
  /** Local reviews published this year, and how many within the final-report months of the decision (6 by default). */
  localReviews: { published: number; withinTime: number; months: number };
  /** Open action plan items by agency, and how many are overdue (every case of the partnership, open or not). */
  actionPlan: {
    open: number;
    overdue: number;
    byAgency: { agency: string; label: string; open: number; overdue: number }[];
  };
  /** Themes recorded on two or more of the partnership's cases, most frequent first. */
  themes: { theme: string; label: string; cases: number }[];
}

export interface Dashboard {
  partnershipId: string;
  partnershipName: string;
  today: IsoDate;
  /** The shared date axis of the timeline: every mark and today fall within it. */
  axis: { from: IsoDate; to: IsoDate };
  rows: DashboardRow[];
  counts: DashboardCounts;
}

function markStatus(due: IsoDate, doneOn: IsoDate | undefined, today: IsoDate): MarkStatus {
  if (doneOn) return doneOn <= due ? 'met' : 'late';
  return workingDaysBetween(today, due) < 0 ? 'overdue' : 'due';
}

/**
 * One timeline row, in the case card's words (its `deadlineLine` and `pendingLine`). Not the whole
 * `caseView`: a row needs neither votes nor the post-decision steps, and 500 rows must render fast.
 */
function row(c: Case, p: PartnershipConfig, today: IsoDate): DashboardRow {
  const marks = caseDeadlines(c, p.timescales, p.timeZone)
    .filter((d) => d.key !== 'published-until') // a period to keep the report up, not a step to meet
    .map((d): TimelineMark => {
      const line = deadlineLine(d, today);
      return {
        key: d.key,
        label: d.label,
        due: d.due,
        ...(d.doneOn ? { doneOn: d.doneOn } : {}),
        status: markStatus(d.due, d.doneOn, today),
        statusText: line.status,
      };
    });
  const pending = pendingActions(c, p.timescales, p.timeZone).map(pendingLine);
  return {
    caseId: c.id,
    ref: c.ref,
    stateLabel: STATE_LABELS[c.state],
    pending,
    marks,
    overdue: marks.filter((m) => m.status === 'overdue').length,
  };
}

/** The outcome in force: the last correction that changed it, else the decision's. */
function outcomeOf(c: Case): Outcome | undefined {
  const corrected = [...c.corrections].reverse().find((k) => k.outcome);
  return corrected?.outcome ?? c.decision?.outcome;
}

export function dashboardCounts(
  p: PartnershipConfig,
  cases: Case[],
  today: IsoDate,
): DashboardCounts {
  const year = Number(today.slice(0, 4));
  const inYear = (d: string | undefined) => d !== undefined && Number(d.slice(0, 4)) === year;
  const mine = cases.filter((c) => c.partnershipId === p.id);
  const rapid = { completed: 0, withinTime: 0, workingDays: p.timescales.rapidReviewWorkingDays };
  const byOutcome = new Map<Outcome, number>();
  const local = { published: 0, withinTime: 0, months: p.timescales.finalReportMonths };
  const agencies = new Map<string, { open: number; overdue: number }>();
  const themes = new Map<string, number>();
  for (const c of mine) {
    const sent = c.dates.rapidReviewSentOn;
    if (inYear(sent)) {
      rapid.completed++;
      const due = caseDeadlines(c, p.timescales, p.timeZone).find(
        (d) => d.key === 'rapid-review',
      )?.due;
      if (due && sent! <= due) rapid.withinTime++;
    }
    const outcome = outcomeOf(c);
    if (outcome && c.decision && inYear(dateIn(new Date(c.decision.recordedAt), p.timeZone)))
      byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    if (inYear(c.dates.publishedOn) && reviewTrack(c) === 'local') {
      local.published++;
      if (c.dates.decidedOn && c.dates.publishedOn! <= addMonths(c.dates.decidedOn, local.months))
        local.withinTime++;
    }
    for (const item of (c.actionPlan ?? []).filter(isOpen)) {
      const a = agencies.get(item.agency) ?? { open: 0, overdue: 0 };
      a.open++;
      if (item.due < today) a.overdue++;
      agencies.set(item.agency, a);
    }
    for (const t of new Set(c.themes)) themes.set(t, (themes.get(t) ?? 0) + 1);
  }
  const byAgency = [...agencies]
    .map(([agency, n]) => ({ agency, label: agencyLabel(agency), ...n }))
    .sort((a, b) => b.open - a.open || a.label.localeCompare(b.label));
  return {
    year,
    notifiedThisYear: mine.filter((c) => inYear(c.dates.awareOn)).length,
    rapidReviews: {
      ...rapid,
      ...(rapid.completed ? { share: rapid.withinTime / rapid.completed } : {}),
    },
    decisions: OUTCOMES.map((o) => ({
      outcome: o,
      label: OUTCOME_LABELS[o],
      count: byOutcome.get(o) ?? 0,
    })),
    localReviews: local,
    actionPlan: {
      open: byAgency.reduce((n, a) => n + a.open, 0),
      overdue: byAgency.reduce((n, a) => n + a.overdue, 0),
      byAgency,
    },
    themes: [...themes]
      .filter(([, n]) => n >= 2)
      .map(([theme, n]) => ({ theme, label: themeLabel(theme), cases: n }))
      .sort((a, b) => b.cases - a.cases || a.label.localeCompare(b.label)),
  };
}

/** The dashboard of one partnership from its cases (other partnerships' cases are ignored). */
export function dashboardView(p: PartnershipConfig, cases: Case[], now: Date): Dashboard {
  const today = dateIn(now, p.timeZone);
  const open = cases
    .filter((c) => c.partnershipId === p.id && c.state !== 'closed')
    .sort((a, b) => a.ref.localeCompare(b.ref));
  const rows = open.map((c) => row(c, p, today));
  let from = addCalendarDays(today, -14);
  let to = addCalendarDays(today, 28);
  for (const r of rows)
    for (const m of r.marks) {
      if (m.due < from) from = m.due;
      if (m.due > to) to = m.due;
    }
  return {
    partnershipId: p.id,
    partnershipName: p.name,
    today,
    axis: { from, to },
    rows,
    counts: dashboardCounts(p, cases, today),
  };
}

/**
 * The signed-in person's partnership and actor for the dashboard: refused (`action.not_permitted`)
 * when none of their roles allows it, so a session of someone whose role was removed ends.
 */
export function dashboardActor(actors: Actor[]): Actor {
  const allowed = actors.find((a) => can(a, 'view-dashboard', a.partnershipId));
  if (!allowed) throw notPermitted('view-dashboard');
  return allowed;
}

/** Loads the dashboard for this actor: their own partnership's cases only. */
export async function loadDashboard(service: CaseService, actor: Actor): Promise<Dashboard> {
  if (!can(actor, 'view-dashboard', actor.partnershipId)) throw notPermitted('view-dashboard');
  const p = service.partnership(actor.partnershipId);
  const cases = await service.repo.list([p.id]);
  return dashboardView(p, cases, service.clock.now());
}

/** One case's summary and action plan from the dashboard (the case card's view model), within the actor's partnership. */
export async function dashboardCase(
  service: CaseService,
  actor: Actor,
  caseId: string,
): Promise<CaseView> {
  if (!can(actor, 'view-dashboard', actor.partnershipId)) throw notPermitted('view-dashboard');
  const c = await service.visible(actor, caseId, 'view');
  if (c.partnershipId !== actor.partnershipId)
    throw new DomainError('case.not_found', 'No such case.');
  return caseView(c, service.partnership(c.partnershipId), service.clock.now(), actor);
}
