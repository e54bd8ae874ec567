/** Small helpers on plain JSON documents: normalising copies, dotted paths, operator detection. */
import type { Doc } from '../collection.js';

export function isPlainObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for `{ $op: ... }` objects (a query or update operator expression rather than a value). */
export function isOperatorObject(value: unknown): value is Doc {
  return isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

/**
 * A deep, JSON-normalised copy: what is stored is exactly what a restart reads back from disk
 * (Dates become ISO strings, `undefined` fields disappear). Throws on non-object documents.
 */
export function toStoredDoc(doc: unknown): Doc {
  if (!isPlainObject(doc)) throw new TypeError('A document must be a plain object');
  return JSON.parse(JSON.stringify(doc)) as Doc;
}

/** Deep copy for documents handed out to callers. */
export function copyOut<T>(doc: T): T {
  return structuredClone(doc);
}

/**
 * Values found at a dotted path, MongoDB style: arrays met along the path (and at its end) fan out
 * into their elements. An empty array at the end counts as one value `[]`; a missing path gives `[]`.
 */
export function pathValues(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) {
    if (Array.isArray(value)) return value.length === 0 ? [[]] : value;
    return value === undefined ? [] : [value];
  }
  if (Array.isArray(value)) return value.flatMap((el) => pathValues(el, path));
  if (!isPlainObject(value)) return [];
  const [head, ...rest] = path as [string, ...string[]];
  return pathValues(value[head], rest);
}

/** Sets a dotted path, creating intermediate objects (used to build upserted documents). */
export function setPath(target: Doc, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (!isPlainObject(next)) cur[part] = {};
    cur = cur[part] as Doc;
  }
  cur[parts[parts.length - 1] as string] = value;
}

/**
 * The fields an upsert copies from its filter: top-level (possibly dotted) equality conditions,
 * `{ $eq: v }` conditions, and the same inside `$and`. Other operators contribute nothing.
 */
export function equalityFields(filter: Doc, into: Doc = {}): Doc {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) equalityFields(sub, into);
    } else if (key.startsWith('$')) {
      continue;
    } else if (isOperatorObject(cond)) {
      if ('$eq' in cond) setPath(into, key, structuredClone(cond.$eq));
    } else {
      setPath(into, key, structuredClone(cond));
    }
  }
  return into;
}

/** A scalar usable as an exact index key for lookups (`null` is excluded: it also matches missing). */
export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
