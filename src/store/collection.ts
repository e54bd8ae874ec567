/**
 * The slice of the official `mongodb` driver's Collection API that our repositories use.
 *
 * Both engines implement it: the real driver (wrapped by `mongo-engine.ts`, a thin cast) and the
 * embedded engine (`embedded/`, mingo-based, persisted under DATA_DIR). Repository code is written
 * once against this interface, so the same code runs on either engine.
 *
 * Conventions shared by both engines:
 * - `_id` is always a string we generate (no ObjectId), dates are ISO-8601 strings.
 * - A unique-index violation throws an error whose `code` is 11000 (as MongoServerError does).
 */
export type Doc = Record<string, unknown>;
export type Filter = Doc;
export type Update = Doc;
export type SortSpec = Record<string, 1 | -1>;

export interface IndexOptions {
  name?: string;
  unique?: boolean;
  /** Only `{ field: { $exists: true } }` style filters are needed (partial unique indexes). */
  partialFilterExpression?: Doc;
}

export interface FindOptions {
  sort?: SortSpec;
  limit?: number;
  skip?: number;
  projection?: Doc;
}

export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  upsertedId?: unknown;
}

export interface StoreCollection<T extends Doc = Doc> {
  createIndex(keys: SortSpec, options?: IndexOptions): Promise<string>;
  insertOne(doc: T): Promise<unknown>;
  /** Ordered: stops at the first failing document; earlier documents stay inserted (as MongoDB does). */
  insertMany(docs: T[]): Promise<unknown>;
  findOne(filter: Filter, options?: FindOptions): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): { toArray(): Promise<T[]> };
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  findOneAndUpdate(
    filter: Filter,
    update: Update,
    options?: { upsert?: boolean; returnDocument?: 'before' | 'after'; sort?: SortSpec },
  ): Promise<T | null>;
  deleteOne(filter: Filter): Promise<{ deletedCount: number }>;
  deleteMany(filter: Filter): Promise<{ deletedCount: number }>;
  countDocuments(filter?: Filter): Promise<number>;
}

export interface StoreEngine {
  readonly kind: 'embedded' | 'mongodb';
  collection<T extends Doc = Doc>(name: string): StoreCollection<T>;
  /** Cheap liveness check for /healthz. */
  ping(): Promise<boolean>;
  /**
   * Rewrites the engine's files so that no earlier version of any document remains in them (the
   * embedded engine's journals), after an erasure. Absent where the engine keeps no such history.
   */
  compact?(): Promise<void>;
  /** Flush pending writes and release resources (files, sockets). Idempotent. */
  close(): Promise<void>;
}

/** True when `err` is a unique-index violation from either engine. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
