/**
 * The post-decision step form: one definition for every step after the partners' decision (the
 * rapid review sent to the Panel, the Panel's response, the local or learning review's milestones,
 * publication, monitoring, closing). Each step shows only the fields it needs; `parseStep` turns a
 * submission into the lifecycle command, and the core refuses a step taken out of order.
 */
import { dateIn, type IsoDate } from '../../domain/calendar.js';
import { PANEL_RESPONSE_LABELS, type Case, type PanelResponse } from '../../domain/case.js';
import type { Command } from '../../domain/lifecycle.js';
import { reviewTrack, STEP_LABELS, type StepKind } from '../../domain/post-decision.js';
import type { Timescales } from '../../domain/procedure.js';
import { LIMITS } from '../../domain/validate.js';
import { ValueReader } from './fields.js';
import type { FieldDef, FormDef, ParseResult, RawValues } from './types.js';

const date = (id: string, label: string, required = true, hint?: string): FieldDef => ({
  kind: 'date',
  id,
  label,
  required,
  ...(hint ? { hint } : {}),
});
const text = (
  id: string,
  label: string,
  required: boolean,
  multiline = true,
  hint?: string,
): FieldDef => ({
  kind: 'text',
  id,
  label,
  required,
  multiline,
  maxLength: multiline ? LIMITS.text : LIMITS.short,
  ...(hint ? { hint } : {}),
});

const RESPONSES: PanelResponse[] = ['agrees', 'local-review', 'national-review'];

export interface StepFormContext {
  /** The case, for labels that depend on its review (local or learning). */
  case?: Pick<Case, 'review' | 'panelResponse' | 'decision'>;
  timescales?: Pick<Timescales, 'reportBeforePublicationWorkingDays' | 'publishedForMonths'>;
}

function fieldsOf(step: StepKind, ctx: StepFormContext): FieldDef[] {
  const learning = ctx.case ? reviewTrack(ctx.case) === 'learning' : false;
  const before = ctx.timescales?.reportBeforePublicationWorkingDays ?? 7;
  switch (step) {
    case 'send-to-panel':
      return [date('on', 'Date the rapid review was sent to the Panel')];
    case 'panel-response':
      return [
        {
          kind: 'choice',
          id: 'response',
          label: 'The Panel’s response',
          required: true,
          style: 'radio',
          options: RESPONSES.map((r) => ({ value: r, label: PANEL_RESPONSE_LABELS[r] })),
        },
        date('on', 'Date of the Panel’s response'),
      ];
    case 'commission':
      return [
        text(
          'reviewer',
          learning ? 'Lead of the learning review' : 'Reviewer (name or organisation)',
          true,
          false,
          learning ? undefined : 'The Panel, Ofsted and DfE are to be told this name.',
        ),
        date('on', 'Date commissioned'),
      ];
    case 'reviewer-informed':
      return [date('on', 'Date the Panel, Ofsted and DfE were told the reviewer’s name')];
    case 'methodology':
      return [
        text('methodology', 'Methodology agreed with the reviewer', true),
        date('on', 'Date agreed'),
      ];
    case 'involvement':
      return [
        {
          kind: 'choice',
          id: 'who',
          label: 'Who contributed',
          required: true,
          style: 'radio',
          options: [
            { value: 'practitioners', label: 'Practitioners' },
            { value: 'family', label: 'The family (including surviving children)' },
          ],
        },
        date('on', 'Date'),
        text('note', 'Note (optional; pseudonyms only)', false),
      ];
    case 'drafting':
      return [
        date('on', 'Date drafting started'),
        date(
          'plannedPublicationOn',
          'Planned publication date',
          false,
          `The report goes to the Panel and the Secretary of State at least ${before} working days before it.`,
        ),
      ];
    case 'draft-report':
      return [date('on', 'Date of the draft report')];
    case 'final-report':
      return [date('on', 'Date of the final report')];
    case 'send-report':
      return [
        date('on', 'Date sent to the Panel and the Secretary of State'),
        date(
          'plannedPublicationOn',
          'Planned publication date',
          true,
          `At least ${before} working days after sending: a shorter notice is recorded as late.`,
        ),
      ];
    case 'publish':
      return [
        date(
          'on',
          'Publication date',
          true,
          `The report (or the improvements) must stay published for at least ${ctx.timescales?.publishedForMonths ?? 12} months.`,
        ),
      ];
    case 'share-learning':
      return [
        date('on', 'Date the learning was shared'),
        text('note', 'How it was shared (optional; pseudonyms only)', false),
      ];
    case 'monitoring':
      return [date('on', 'Date monitoring of the action plan started')];
    case 'close':
      return [text('reason', 'Reason for closing', true, false)];
  }
}

export function stepForm(step: StepKind, ctx: StepFormContext = {}): FormDef {
  return {
    id: 'step',
    title: STEP_LABELS[step],
    submitLabel: 'Record',
    intro: `Post-decision step: ${STEP_LABELS[step]}.`,
    sections: [{ fields: fieldsOf(step, ctx) }],
  };
}

/** Values to start the form with: today's date, and the planned publication date already recorded. */
export function stepDefaults(
  step: StepKind,
  c: Pick<Case, 'dates'>,
  now: Date,
  zone: string,
): Record<string, string> {
  const ids = new Set(fieldsOf(step, {}).map((f) => f.id));
  const out: Record<string, string> = {};
  if (ids.has('on')) out.on = dateIn(now, zone);
  if (ids.has('plannedPublicationOn') && c.dates.plannedPublicationOn)
    out.plannedPublicationOn = c.dates.plannedPublicationOn;
  return out;
}

/** The submission as the lifecycle command of the step. */
export function parseStep(step: StepKind, raw: RawValues): ParseResult<Command> {
  const r = new ValueReader(stepForm(step), raw);
  const cmd = read(step, r);
  if (!r.ok || !cmd) return { ok: false, errors: r.errors };
  return { ok: true, value: cmd };
}

function read(step: StepKind, r: ValueReader): Command | undefined {
  const on = (): IsoDate | undefined => r.date('on');
  switch (step) {
    case 'send-to-panel': {
      const d = on();
      return d ? { type: 'send-to-panel', on: d } : undefined;
    }
    case 'panel-response': {
      const response = r.choice<PanelResponse>('response');
      const d = on();
      return response && d ? { type: 'record-panel-response', response, on: d } : undefined;
    }
    case 'commission': {
      const reviewer = r.text('reviewer');
      const d = on();
      return reviewer && d ? { type: 'commission-review', reviewer, on: d } : undefined;
    }
    case 'reviewer-informed': {
      const d = on();
      return d ? { type: 'record-reviewer-informed', on: d } : undefined;
    }
    case 'methodology': {
      const methodology = r.text('methodology');
      const d = on();
      return methodology && d ? { type: 'agree-methodology', methodology, on: d } : undefined;
    }
    case 'involvement': {
      const who = r.choice<'practitioners' | 'family'>('who');
      const d = on();
      const note = r.text('note');
      return who && d
        ? { type: 'record-involvement', who, on: d, ...(note ? { note } : {}) }
        : undefined;
    }
    case 'drafting': {
      const d = on();
      const planned = r.date('plannedPublicationOn');
      return d
        ? {
            type: 'start-report-drafting',
            on: d,
            ...(planned ? { plannedPublicationOn: planned } : {}),
          }
        : undefined;
    }
    case 'draft-report': {
      const d = on();
      return d ? { type: 'record-draft-report', on: d } : undefined;
    }
    case 'final-report': {
      const d = on();
      return d ? { type: 'record-final-report', on: d } : undefined;
    }
    case 'send-report': {
      const d = on();
      const planned = r.date('plannedPublicationOn');
      if (d && planned && planned < d)
        r.fail('plannedPublicationOn', 'Planned publication cannot be before the report is sent.');
      return d && planned
        ? { type: 'send-report', on: d, plannedPublicationOn: planned }
        : undefined;
    }
    case 'publish': {
      const d = on();
      return d ? { type: 'publish', on: d } : undefined;
    }
    case 'share-learning': {
      const d = on();
      const note = r.text('note');
      return d ? { type: 'share-learning', on: d, ...(note ? { note } : {}) } : undefined;
    }
    case 'monitoring': {
      const d = on();
      return d ? { type: 'start-monitoring', on: d } : undefined;
    }
    case 'close': {
      const reason = r.text('reason');
      return reason ? { type: 'close', reason } : undefined;
    }
  }
}
