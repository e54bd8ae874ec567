/**
 * Platform-neutral views of what follows the decision: the review's record (for the case card),
 * the action plan (for `actions`), and the partnership's earlier cases with the same themes and
 * their recommendations (shown against the criteria "recurrent themes" and "improvements …
 * previously identified"). Only ever the actor's own partnership.
 */
import type { PartnershipConfig } from '../config.js';
import { agencyLabel, ownerOf, statusInWords, type ActionItem } from '../domain/action-plan.js';
import { addMonths, dateIn, type IsoDate } from '../domain/calendar.js';
import { OUTCOME_LABELS, PANEL_RESPONSE_LABELS, type Case } from '../domain/case.js';
import { DomainError } from '../domain/errors.js';
import { STEP_LABELS, type StepKind } from '../domain/post-decision.js';
import { can, ROLE_LABELS, type Actor } from '../domain/roles.js';
import type { EarlierCase } from '../cards/forms/index.js';
import { THEMES } from '../cards/forms/index.js';
import type { CaseService } from './case-service.js';

const THEME_LABELS = new Map(THEMES.map((t) => [t.value, t.label]));
export const themeLabel = (t: string) => THEME_LABELS.get(t) ?? t;

/** The review's record as label/value lines: dates, the Panel's response, the reviewer, lateness. */
export function reviewLines(
  c: Case,
  p: Pick<PartnershipConfig, 'timescales'>,
): { label: string; value: string }[] {
  const d = c.dates;
  const out: { label: string; value: string }[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) out.push({ label, value });
  };
  add('Rapid review sent to the Panel', d.rapidReviewSentOn);
  if (c.panelResponse)
    add(
      'The Panel’s response',
      `${PANEL_RESPONSE_LABELS[c.panelResponse]}${d.panelRespondedOn ? ` (${d.panelRespondedOn})` : ''}`,
    );
  if (c.review) {
    const on = d.reviewCommissionedOn ?? d.learningCommissionedOn;
    add(
      OUTCOME_LABELS[c.review.kind],
      `${c.review.kind === 'lcspr' ? 'reviewer' : 'led by'} ${c.review.reviewer}${on ? `, commissioned ${on}` : ''}`,
    );
  }
  add('Panel, Ofsted and DfE told the reviewer’s name', d.reviewerInformedOn);
  add('Methodology agreed', d.methodologyAgreedOn);
  add('Practitioners involved', d.practitionersInvolvedOn);
  add('Family invited to contribute', d.familyInvolvedOn);
  add('Report drafting started', d.reportDraftingOn);
  add('Draft report', d.draftReportOn);
  if (d.finalReportOn && d.finalReportOn !== d.reportSentOn) add('Final report', d.finalReportOn);
  if (d.reportSentOn) {
    const n = c.review?.reportNotice;
    const notice = n
      ? ` (${n.workingDays} working day${n.workingDays === 1 ? '' : 's'} before publication${n.late ? `: LATE, at least ${n.required} required` : ''})`
      : '';
    add('Report sent to the Panel and the Secretary of State', `${d.reportSentOn}${notice}`);
  }
  if (d.plannedPublicationOn && !d.publishedOn) add('Planned publication', d.plannedPublicationOn);
  if (d.publishedOn)
    add(
      'Published',
      `${d.publishedOn}; to stay published until at least ${addMonths(d.publishedOn, p.timescales.publishedForMonths)}`,
    );
  add('Learning shared', d.learningSharedOn);
  add('Monitoring the action plan since', d.monitoringOn);
  return out;
}

export interface ActionLine {
  id: string;
  agency: string;
  /** Whose holders are reminded. */
  owner: string;
  recommendation: string;
  required: string;
  due: IsoDate;
  status: string;
  overdue: boolean;
  open: boolean;
}

export function actionLines(
  c: Case,
  p: Pick<PartnershipConfig, 'timeZone'>,
  now: Date,
): ActionLine[] {
  const today = dateIn(now, p.timeZone);
  return (c.actionPlan ?? []).map((i) => ({
    id: i.id,
    agency: agencyLabel(i.agency),
    owner: ROLE_LABELS[ownerOf(i.agency)],
    recommendation: i.recommendation,
    required: i.required,
    due: i.due,
    status: statusInWords(i, today),
    overdue: i.status !== 'done' && i.due < today,
    open: i.status !== 'done',
  }));
}

/** The item of a case's action plan, or a refusal with a stable code. */
export function actionItem(c: Case, id: string | undefined): ActionItem {
  const item = (c.actionPlan ?? []).find((i) => i.id === id);
  if (!item)
    throw new DomainError(
      'action.not_found',
      id
        ? `${c.ref} has no action plan item ${id.slice(0, 20)}.`
        : `Which item of the action plan of ${c.ref}?`,
    );
  return item;
}

const MAX_EARLIER = 10;

/**
 * The actor's partnership's other cases, created before this one, sharing at least one of its
 * themes, newest first, with their recommendations. Another partnership's cases never appear.
 */
export async function earlierCasesWithThemes(
  service: CaseService,
  actor: Actor,
  c: Case,
  now: Date,
): Promise<EarlierCase[]> {
  if (c.partnershipId !== actor.partnershipId || !can(actor, 'view', c.partnershipId)) return [];
  if (c.themes.length === 0) return [];
  const found = await service.repo.find({
    partnershipIds: [actor.partnershipId],
    anyTheme: c.themes,
    excludeId: c.id,
  });
  const p = service.partnership(actor.partnershipId);
  const today = dateIn(now, p.timeZone);
  return found
    .filter((x) => x.partnershipId === actor.partnershipId && x.createdAt <= c.createdAt)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, MAX_EARLIER)
    .map((x) => ({
      ref: x.ref,
      themes: x.themes.filter((t) => c.themes.includes(t)).map(themeLabel),
      recommendations: (x.actionPlan ?? []).map(
        (i) =>
          `${i.id} ${agencyLabel(i.agency)}: ${i.recommendation} (${statusInWords(i, today).toLowerCase()})`,
      ),
    }));
}

/** What to tell the person who recorded a step: what is recorded, and a warning when the report's notice was short. */
export function stepConfirmation(
  c: Case,
  step: StepKind,
  p: Pick<PartnershipConfig, 'timescales'>,
): { text: string; warning?: string } {
  const d = c.dates;
  const n = c.review?.reportNotice;
  const late = n?.late
    ? `The report went to the Panel and the Secretary of State only ${n.workingDays} working day${n.workingDays === 1 ? '' : 's'} before publication: at least ${n.required} are required. The lateness is recorded on the case.`
    : undefined;
  const what = STEP_LABELS[step];
  switch (step) {
    case 'send-report':
      return {
        text: `Recorded on ${c.ref}: ${what} on ${d.reportSentOn}; planned publication ${d.plannedPublicationOn}.`,
        ...(late ? { warning: late } : {}),
      };
    case 'publish':
      return {
        text: `Recorded on ${c.ref}: published on ${d.publishedOn}. It must stay published until at least ${addMonths(d.publishedOn!, p.timescales.publishedForMonths)}.`,
        ...(late ? { warning: late } : {}),
      };
    case 'panel-response':
      return {
        text: `Recorded on ${c.ref}: ${c.panelResponse ? PANEL_RESPONSE_LABELS[c.panelResponse].toLowerCase() : 'the Panel’s response'}.`,
      };
    case 'commission':
      return {
        text:
          c.review?.kind === 'lcspr'
            ? `Recorded on ${c.ref}: local review commissioned, reviewer ${c.review.reviewer}. Next: tell the Panel, Ofsted and DfE the reviewer’s name.`
            : `Recorded on ${c.ref}: learning review commissioned (${c.review?.reviewer ?? ''}).`,
      };
    case 'close':
      return { text: `${c.ref} is closed.` };
    default:
      return { text: `Recorded on ${c.ref}: ${what.charAt(0).toLowerCase()}${what.slice(1)}.` };
  }
}
