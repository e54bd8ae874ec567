/** Secondary indexes of the embedded engine: key → ids maps, unique enforcement, partial filters. */
import { Query } from 'mingo';
import type { Doc, SortSpec } from '../collection.js';
import { pathValues } from './documents.js';

/** What is persisted about an index (mirrors the server's index spec). */
export interface IndexSpec {
  name: string;
  key: SortSpec;
  unique: boolean;
  partialFilterExpression?: Doc;
}

/** The server's default name: `field_1_other_-1`. */
export function defaultIndexName(key: SortSpec): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${dir}`)
    .join('_');
}

export function sameSpec(a: IndexSpec, b: IndexSpec): boolean {
  return (
    a.name === b.name &&
    a.unique === b.unique &&
    JSON.stringify(a.key) === JSON.stringify(b.key) &&
    JSON.stringify(a.partialFilterExpression ?? null) === JSON.stringify(b.partialFilterExpression ?? null)
  );
}

/**
 * One index. Keys are JSON tuples of the indexed fields' values; array values fan out into one
 * key per element (multikey), a missing field indexes as `null` (so unique indexes allow one
 * document without the field, as MongoDB does, unless the index is partial).
 */
export class CollectionIndex {
  readonly fields: string[];
  private readonly paths: string[][];
  private readonly partial: Query | undefined;
  private readonly entries = new Map<string, Set<string>>();

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.paths = this.fields.map((f) => f.split('.'));
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined;
  }

  /** The keys `doc` has in this index (none when a partial filter excludes it). */
  keysOf(doc: Doc): string[] {
    if (this.partial && !this.partial.test(doc)) return [];
    let tuples: unknown[][] = [[]];
    for (const path of this.paths) {
      const values = pathValues(doc, path);
      const options = values.length === 0 ? [null] : values;
      tuples = tuples.flatMap((t) => options.map((v) => [...t, v]));
    }
    return [...new Set(tuples.map((t) => JSON.stringify(t)))];
  }

  /** For a unique index: the first of `keys` already held by a document other than `selfId`. */
  conflict(keys: string[], selfId?: string): string | undefined {
    if (!this.spec.unique) return undefined;
    return keys.find((k) => [...(this.entries.get(k) ?? [])].some((id) => id !== selfId));
  }

  add(id: string, keys: string[]): void {
    for (const k of keys) {
      const ids = this.entries.get(k);
      if (ids) ids.add(id);
      else this.entries.set(k, new Set([id]));
    }
  }

  remove(id: string, keys: string[]): void {
    for (const k of keys) {
      const ids = this.entries.get(k);
      ids?.delete(id);
      if (ids?.size === 0) this.entries.delete(k);
    }
  }

  /** Ids under an exact key (a JSON tuple, as built by `keysOf`). */
  lookup(key: string): ReadonlySet<string> {
    return this.entries.get(key) ?? new Set();
  }

  /**
   * For a single-field index and a range condition (`$gt`, `$gte`, `$lt`, `$lte` on strings or on
   * numbers): the ids under every key in range, visiting the distinct keys rather than the
   * documents. Undefined when the condition is not such a range.
   */
  rangeLookup(cond: unknown): Set<string> | undefined {
    if (this.fields.length !== 1 || typeof cond !== 'object' || cond === null || Array.isArray(cond)) return undefined;
    const bounds = Object.entries(cond as Record<string, unknown>);
    if (bounds.length === 0 || !bounds.every(([op]) => op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte')) return undefined;
    const kind = typeof bounds[0]![1];
    if ((kind !== 'string' && kind !== 'number') || !bounds.every(([, v]) => typeof v === kind)) return undefined;
    // Each bound on its own, then the intersection: an array may meet each bound with another element.
    let out: Set<string> | undefined;
    for (const [op, b] of bounds) {
      const bound = b as string | number;
      const hits = new Set<string>();
      for (const [key, ids] of this.entries) {
        const [value] = JSON.parse(key) as unknown[];
        if (typeof value !== kind) continue; // MongoDB ranges do not cross types; null/missing never match
        const v = value as string | number;
        const ok = op === '$gt' ? v > bound : op === '$gte' ? v >= bound : op === '$lt' ? v < bound : v <= bound;
        if (ok) for (const id of ids) hits.add(id);
      }
      out = out ? new Set([...out].filter((id) => hits.has(id))) : hits;
    }
    return out;
  }

  /** The key as `{ field: value }`, for error messages. */
  describe(key: string): Doc {
    const values = JSON.parse(key) as unknown[];
    return Object.fromEntries(this.fields.map((f, i) => [f, values[i]]));
  }
}
