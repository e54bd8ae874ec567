/**
 * "Which case?": one select of the person's cases, for what starts outside a case channel (the
 * "Add to a case's facts" message shortcut). Options carry the reference and state only.
 */
import { ValueReader } from './fields.js';
import type { FormDef, Option, ParseResult, RawValues } from './types.js';

/** Slack's select takes at most 100 options. */
export const MAX_CASE_CHOICES = 100;

export function caseChoiceForm(cases: Option[], title = 'Choose the case'): FormDef {
  return {
    id: 'case-choice',
    title,
    submitLabel: 'Next',
    sections: [
      {
        fields: [
          {
            kind: 'choice',
            id: 'caseId',
            label: 'Case',
            required: true,
            style: 'select',
            options: cases.slice(0, MAX_CASE_CHOICES),
          },
        ],
      },
    ],
  };
}

export function parseCaseChoice(form: FormDef, raw: RawValues): ParseResult<string> {
  const r = new ValueReader(form, raw);
  const id = r.choice<string>('caseId');
  return r.ok && id ? { ok: true, value: id } : { ok: false, errors: r.errors };
}
