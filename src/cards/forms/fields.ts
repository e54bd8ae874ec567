/** Reading raw submitted values into typed ones, collecting a message per field. */
import { parseIsoDate } from '../../domain/calendar.js';
import type { FieldDef, FieldErrors, FormDef, RawValue, RawValues } from './types.js';
import { allFields } from './types.js';

export class ValueReader {
  readonly errors: FieldErrors = {};
  private readonly defs: Map<string, FieldDef>;

  constructor(
    form: FormDef,
    private readonly raw: RawValues,
  ) {
    this.defs = new Map(allFields(form).map((f) => [f.id, f]));
  }

  private def(id: string): FieldDef {
    const d = this.defs.get(id);
    if (!d) throw new Error(`form has no field ${id}`);
    return d;
  }

  fail(id: string, message: string): void {
    if (!this.errors[id]) this.errors[id] = message;
  }

  private single(id: string): string | undefined {
    const v: RawValue = this.raw[id];
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s !== 'string') return undefined;
    const t = s.trim();
    return t === '' ? undefined : t;
  }

  private present(id: string): string | undefined {
    const d = this.def(id);
    const v = this.single(id);
    if (v === undefined && d.required) this.fail(id, `${d.label} is required.`);
    return v;
  }

  text(id: string): string | undefined {
    const d = this.def(id);
    const v = this.present(id);
    if (v !== undefined && d.kind === 'text' && v.length > d.maxLength)
      this.fail(id, `${d.label} must be at most ${d.maxLength} characters.`);
    return v;
  }

  date(id: string): string | undefined {
    const d = this.def(id);
    const v = this.present(id);
    if (v === undefined) return undefined;
    if (!parseIsoDate(v)) {
      this.fail(id, `${d.label} must be a real date as YYYY-MM-DD.`);
      return undefined;
    }
    return v;
  }

  number(id: string): number | undefined {
    const d = this.def(id);
    const v = this.present(id);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^\d+$/.test(v) || (d.kind === 'number' && (n < d.min || n > d.max))) {
      this.fail(
        id,
        d.kind === 'number'
          ? `${d.label} must be a whole number from ${d.min} to ${d.max}.`
          : `${d.label} must be a number.`,
      );
      return undefined;
    }
    return n;
  }

  choice<T extends string>(id: string): T | undefined {
    const d = this.def(id);
    const v = this.present(id);
    if (v === undefined) return undefined;
    if (d.kind !== 'choice' || !d.options.some((o) => o.value === v)) {
      this.fail(id, `Choose one of the options for ${d.label}.`);
      return undefined;
    }
    return v as T;
  }

  multi<T extends string>(id: string): T[] {
    const d = this.def(id);
    const v: unknown = this.raw[id];
    if (d.kind !== 'multi') throw new Error(`${id} is not a multi-select`);
    // Only strings can be options: anything else (an object, a number, a nested list) is refused, never converted.
    const items: unknown[] = Array.isArray(v)
      ? v
      : typeof v === 'string'
        ? v.split(',')
        : v === undefined || v === null
          ? []
          : [v];
    const list = items.map((s) => (typeof s === 'string' ? s.trim() : s)).filter((s) => s !== '');
    if (list.length === 0 && d.required) this.fail(id, `${d.label}: choose at least one.`);
    const unknown = list.filter(
      (x) => typeof x !== 'string' || !d.options.some((o) => o.value === x),
    );
    if (unknown.length) this.fail(id, `${d.label}: unknown option.`);
    return [...new Set(list.filter((x): x is string => typeof x === 'string'))] as T[];
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

export const yesNo = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];
