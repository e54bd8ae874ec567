/**
 * `StoreCollection` over a `CollectionState`: MongoDB query semantics from mingo, copies in and
 * out. Each method runs its whole read-modify-write synchronously (no `await` inside), so
 * operations are atomic with respect to each other within the process.
 */
import { find as mingoFind } from 'mingo';
import type { Doc, Filter, FindOptions, IndexOptions, SortSpec, StoreCollection, Update, UpdateResult } from '../collection.js';
import { copyOut } from './documents.js';
import type { CollectionState } from './collection-state.js';
import { applyToMatched, buildUpsert, parseUpdate, type ParsedUpdate } from './updates.js';

export class EmbeddedCollection<T extends Doc = Doc> implements StoreCollection<T> {
  /** `state` yields the live collection state, or throws once the engine is closed. */
  constructor(private readonly state: () => CollectionState) {}

  async createIndex(keys: SortSpec, options: IndexOptions = {}): Promise<string> {
    return this.state().createIndex(keys, options);
  }

  async insertOne(doc: T): Promise<{ acknowledged: true; insertedId: string }> {
    return { acknowledged: true, insertedId: this.state().insert(doc)._id as string };
  }

  /** Ordered: stops at the first failure; the error carries `insertedCount` like MongoBulkWriteError. */
  async insertMany(docs: T[]): Promise<{ acknowledged: true; insertedCount: number; insertedIds: Record<number, string> }> {
    const state = this.state();
    const insertedIds: Record<number, string> = {};
    docs.forEach((doc, i) => {
      try {
        insertedIds[i] = state.insert(doc)._id as string;
      } catch (err) {
        if (err instanceof Error) Object.assign(err, { insertedCount: i, insertedIds });
        throw err;
      }
    });
    return { acknowledged: true, insertedCount: docs.length, insertedIds };
  }

  async findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    return (this.select(filter, { ...options, limit: 1 })[0] as T | undefined) ?? null;
  }

  find(filter: Filter, options: FindOptions = {}): { toArray(): Promise<T[]> } {
    return { toArray: async () => this.select(filter, options) as T[] };
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const parsed = parseUpdate(update);
    const target = this.first(filter);
    if (target) {
      const modified = this.apply(target, parsed, filter) !== undefined;
      return { matchedCount: 1, modifiedCount: modified ? 1 : 0, upsertedCount: 0, upsertedId: null };
    }
    if (!options.upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null };
    const inserted = this.state().insert(buildUpsert(filter, parsed));
    return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: inserted._id };
  }

  /** Applies document by document, like the server: a failure stops there, earlier updates stay. */
  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    const parsed = parseUpdate(update);
    const matched = this.state().match(filter);
    let modifiedCount = 0;
    for (const doc of matched) if (this.apply(doc, parsed, filter)) modifiedCount += 1;
    return { matchedCount: matched.length, modifiedCount, upsertedCount: 0, upsertedId: null };
  }

  /** Returns the document itself (driver v6+ style); `returnDocument` defaults to 'before'. */
  async findOneAndUpdate(
    filter: Filter,
    update: Update,
    options: { upsert?: boolean; returnDocument?: 'before' | 'after'; sort?: SortSpec } = {},
  ): Promise<T | null> {
    const parsed = parseUpdate(update);
    const after = options.returnDocument === 'after';
    const target = this.first(filter, options.sort);
    if (target) {
      const updated = this.apply(target, parsed, filter) ?? target;
      return copyOut(after ? updated : target) as T;
    }
    if (!options.upsert) return null;
    const inserted = this.state().insert(buildUpsert(filter, parsed));
    return after ? (copyOut(inserted) as T) : null;
  }

  async deleteOne(filter: Filter): Promise<{ deletedCount: number }> {
    const target = this.first(filter);
    if (target) this.state().remove(target._id as string);
    return { deletedCount: target ? 1 : 0 };
  }

  async deleteMany(filter: Filter): Promise<{ deletedCount: number }> {
    const state = this.state();
    const ids = state.match(filter).map((doc) => doc._id as string);
    for (const id of ids) state.remove(id);
    return { deletedCount: ids.length };
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    const state = this.state();
    return Object.keys(filter).length === 0 ? state.docs.size : state.match(filter).length;
  }

  /** Matching documents after sort/skip/limit/projection, as copies. */
  private select(filter: Filter, options: FindOptions): Doc[] {
    const state = this.state();
    let cursor = mingoFind<Doc>(state.candidates(filter), filter, options.projection);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.all().map(copyOut);
  }

  /** The stored (not copied) first match in `sort` order, or natural order. */
  private first(filter: Filter, sort?: SortSpec): Doc | undefined {
    const state = this.state();
    if (!sort) return state.match(filter, 1)[0];
    const [hit] = mingoFind<Doc>(state.candidates(filter), filter, { _id: 1 }).sort(sort).limit(1).all();
    return hit ? state.docs.get(hit._id as string) : undefined;
  }

  /** Updates one stored document; returns the new stored document, or undefined if unchanged. */
  private apply(current: Doc, update: ParsedUpdate, filter: Filter): Doc | undefined {
    const next = applyToMatched(current, update, filter);
    return next ? this.state().replace(next) : undefined;
  }
}
