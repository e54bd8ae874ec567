/**
 * Action.Execute data → the forms' RawValues. Teams sends every input as a string; a multi-select
 * arrives comma-separated ("police,hospital"), an untouched input is absent or "".
 */
import { allFields, type FormDef, type RawValues } from '../forms/index.js';

export function rawValuesOf(form: FormDef, data: unknown): RawValues {
  const d = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const out: RawValues = {};
  for (const f of allFields(form)) {
    const v = d[f.id];
    if (v === undefined || v === null) continue;
    const text =
      typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : undefined;
    if (text === undefined) continue;
    out[f.id] =
      f.kind === 'multi'
        ? text
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : text;
  }
  return out;
}

/** RawValues back into input values for re-showing a form (multi-selects comma-separated again). */
export function inputValues(values: RawValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

export { evidenceId as evidenceIdOf } from '../forms/criteria-form.js';
