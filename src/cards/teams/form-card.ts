/**
 * A FormDef (src/cards/forms) rendered as Adaptive Card inputs: the one definition of each form's
 * fields, labels and options. Errors from the forms' parse functions appear under their fields.
 */
import { type FieldDef, type FieldErrors, type FormDef } from '../forms/index.js';
import { actionData, type CardVerb } from './action-data.js';
import { expand, expandCard, type AdaptiveCard } from './template.js';

/** More options than this: a drop-down rather than radio buttons / check boxes. */
const EXPANDED_MAX = 8;

function fieldData(f: FieldDef, values: Record<string, string>, errors: FieldErrors) {
  const value = values[f.id] ?? '';
  const base = {
    kind: f.kind,
    id: f.id,
    label: f.label,
    required: f.required,
    requiredMessage: f.required ? `${f.label} is required.` : null,
    hint: f.hint ?? '',
    error: errors[f.id] ? `⚠ ${errors[f.id]}` : '',
    value: value === '' ? null : value,
    multiline: false,
    maxLength: null as number | null,
    placeholder: null as string | null,
    min: null as number | null,
    max: null as number | null,
    numberValue: null as number | null,
    choiceStyle: null as string | null,
    options: [] as { value: string; label: string }[],
  };
  switch (f.kind) {
    case 'text':
      return {
        ...base,
        multiline: f.multiline,
        maxLength: f.maxLength,
        placeholder: f.placeholder ?? null,
      };
    case 'number':
      return {
        ...base,
        min: f.min,
        max: f.max,
        value: null,
        numberValue: /^\d+$/.test(value) ? Number(value) : null,
      };
    case 'choice':
      return {
        ...base,
        options: f.options,
        choiceStyle:
          f.style === 'radio' && f.options.length <= EXPANDED_MAX ? 'expanded' : 'compact',
      };
    case 'multi':
      return {
        ...base,
        options: f.options,
        choiceStyle: f.options.length <= EXPANDED_MAX ? 'expanded' : 'compact',
      };
    case 'date':
      return base;
  }
}

/** The body elements for a form's fields, in order, with values and field errors. */
export function fieldItems(
  form: FormDef,
  values: Record<string, string> = {},
  errors: FieldErrors = {},
): unknown[] {
  const sections = form.sections.map((s) => ({
    heading: s.heading ?? '',
    fields: s.fields.map((f) => fieldData(f, values, errors)),
  }));
  return (expand('fields', { sections }).items as unknown[] | undefined) ?? [];
}

/** A sentence naming the fields to correct, for the banner at the top of the card. */
export function errorNotice(form: FormDef, errors: FieldErrors): string {
  const labels = form.sections
    .flatMap((s) => s.fields)
    .filter((f) => errors[f.id])
    .map((f) => f.label);
  const other = Object.keys(errors).filter(
    (id) => !form.sections.some((s) => s.fields.some((f) => f.id === id)),
  );
  const names = [...labels, ...other.map((id) => errors[id]!)];
  return names.length ? `Please correct: ${names.join('; ')}. Nothing was saved.` : '';
}

export interface FormCardOptions {
  verb: CardVerb;
  caseId?: string;
  /** The post-decision step or action plan item the form is for. */
  arg?: string;
  /** Kept across a re-show with errors, so a retry of the same card stays the same request. */
  requestId?: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
  subtitle?: string;
  notice?: string;
  /** Title override (never with a child's pseudonym). */
  title?: string;
}

export function formCard(form: FormDef, o: FormCardOptions): AdaptiveCard {
  const errors = o.errors ?? {};
  const data = actionData(o.verb, {
    requestId: o.requestId ?? true,
    ...(o.caseId ? { caseId: o.caseId } : {}),
    ...(o.arg ? { arg: o.arg } : {}),
  });
  return expandCard('form', {
    title: o.title ?? form.title,
    subtitle: o.subtitle ?? '',
    intro: form.intro ?? '',
    notice: o.notice ?? errorNotice(form, errors),
    fieldItems: fieldItems(form, o.values, errors),
    submitLabel: form.submitLabel,
    verb: o.verb,
    data,
    cancel: o.caseId ? actionData('case.refresh', { caseId: o.caseId }) : null,
  });
}
