/**
 * Platform-neutral form definitions. Each form is defined once (fields, labels, options) and
 * validated once (`parse`); Slack renders it as Block Kit, Teams as an Adaptive Card. A submission
 * arrives from either platform as `RawValues`: field id → string, string[] (multi-select) or
 * undefined.
 */
export interface Option {
  value: string;
  label: string;
}

interface FieldBase {
  id: string;
  label: string;
  required: boolean;
  hint?: string;
}

export type FieldDef =
  | (FieldBase & { kind: 'date' })
  | (FieldBase & { kind: 'text'; multiline: boolean; maxLength: number; placeholder?: string })
  | (FieldBase & { kind: 'number'; min: number; max: number })
  | (FieldBase & { kind: 'choice'; options: Option[]; style: 'radio' | 'select' })
  | (FieldBase & { kind: 'multi'; options: Option[] });

/** A heading between groups of fields. */
export interface Section {
  heading?: string;
  fields: FieldDef[];
}

export type FormId =
  'notification' | 'facts' | 'criteria' | 'vote' | 'step' | 'action' | 'notified' | 'case-choice';

export interface FormDef {
  id: FormId;
  title: string;
  submitLabel: string;
  intro?: string;
  sections: Section[];
}

export type RawValue = string | string[] | undefined;
export type RawValues = Record<string, RawValue>;

/** Field id → message; the platform shows each next to its field. */
export type FieldErrors = Record<string, string>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export function allFields(form: FormDef): FieldDef[] {
  return form.sections.flatMap((s) => s.fields);
}
