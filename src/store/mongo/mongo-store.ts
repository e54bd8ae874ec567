/**
 * The MongoDB store, on the official driver (loaded only when MONGODB_URI is set: see open.ts).
 *
 * - Collections `commits`, `cases`, `counters`, `records`; every index a port query uses is
 *   created at start-up (`ensureIndexes`), named after its query.
 * - Ids are strings we make; a unique index refusing a write is error code 11000.
 * - Operations writing several documents (an erasure's rewrite) run in a transaction, which needs
 *   a replica set (see docker-compose.mongodb.yml); on a standalone server they fall back to
 *   document-by-document writes, each idempotent, which `init` finishes after a crash.
 * - Batches of claims are one unordered `insertMany`: each claim is won or lost on its own.
 */
import {
  MongoClient,
  MongoServerError,
  type ClientSession,
  type Collection,
  type Db,
  type Filter,
} from 'mongodb';
import type {
  AppendConflict,
  CaseQuery,
  CaseRecord,
  CommitRecord,
  RecordMeta,
  SideRecord,
  SideRecords,
  StorePort,
  UnknownKeyUse,
} from '../port.js';
import { StoreOpenError } from '../port.js';
import type { StoredEvent } from '../sealed-docs.js';

interface RecordDoc {
  _id: string; // `${kind}:${id}`
  kind: string;
  id: string;
  owner?: string;
  dueAt?: string;
  expiresAt?: string;
  rev: number;
  value: unknown;
}

/** Connects to `uri` (database: `dbName`, else the URI's path, else 'cspr') and creates the indexes. */
export async function openMongoStore(uri: string, dbName?: string): Promise<MongoStore> {
  let client: MongoClient;
  try {
    client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  } catch (err) {
    throw new StoreOpenError(
      `MONGODB_URI is not a valid MongoDB connection string (${firstLine(err)})`,
    );
  }
  const name = dbName ?? dbNameFromUri(uri) ?? 'cspr';
  try {
    await client.connect();
    const store = new MongoStore(client, client.db(name));
    await store.ensureIndexes();
    return store;
  } catch (err) {
    await client.close().catch(() => undefined);
    throw new StoreOpenError(
      `the MongoDB server of MONGODB_URI cannot be used (database ${name}): ${firstLine(err)}`,
    );
  }
}

/** The database named in a `mongodb://host/db?opts` URI, if any. */
export function dbNameFromUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/** The first line of an error's message, without credentials a URI may hold. */
function firstLine(err: unknown): string {
  return ((err as Error).message ?? String(err))
    .split('\n')[0]!
    .replace(/\/\/[^@/]*@/g, '//…@')
    .slice(0, 200);
}

const isDuplicate = (err: unknown) => err instanceof MongoServerError && err.code === 11000;

export class MongoStore implements StorePort {
  readonly kind = 'mongodb';
  readonly location: string;
  private closed = false;
  private readonly commitsC: Collection<CommitRecord>;
  private readonly casesC: Collection<CaseRecord>;
  private readonly countersC: Collection<{ _id: string; n: number }>;
  private readonly recordsC: Collection<RecordDoc>;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.location = `MongoDB database ${db.databaseName}`;
    this.commitsC = db.collection<CommitRecord>('commits');
    this.casesC = db.collection<CaseRecord>('cases');
    this.countersC = db.collection<{ _id: string; n: number }>('counters');
    this.recordsC = db.collection<RecordDoc>('records');
  }

  async ensureIndexes(): Promise<void> {
    await this.commitsC.createIndexes([
      { key: { caseId: 1, seq: 1 }, unique: true, name: 'commit_seq_unique' },
      { key: { caseId: 1, lastSeq: 1 }, name: 'commit_event_page' },
      {
        key: { requestKey: 1 },
        unique: true,
        name: 'commit_request_unique',
        partialFilterExpression: { requestKey: { $exists: true } },
      },
      {
        key: { erasure: 1 },
        name: 'commit_erasure',
        partialFilterExpression: { erasure: { $exists: true } },
      },
      { key: { seq: 1, caseId: 1 }, name: 'commit_first', partialFilterExpression: { seq: 1 } },
      { key: { 'events.data.sealed.k': 1 }, name: 'commit_key' },
    ]);
    await this.casesC.createIndexes([
      { key: { partnershipId: 1, ref: 1 }, unique: true, name: 'case_ref_unique' },
      { key: { partnershipId: 1, createdAt: -1, _id: -1 }, name: 'case_created' },
      { key: { partnershipId: 1, state: 1, createdAt: -1 }, name: 'case_state' },
      { key: { partnershipId: 1, 'index.nextReminderOn': 1 }, name: 'case_next_reminder' },
      { key: { 'channels.id': 1, 'channels.platform': 1 }, name: 'case_channel' },
      { key: { partnershipId: 1, themes: 1 }, name: 'case_theme' },
      { key: { 'sealed.k': 1 }, name: 'case_key' },
    ]);
    await this.recordsC.createIndexes([
      {
        key: { kind: 1, owner: 1 },
        name: 'record_owner',
        partialFilterExpression: { owner: { $exists: true } },
      },
      {
        key: { kind: 1, dueAt: 1 },
        name: 'record_due',
        partialFilterExpression: { dueAt: { $exists: true } },
      },
    ]);
  }

  async appendCommit(c: CommitRecord): Promise<AppendConflict | undefined> {
    try {
      await this.commitsC.insertOne(c);
      return undefined;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
    }
    if (c.requestKey) {
      const earlier = await this.commitsC.findOne(
        { requestKey: c.requestKey },
        { projection: { caseId: 1 } },
      );
      if (earlier) return { conflict: 'request', caseId: earlier.caseId };
    }
    return { conflict: 'version' };
  }

  async commits(
    caseId: string,
    range: { afterSeq?: number; fromEventSeq?: number; toEventSeq?: number } = {},
  ): Promise<CommitRecord[]> {
    const filter: Filter<CommitRecord> = {
      caseId,
      seq: {
        $gt: range.afterSeq ?? 0,
        ...(range.toEventSeq !== undefined ? { $lte: range.toEventSeq } : {}),
      },
    };
    if (range.fromEventSeq !== undefined) filter.lastSeq = { $gte: range.fromEventSeq };
    return this.commitsC.find(filter, { sort: { seq: 1 } }).toArray() as Promise<CommitRecord[]>;
  }

  async unredactedCommits(caseId: string, beforeSeq: number): Promise<CommitRecord[]> {
    return this.commitsC
      .find({ caseId, seq: { $lt: beforeSeq }, redacted: { $ne: true } }, { sort: { seq: 1 } })
      .toArray() as Promise<CommitRecord[]>;
  }

  async rewriteCommits(
    rewrites: readonly { id: string; events: StoredEvent[]; redacted?: true }[],
  ): Promise<void> {
    await this.inTransaction(async (session) => {
      for (const r of rewrites)
        await this.commitsC.updateOne(
          { _id: r.id },
          { $set: { events: r.events, ...(r.redacted ? { redacted: true } : {}) } },
          session ? { session } : {},
        );
    });
  }

  /** Runs `fn` in a transaction; on a server without them (standalone), without. */
  private async inTransaction(fn: (session?: ClientSession) => Promise<void>): Promise<void> {
    const session = this.client.startSession();
    try {
      await session.withTransaction(() => fn(session));
    } catch (err) {
      // IllegalOperation (20): "Transaction numbers are only allowed on a replica set member or mongos".
      if (!(err instanceof MongoServerError && err.code === 20)) throw err;
      await fn();
    } finally {
      await session.endSession();
    }
  }

  async caseIdByRequestKey(requestKey: string): Promise<string | undefined> {
    return (await this.commitsC.findOne({ requestKey }, { projection: { caseId: 1 } }))?.caseId;
  }

  async eventCount(caseId: string): Promise<number> {
    const last = await this.commitsC.findOne(
      { caseId },
      { sort: { seq: -1 }, projection: { lastSeq: 1 } },
    );
    return last?.lastSeq ?? 0;
  }

  async erasures(): Promise<{ caseId: string; seq: number }[]> {
    const docs = await this.commitsC
      .find({ erasure: true }, { projection: { caseId: 1, seq: 1 } })
      .toArray();
    return docs.map((d) => ({ caseId: d.caseId, seq: d.seq }));
  }

  async casesWithoutSnapshot(): Promise<string[]> {
    const missing = await this.commitsC
      .aggregate<{ _id: string }>([
        { $match: { seq: 1 } },
        { $project: { caseId: 1 } },
        {
          $lookup: {
            from: 'cases',
            localField: 'caseId',
            foreignField: '_id',
            as: 's',
            pipeline: [{ $project: { _id: 1 } }],
          },
        },
        { $match: { s: { $size: 0 } } },
        { $project: { _id: '$caseId' } },
      ])
      .toArray();
    return missing.map((d) => d._id);
  }

  async snapshot(caseId: string): Promise<CaseRecord | undefined> {
    return ((await this.casesC.findOne({ _id: caseId })) as CaseRecord | null) ?? undefined;
  }

  async snapshotByRef(partnershipId: string, ref: string): Promise<CaseRecord | undefined> {
    return ((await this.casesC.findOne({ partnershipId, ref })) as CaseRecord | null) ?? undefined;
  }

  async saveSnapshot(doc: CaseRecord, previousVersion: number): Promise<void> {
    if (previousVersion <= 0) {
      try {
        await this.casesC.insertOne(doc);
        return;
      } catch (err) {
        if (!isDuplicate(err)) throw err;
      }
    }
    // Only move the snapshot forward: a slower writer never replaces a newer snapshot.
    await this.casesC.replaceOne({ _id: doc._id, version: { $lt: doc.version } }, doc);
  }

  async replaceSnapshotAt(doc: CaseRecord, version: number): Promise<boolean> {
    return (await this.casesC.replaceOne({ _id: doc._id, version }, doc)).matchedCount === 1;
  }

  async caseVersions(q: CaseQuery): Promise<{ id: string; version: number }[]> {
    if (q.partnershipIds.length === 0) return [];
    const cursor = this.casesC.find(caseFilter(q), {
      sort: { createdAt: -1, _id: -1 },
      projection: { _id: 1, version: 1 },
    });
    if (q.offset) cursor.skip(q.offset);
    if (q.limit !== undefined) cursor.limit(q.limit);
    return (await cursor.toArray()).map((d) => ({
      id: d._id as unknown as string,
      version: d.version as number,
    }));
  }

  async snapshots(caseIds: readonly string[]): Promise<CaseRecord[]> {
    if (caseIds.length === 0) return [];
    return this.casesC.find({ _id: { $in: [...caseIds] } }).toArray() as Promise<CaseRecord[]>;
  }

  async countCases(q: CaseQuery): Promise<number> {
    if (q.partnershipIds.length === 0) return 0;
    return this.casesC.countDocuments(caseFilter(q));
  }

  async nextCounter(name: string): Promise<number> {
    const doc = await this.countersC.findOneAndUpdate(
      { _id: name },
      { $inc: { n: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    return doc?.n ?? 1;
  }

  async raiseCounter(name: string, n: number): Promise<void> {
    await this.countersC.updateOne({ _id: name }, { $max: { n } }, { upsert: true });
  }

  async unknownKeyUse(keyIds: readonly string[]): Promise<UnknownKeyUse | undefined> {
    const unknown = { $exists: true, $nin: [...keyIds] };
    const s = await this.casesC.findOne({ 'sealed.k': unknown } as Filter<CaseRecord>, {
      projection: { _id: 1, sealed: 1 },
    });
    if (s?.sealed) return { where: `case ${s._id} snapshot`, keyId: s.sealed.k };
    // $elemMatch: some event sealed with an unknown key (a bare $nin on the array would need every one to be).
    const c = await this.commitsC.findOne({
      events: { $elemMatch: { 'data.sealed.k': unknown } },
    } as Filter<CommitRecord>);
    if (!c) return undefined;
    const keyId = c.events
      .map((e) => (e.data as { sealed?: { k?: string } }).sealed?.k)
      .find((k) => k && !keyIds.includes(k));
    return keyId ? { where: `commit ${c._id}`, keyId } : undefined;
  }

  async scanCommits(afterId: string | undefined, limit: number): Promise<CommitRecord[]> {
    return this.commitsC
      .find(afterId === undefined ? {} : { _id: { $gt: afterId } }, { sort: { _id: 1 }, limit })
      .toArray() as Promise<CommitRecord[]>;
  }

  async scanSnapshots(afterId: string | undefined, limit: number): Promise<CaseRecord[]> {
    return this.casesC
      .find(afterId === undefined ? {} : { _id: { $gt: afterId } }, { sort: { _id: 1 }, limit })
      .toArray() as Promise<CaseRecord[]>;
  }

  records<T>(kind: string): SideRecords<T> {
    return new MongoRecords<T>(this.recordsC, kind);
  }

  async purgeOverwritten(): Promise<void> {
    // MongoDB (WiredTiger) keeps no readable history of an overwritten document in its collection.
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.db.command({ ping: 1 });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }
}

class MongoRecords<T> implements SideRecords<T> {
  constructor(
    private readonly c: Collection<RecordDoc>,
    private readonly kind: string,
  ) {}

  private key = (id: string) => `${this.kind}:${id}`;
  private now = () => new Date().toISOString();
  private liveFilter = () => ({
    $or: [{ expiresAt: { $exists: false } }, { expiresAt: { $gt: this.now() } }],
  });

  private out(d: RecordDoc | null): SideRecord<T> | undefined {
    if (!d || (d.expiresAt !== undefined && d.expiresAt <= this.now())) return undefined;
    return {
      id: d.id,
      value: d.value as T,
      rev: d.rev,
      ...(d.owner !== undefined ? { owner: d.owner } : {}),
      ...(d.dueAt !== undefined ? { dueAt: d.dueAt } : {}),
      ...(d.expiresAt !== undefined ? { expiresAt: d.expiresAt } : {}),
    };
  }

  private doc(id: string, value: T, meta: RecordMeta, rev: number): RecordDoc {
    return {
      _id: this.key(id),
      kind: this.kind,
      id,
      rev,
      value,
      ...(meta.owner !== undefined ? { owner: meta.owner } : {}),
      ...(meta.dueAt !== undefined ? { dueAt: meta.dueAt } : {}),
      ...(meta.expiresAt !== undefined ? { expiresAt: meta.expiresAt } : {}),
    };
  }

  async get(id: string): Promise<SideRecord<T> | undefined> {
    return this.out(await this.c.findOne({ _id: this.key(id) }));
  }

  async put(id: string, value: T, meta: RecordMeta = {}): Promise<void> {
    const { _id, rev: _rev, ...fields } = this.doc(id, value, meta, 0);
    const unset = Object.fromEntries(
      (['owner', 'dueAt', 'expiresAt'] as const)
        .filter((k) => meta[k] === undefined)
        .map((k) => [k, ''] as const),
    );
    await this.c.updateOne(
      { _id },
      { $set: fields, ...(Object.keys(unset).length ? { $unset: unset } : {}), $inc: { rev: 1 } },
      { upsert: true },
    );
  }

  async insertIfAbsent(id: string, value: T, meta: RecordMeta = {}): Promise<boolean> {
    try {
      await this.c.insertOne(this.doc(id, value, meta, 1));
      return true;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
    }
    // An expired record counts as absent: replace it (only if it is still expired).
    const res = await this.c.replaceOne(
      { _id: this.key(id), expiresAt: { $lte: this.now() } },
      this.doc(id, value, meta, 1),
    );
    return res.modifiedCount === 1;
  }

  async insertManyIfAbsent(
    items: readonly ({ id: string; value: T } & RecordMeta)[],
  ): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const docs = items.map((it) => this.doc(it.id, it.value, it, 1));
    const failed = new Set<number>();
    try {
      await this.c.insertMany(docs, { ordered: false });
    } catch (err) {
      const errors = (
        err as {
          writeErrors?: { index: number; code?: number }[] | { index: number; code?: number };
        }
      ).writeErrors;
      const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
      if (list.length === 0 || list.some((e) => e.code !== 11000)) throw err;
      for (const e of list) failed.add(e.index);
    }
    const won = new Set<string>();
    for (const [i, it] of items.entries()) {
      if (!failed.has(i)) won.add(it.id);
      else if (await this.insertIfAbsent(it.id, it.value, it)) won.add(it.id); // an expired one
    }
    return won;
  }

  async replaceIf(id: string, rev: number, value: T, meta: RecordMeta = {}): Promise<boolean> {
    return (
      (await this.c.replaceOne({ _id: this.key(id), rev }, this.doc(id, value, meta, rev + 1)))
        .matchedCount === 1
    );
  }

  async replaceManyIf(
    items: readonly ({ id: string; rev: number; value: T } & RecordMeta)[],
  ): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const docs = items.map((it) => this.doc(it.id, it.value, it, it.rev + 1));
    const res = await this.c.bulkWrite(
      items.map((it, i) => ({
        replaceOne: { filter: { _id: this.key(it.id), rev: it.rev }, replacement: docs[i]! },
      })),
      { ordered: false },
    );
    if (res.matchedCount === items.length) return new Set(items.map((it) => it.id));
    // Some were changed by another writer first: ours are those now holding exactly what we wrote.
    const now = await this.c.find({ _id: { $in: docs.map((d) => d._id) } }).toArray();
    const byKey = new Map(now.map((d) => [d._id, d]));
    return new Set(
      items
        .filter((it, i) => {
          const d = byKey.get(docs[i]!._id);
          return (
            d !== undefined &&
            d.rev === it.rev + 1 &&
            JSON.stringify(d.value) === JSON.stringify(it.value)
          );
        })
        .map((it) => it.id),
    );
  }

  async delete(id: string): Promise<boolean> {
    return (await this.c.deleteOne({ _id: this.key(id) })).deletedCount === 1;
  }

  async listByOwner(owner: string): Promise<SideRecord<T>[]> {
    const docs = await this.c
      .find({ kind: this.kind, owner, ...this.liveFilter() }, { sort: { id: 1 } })
      .toArray();
    return docs.flatMap((d) => this.out(d) ?? []);
  }

  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.c
      .find({ _id: { $in: ids.map(this.key) }, ...this.liveFilter() }, { projection: { id: 1 } })
      .toArray();
    return new Set(docs.map((d) => d.id));
  }

  async page(afterId: string | undefined, limit: number): Promise<SideRecord<T>[]> {
    const filter =
      afterId === undefined
        ? { kind: this.kind }
        : { kind: this.kind, _id: { $gt: this.key(afterId) } };
    const docs = await this.c.find(filter, { sort: { _id: 1 }, limit }).toArray();
    return docs.flatMap((d) => this.out(d) ?? []);
  }

  async due(at: string, limit: number): Promise<SideRecord<T>[]> {
    const docs = await this.c
      .find({ kind: this.kind, dueAt: { $lte: at } }, { sort: { dueAt: 1 }, limit })
      .toArray();
    return docs.flatMap((d) => this.out(d) ?? []);
  }
}

/** The filter of a case query (partnerships always named). */
function caseFilter(q: CaseQuery): Filter<CaseRecord> {
  const and: Filter<CaseRecord>[] = [{ partnershipId: { $in: [...q.partnershipIds] } }];
  if (q.states) and.push({ state: { $in: [...q.states] } });
  if (q.notStates?.length) and.push({ state: { $nin: [...q.notStates] } });
  if (q.channel)
    and.push({
      channels: {
        $elemMatch: {
          id: q.channel.id,
          ...(q.channel.platform ? { platform: q.channel.platform } : {}),
        },
      },
    });
  if (q.anyTheme) and.push({ themes: { $in: [...q.anyTheme] } });
  if (q.excludeId !== undefined) and.push({ _id: { $ne: q.excludeId } });
  if (q.reminderDueBy !== undefined)
    and.push({ 'index.nextReminderOn': { $lte: q.reminderDueBy } });
  if (q.closedBefore !== undefined)
    and.push({
      state: 'closed',
      erased: { $exists: false },
      $or: [
        { 'dates.closedAt': { $lt: q.closedBefore } },
        { 'dates.closedAt': { $exists: false }, updatedAt: { $lt: q.closedBefore } },
      ],
    } as Filter<CaseRecord>);
  return and.length === 1 ? and[0]! : { $and: and };
}
