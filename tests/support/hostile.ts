/**
 * Hostile input for the property-based tests (fast-check): random values of every JSON (and some
 * non-JSON) shape, values that look like MongoDB query operators, and submissions of the four forms
 * mutated from valid ones. Every free-text value carries SENTINEL, so a test can tell whether typed
 * text reached a log line, a refusal message or a store query.
 */
import fc from 'fast-check';
import { allFields, type FieldDef, type FormDef } from '../../src/cards/forms/index.js';

/** In every generated free text: must never appear in a log line or a refusal. */
export const SENTINEL = 'ZZSENSITIVE';

/** Objects that a MongoDB query would read as operators, and other troublemakers. */
export const OPERATOR_OBJECTS: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $ne: SENTINEL },
  { $where: 'sleep(1000) || true' },
  { $regex: '.*', $options: 'si' },
  { $in: ['', SENTINEL] },
  { $exists: true },
  { $expr: { $eq: [1, 1] } },
  { $elemMatch: { $gt: '' } },
  { $function: { body: 'return true', args: [], lang: 'js' } },
  { 'a.$': 1 },
  { $set: { state: 'closed' } },
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  { constructor: { prototype: { polluted: 'yes' } } },
  { toString: 'not a function' },
  { valueOf: 42, toString: null },
  Object.create(null),
  [{ $gt: '' }],
];

/** Strings that look like operators, paths or prototype keys. */
export const OPERATOR_STRINGS = [
  '$where',
  '$gt',
  '$ne',
  '$regex',
  '$expr',
  '$function',
  '$',
  '$$ROOT',
  '$.x',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'a.b',
  'channels.$',
];

const nastyStrings = fc.constantFrom(
  '',
  ' ',
  '\t\n ',
  '\u0000',
  '\u202e\u200b',
  '\ud800',
  '😀'.repeat(3),
  'null',
  'undefined',
  '[object Object]',
  '<at>CSPR</at>',
  '${title} ${$root.verb}',
  "'; drop table cases; --",
  `Child A ${SENTINEL}`,
  'Child A',
  'x'.repeat(5000),
  `${SENTINEL} `.repeat(400),
  ...OPERATOR_STRINGS,
);

/** A string of any kind: ASCII, any code point (lone surrogates too), nasty constants, operator-like. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: nastyStrings },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `$${s}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `${s} ${SENTINEL}`) },
);

/** Any value at all, in the shapes a JSON payload (or a careless caller) can produce. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyString },
  { weight: 2, arbitrary: fc.constantFrom(...OPERATOR_OBJECTS) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constantFrom(NaN, Infinity, -0),
    ),
  },
  { weight: 1, arbitrary: fc.array(anyString, { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.array(
      fc.oneof(anyString, fc.constantFrom(...OPERATOR_OBJECTS), fc.integer(), fc.constant(null)),
      { maxLength: 4 },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.anything({
      maxDepth: 2,
      maxKeys: 4,
      withNullPrototype: true,
      withObjectString: true,
    }),
  },
);

/** Only what survives JSON (for HTTP payloads). */
export const anyJson: fc.Arbitrary<unknown> = anyValue.map((v) => {
  const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
  return text === undefined ? null : (JSON.parse(text) as unknown);
});

const isoDate = fc
  .date({
    min: new Date('2025-01-01T00:00:00Z'),
    max: new Date('2027-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

/** Free text a person might type, always with the sentinel in it. */
export const typedText = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .string({ minLength: 1, maxLength: Math.min(max - SENTINEL.length - 1, 60) })
      .map((s) => `${SENTINEL} ${s}`),
    fc.constant(`${SENTINEL} `.repeat(Math.floor(max / (SENTINEL.length + 1)))),
  );

const pseudonym = fc
  .tuple(
    fc.constantFrom('Child', 'Baby', 'Sibling', 'Young person', 'YP'),
    fc.stringMatching(/^[A-Z0-9]{1,3}$/),
  )
  .map(([w, s]) => `${w} ${s}`);

/** A plausible (not always valid) value for a field of a form. */
export function validish(f: FieldDef): fc.Arbitrary<string | string[]> {
  switch (f.kind) {
    case 'date':
      return isoDate;
    case 'number':
      return fc.integer({ min: f.min - 2, max: f.max + 2 }).map(String);
    case 'choice':
      return fc.constantFrom(...f.options.map((o) => o.value));
    case 'multi':
      return fc.subarray(f.options.map((o) => o.value));
    case 'text':
      return /pseudonym/i.test(f.id) ? pseudonym : typedText(f.maxLength);
  }
}

/** A value the form accepts for this field on its own (dates in the past, numbers in range, at least one option). */
function validValue(f: FieldDef): fc.Arbitrary<string | string[]> {
  if (f.kind === 'date') return pastDate;
  if (f.kind === 'number') return fc.integer({ min: f.min, max: Math.min(f.max, 17) }).map(String);
  if (f.kind === 'multi' && f.required)
    return fc.subarray(
      f.options.map((o) => o.value),
      { minLength: 1 },
    );
  return validish(f);
}

const pastDate = fc
  .integer({ min: 0, max: 300 })
  .map((back) => new Date(Date.UTC(2026, 11, 23 - back)).toISOString().slice(0, 10));

/** A submission the form would accept (most of the time): required fields answered, optional ones sometimes. */
function baseline(form: FormDef): fc.Arbitrary<Record<string, unknown>> {
  const fields = allFields(form);
  if (form.id === 'notification') {
    const plain = fields.filter((f) => !/^child\d/.test(f.id) && f.kind !== 'date');
    const children = fc.uniqueArray(pseudonym, { minLength: 1, maxLength: 4 }).chain((names) =>
      fc.tuple(...names.map(() => fc.integer({ min: 0, max: 17 }))).map((ages) =>
        Object.fromEntries(
          names.flatMap((n, i) => [
            [`child${i + 1}Pseudonym`, n],
            [`child${i + 1}Age`, String(ages[i])],
          ]),
        ),
      ),
    );
    const dates = fc
      .tuple(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 30 }),
        fc.option(fc.integer({ min: 0, max: 200 })),
      )
      .map(([aware, before, panel]) => {
        const day = (n: number) => new Date(Date.UTC(2026, 11, 23 - n)).toISOString().slice(0, 10);
        return {
          awareOn: day(aware),
          incidentOn: day(aware + before),
          ...(panel !== null ? { panelNotifiedOn: day(Math.min(aware, panel)) } : {}),
        };
      });
    const rest = fc.record(Object.fromEntries(plain.map((f) => [f.id, validValue(f)])), {
      requiredKeys: plain.filter((f) => f.required).map((f) => f.id),
    });
    return fc.tuple(rest, dates, children).map(([r, d, c]) => ({ ...r, ...d, ...c }));
  }
  return fc.record(Object.fromEntries(fields.map((f) => [f.id, validValue(f)])), {
    requiredKeys: fields.filter((f) => f.required).map((f) => f.id),
  });
}

/**
 * Submissions of a form: valid ones with up to three fields removed, replaced by something
 * plausible or by something hostile; and ones where every field is anything at all, with extra keys
 * (operator-like, prototype keys) besides. Many are refused, many accepted.
 */
export function submissions(
  form: FormDef,
  hostileWeight = 1,
): fc.Arbitrary<Record<string, unknown>> {
  const fields = allFields(form);
  const mutation = fc.oneof(
    ...fields.map((f) =>
      fc.tuple(
        fc.constant(f.id),
        fc.oneof(fc.constant(undefined), validish(f) as fc.Arbitrary<unknown>, anyValue),
      ),
    ),
  );
  const mutated = fc
    .tuple(baseline(form), fc.array(mutation, { maxLength: 3 }))
    .map(([base, changes]) => {
      const out: Record<string, unknown> = { ...base };
      for (const [id, value] of changes) {
        if (value === undefined) delete out[id];
        else out[id] = value;
      }
      return out;
    });
  const model = Object.fromEntries(
    fields.map((f) => [
      f.id,
      fc.oneof(
        { weight: 8, arbitrary: validish(f) as fc.Arbitrary<unknown> },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: hostileWeight, arbitrary: anyValue },
      ),
    ]),
  );
  const extra = fc.dictionary(
    fc.oneof(fc.constantFrom(...OPERATOR_STRINGS), fc.string({ maxLength: 8 })),
    anyValue,
    { maxKeys: 3 },
  );
  const random = fc
    .tuple(fc.record(model, { requiredKeys: [] }), fc.option(extra, { nil: undefined }))
    .map(([values, more]) => {
      const out: Record<string, unknown> = {};
      if (more) for (const [k, v] of Object.entries(more)) if (k !== '__proto__') out[k] = v;
      return Object.assign(out, values);
    });
  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 2, arbitrary: random });
}

/** Every value (deeply) of a parse result is a plain string, finite number, boolean or array of them. */
export function plainData(v: unknown, path = '$'): string[] {
  if (typeof v === 'string') return [];
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [`${path}: not a finite number`];
  if (typeof v === 'boolean') return [];
  if (Array.isArray(v)) return v.flatMap((x, i) => plainData(x, `${path}[${i}]`));
  if (v && typeof v === 'object') {
    if (Object.getPrototypeOf(v) !== Object.prototype) return [`${path}: not a plain object`];
    return Object.entries(v).flatMap(([k, x]) =>
      k.startsWith('$') ? [`${path}.${k}: an operator key`] : plainData(x, `${path}.${k}`),
    );
  }
  return [`${path}: ${typeof v}`];
}
