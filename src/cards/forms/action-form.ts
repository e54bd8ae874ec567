/**
 * The action plan form: a recommendation with the agency responsible, what is required, the due
 * date and the status — to add an item, or (given the item) to update its status, due date or what
 * is required. Overdue is not a status one chooses: it follows from the due date.
 */
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  agencyLabel,
  type ActionItem,
  type ActionStatus,
} from '../../domain/action-plan.js';
import type { Command } from '../../domain/lifecycle.js';
import { LIMITS } from '../../domain/validate.js';
import { AGENCIES } from './facts-form.js';
import { ValueReader } from './fields.js';
import type { FieldDef, FormDef, ParseResult, RawValues } from './types.js';

const STATUS_FIELD: FieldDef = {
  kind: 'choice',
  id: 'status',
  label: 'Status',
  required: true,
  style: 'radio',
  options: ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] })),
};

const required = (mandatory: boolean): FieldDef => ({
  kind: 'text',
  id: 'required',
  label: 'What is required, by whom',
  required: mandatory,
  multiline: true,
  maxLength: LIMITS.text,
});

export function actionForm(item?: ActionItem): FormDef {
  if (item)
    return {
      id: 'action',
      title: `Action plan item ${item.id}`,
      submitLabel: 'Update',
      intro: `${agencyLabel(item.agency)}: ${item.recommendation}`,
      sections: [
        {
          fields: [
            STATUS_FIELD,
            { kind: 'date', id: 'due', label: 'Due date', required: true },
            required(false),
          ],
        },
      ],
    };
  return {
    id: 'action',
    title: 'Action plan: add a recommendation',
    submitLabel: 'Add',
    intro: 'Each recommendation says what the agency must do and by when. Pseudonyms only.',
    sections: [
      {
        fields: [
          {
            kind: 'text',
            id: 'recommendation',
            label: 'Recommendation',
            required: true,
            multiline: true,
            maxLength: LIMITS.text,
          },
          {
            kind: 'choice',
            id: 'agency',
            label: 'Agency responsible',
            required: true,
            style: 'select',
            options: AGENCIES,
          },
          required(true),
          { kind: 'date', id: 'due', label: 'Due date', required: true },
          STATUS_FIELD,
        ],
      },
    ],
  };
}

/** The item's current values, to edit. */
export function actionValues(item: ActionItem): Record<string, string> {
  return { status: item.status, due: item.due, required: item.required };
}

export function parseAction(raw: RawValues, item?: ActionItem): ParseResult<Command> {
  const r = new ValueReader(actionForm(item), raw);
  if (item) {
    const status = r.choice<ActionStatus>('status');
    const due = r.date('due');
    const what = r.text('required');
    if (!r.ok || !status || !due) return { ok: false, errors: r.errors };
    return {
      ok: true,
      value: {
        type: 'update-action',
        id: item.id,
        status,
        due,
        ...(what ? { required: what } : {}),
      },
    };
  }
  const recommendation = r.text('recommendation');
  const agency = r.choice<string>('agency');
  const what = r.text('required');
  const due = r.date('due');
  const status = r.choice<ActionStatus>('status');
  if (!r.ok || !recommendation || !agency || !what || !due || !status)
    return { ok: false, errors: r.errors };
  return {
    ok: true,
    value: { type: 'add-action', recommendation, agency, required: what, due, status },
  };
}
