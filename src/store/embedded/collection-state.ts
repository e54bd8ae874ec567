/**
 * In-memory state of one embedded collection and its validated, journaled write primitives.
 * Every primitive validates first (unique indexes, `_id`), then journals, then mutates memory,
 * so a rejected write changes nothing, and an acknowledged one is on disk.
 */
import { randomUUID } from 'node:crypto';
import { Query } from 'mingo';
import type { Doc, Filter, IndexOptions, SortSpec } from '../collection.js';
import { isOperatorObject, isScalar, toStoredDoc } from './documents.js';
import { EmbeddedServerError, duplicateKeyError } from './errors.js';
import { CollectionIndex, defaultIndexName, sameSpec, type IndexSpec } from './indexes.js';
import type { CollectionFiles } from './journal.js';

/** Compact automatically once the journal holds this many entries and twice the document count. */
const AUTO_COMPACT_ENTRIES = 10_000;

export class CollectionState {
  readonly docs: Map<string, Doc>;
  private indexes: CollectionIndex[] = [];

  constructor(
    readonly name: string,
    private readonly files: CollectionFiles,
  ) {
    const loaded = files.load();
    this.docs = loaded.docs;
    for (const spec of loaded.indexes) {
      const index = new CollectionIndex(spec);
      this.fill(index);
      this.indexes.push(index);
    }
    if (loaded.needsCompaction) this.compact();
  }

  /** Inserts a new document (generating a string `_id` if absent); returns the stored document. */
  insert(input: Doc): Doc {
    const body = toStoredDoc(input);
    const doc = body._id === undefined ? { _id: randomUUID(), ...body } : body;
    const id = doc._id;
    if (typeof id !== 'string') throw new EmbeddedServerError('_id must be a string in this store', 2);
    if (this.docs.has(id)) throw duplicateKeyError(this.name, '_id_', { _id: id });
    const keys = this.checkUnique(doc);
    this.files.append({ op: 'put', doc });
    this.docs.set(id, doc);
    this.indexes.forEach((ix, i) => ix.add(id, keys[i] ?? []));
    this.maybeCompact();
    return doc;
  }

  /** Replaces the stored document with the same `_id` by `next`; returns the stored copy. */
  replace(next: Doc): Doc {
    const doc = toStoredDoc(next);
    const id = doc._id as string;
    const old = this.docs.get(id);
    if (!old) throw new Error(`No document with _id ${id} in ${this.name}`);
    const keys = this.checkUnique(doc, id);
    this.files.append({ op: 'put', doc });
    this.docs.set(id, doc);
    this.indexes.forEach((ix, i) => {
      ix.remove(id, ix.keysOf(old));
      ix.add(id, keys[i] ?? []);
    });
    this.maybeCompact();
    return doc;
  }

  remove(id: string): void {
    const old = this.docs.get(id);
    if (!old) return;
    this.files.append({ op: 'del', id });
    this.docs.delete(id);
    for (const ix of this.indexes) ix.remove(id, ix.keysOf(old));
    this.maybeCompact();
  }

  /** Creates (or finds, when identical) an index; building a unique one over duplicates fails with E11000. */
  createIndex(key: SortSpec, options: IndexOptions): string {
    if (Object.keys(key).length === 0) throw new EmbeddedServerError('Index key pattern must not be empty', 67);
    if (Object.keys(key).join() === '_id') return '_id_';
    const spec: IndexSpec = { name: options.name ?? defaultIndexName(key), key, unique: options.unique === true };
    if (options.partialFilterExpression) spec.partialFilterExpression = toStoredDoc(options.partialFilterExpression);
    const same = this.indexes.find(
      (ix) => ix.spec.name === spec.name || JSON.stringify(ix.spec.key) === JSON.stringify(key),
    );
    if (same && sameSpec(same.spec, spec)) return spec.name;
    if (same) {
      throw new EmbeddedServerError(
        `An existing index has the same name or key pattern with different options: ${same.spec.name}`,
        85,
        { codeName: 'IndexOptionsConflict' },
      );
    }
    const index = new CollectionIndex(spec);
    this.fill(index);
    this.files.append({ op: 'index', spec });
    this.indexes.push(index);
    return spec.name;
  }

  /**
   * Documents possibly matching `filter` (a superset; callers still apply the full query): by `_id`
   * or through a non-partial index whose fields all have scalar equality conditions, or a single-field
   * index with a range condition, else all.
   */
  candidates(filter: Filter): Doc[] {
    const byId = idList(filter._id);
    if (byId) return byId.map((id) => this.docs.get(id)).filter((d): d is Doc => d !== undefined);
    let best: ReadonlySet<string> | undefined;
    for (const ix of this.indexes) {
      if (ix.spec.partialFilterExpression) continue;
      const values = ix.fields.map((f) => equalityValue(filter[f]));
      const ids = values.every(isScalar) ? ix.lookup(JSON.stringify(values)) : ix.rangeLookup(filter[ix.fields[0]!]);
      if (ids && (!best || ids.size < best.size)) best = ids;
    }
    if (!best) return [...this.docs.values()];
    return [...best].map((i) => this.docs.get(i)).filter((d): d is Doc => d !== undefined);
  }

  /** Stored (not copied) documents matching `filter`, in candidate order, at most `limit`. */
  match(filter: Filter, limit = Infinity): Doc[] {
    const query = new Query(filter);
    const out: Doc[] = [];
    for (const doc of this.candidates(filter)) {
      if (out.length >= limit) break;
      if (query.test(doc)) out.push(doc);
    }
    return out;
  }

  /** Writes a fresh snapshot and empties the journal. */
  compact(): void {
    this.files.compact(this.docs.values(), this.indexes.map((ix) => ix.spec));
  }

  close(): void {
    if (this.files.entries > 0) this.compact();
    this.files.close();
  }

  /** Keeps the journal bounded in long-running processes (called after memory is updated). */
  private maybeCompact(): void {
    if (this.files.entries < AUTO_COMPACT_ENTRIES || this.files.entries < 2 * this.docs.size) return;
    try {
      this.compact();
    } catch {
      // Best effort: the journal still holds every write; close() or the next open compacts.
    }
  }

  /** Index keys of `doc` per index, or an E11000 error if a unique index already holds one. */
  private checkUnique(doc: Doc, selfId?: string): string[][] {
    return this.indexes.map((ix) => {
      const keys = ix.keysOf(doc);
      const clash = ix.conflict(keys, selfId);
      if (clash !== undefined) throw duplicateKeyError(this.name, ix.spec.name, ix.describe(clash));
      return keys;
    });
  }

  private fill(index: CollectionIndex): void {
    for (const [id, doc] of this.docs) {
      const keys = index.keysOf(doc);
      const clash = index.conflict(keys, id);
      if (clash !== undefined) throw duplicateKeyError(this.name, index.spec.name, index.describe(clash));
      index.add(id, keys);
    }
  }
}

/** The ids named by an `_id` condition that is a string, `{ $eq: string }` or `{ $in: string[] }`. */
function idList(cond: unknown): string[] | undefined {
  const value = equalityValue(cond);
  if (typeof value === 'string') return [value];
  if (!isOperatorObject(cond) || Object.keys(cond).length !== 1 || !Array.isArray(cond.$in)) return undefined;
  return cond.$in.every((v) => typeof v === 'string') ? [...new Set(cond.$in as string[])] : undefined;
}

/** The value of a plain equality condition (`v` or `{ $eq: v }`), else undefined. */
function equalityValue(cond: unknown): unknown {
  if (isOperatorObject(cond)) return Object.keys(cond).length === 1 && '$eq' in cond ? cond.$eq : undefined;
  return cond;
}
