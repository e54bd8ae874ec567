/**
 * The "record notification" form: when the Panel (with its reference), the safeguarding partners
 * and, where the case carries that duty, the Secretary of State and Ofsted were told. One form for
 * the case card, the `notified` command and the reminders, on both platforms.
 */
import type { IsoDate } from '../../domain/calendar.js';
import type { Case } from '../../domain/case.js';
import { dateProblem } from '../../domain/validate.js';
import { ValueReader } from './fields.js';
import type { FieldDef, FormDef, ParseResult, RawValues } from './types.js';

export interface NotifiedInput {
  panelNotifiedOn?: IsoDate;
  panelReference?: string;
  partnersNotifiedOn?: IsoDate;
  sosOfstedNotifiedOn?: IsoDate;
}

type Recorded = Pick<Case, 'duties' | 'dates'>;

const LABELS = {
  panelNotifiedOn: 'Date the Panel was notified',
  partnersNotifiedOn: 'Date the safeguarding partners were told',
  sosOfstedNotifiedOn: 'Date the Secretary of State and Ofsted were told',
} as const;

/** The fields the case's duties call for; what is already recorded is said in the hint. */
export function notifiedForm(c: Recorded): FormDef {
  const already = (on: IsoDate | undefined) =>
    on ? { hint: `Recorded: ${on}. Leave empty to keep it.` } : {};
  const fields: FieldDef[] = [];
  if (c.duties.notifyPanel)
    fields.push(
      {
        kind: 'date',
        id: 'panelNotifiedOn',
        label: LABELS.panelNotifiedOn,
        required: false,
        ...already(c.dates.panelNotifiedOn),
      },
      {
        kind: 'text',
        id: 'panelReference',
        label: 'The Panel’s notification reference (optional)',
        required: false,
        multiline: false,
        maxLength: 40,
      },
      {
        kind: 'date',
        id: 'partnersNotifiedOn',
        label: LABELS.partnersNotifiedOn,
        required: false,
        ...already(c.dates.partnersNotifiedOn),
      },
    );
  if (c.duties.notifySosOfsted)
    fields.push({
      kind: 'date',
      id: 'sosOfstedNotifiedOn',
      label: LABELS.sosOfstedNotifiedOn,
      required: false,
      ...already(c.dates.sosOfstedNotifiedOn),
    });
  return {
    id: 'notified',
    title: 'Record notification',
    submitLabel: 'Save',
    intro: 'Give the date each was told. Each date closes its deadline and stops its reminders.',
    sections: [{ fields }],
  };
}

/** Checks each date (real, not in the future, not before awareness); the core checks the same again. */
export function parseNotified(
  raw: RawValues,
  c: Recorded,
  ctx: { today: IsoDate },
): ParseResult<NotifiedInput> {
  const form = notifiedForm(c);
  const r = new ValueReader(form, raw);
  const has = (id: string) => form.sections[0]!.fields.some((f) => f.id === id);
  const out: NotifiedInput = {};
  for (const id of ['panelNotifiedOn', 'partnersNotifiedOn', 'sosOfstedNotifiedOn'] as const) {
    if (!has(id)) continue;
    const on = r.date(id);
    if (!on) continue;
    const problem = dateProblem(on, ctx.today, LABELS[id]);
    if (problem) r.fail(id, problem);
    else if (c.dates.awareOn && on < c.dates.awareOn)
      r.fail(
        id,
        `${LABELS[id]} cannot be before the local authority became aware (${c.dates.awareOn}).`,
      );
    else out[id] = on;
  }
  const reference = has('panelReference') ? r.text('panelReference') : undefined;
  if (reference) out.panelReference = reference;
  const first = form.sections[0]!.fields[0]?.id ?? 'panelNotifiedOn';
  if (r.ok && Object.keys(out).length === 0) r.fail(first, 'Give at least one date.');
  if (!r.ok) return { ok: false, errors: r.errors };
  return { ok: true, value: out };
}
