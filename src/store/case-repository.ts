/**
 * The case repository, written once on the driver-shaped `StoreEngine` so that the same code runs on
 * MongoDB and on the embedded engine.
 *
 * - `commits`: the append-only audit trail. One document per command holds the events it produced
 *   (a single-document write is atomic on every engine, so a command is never half-recorded).
 *   `_id` is `<caseId>:<first seq>`: two writers that read the same version both try to write the
 *   same `_id` and one of them gets a duplicate-key error, so no update is ever lost.
 *   A unique partial index on `requestKey` recognises a repeated delivery of the same request.
 * - `cases`: a snapshot of each case for queries (list, status, due dates). It may lag its commits
 *   after a crash; `load` replays the missing commits and writes the snapshot back.
 * - `counters`: reference numbers per partnership and year.
 *
 * Child details and free text are encrypted at rest (`sealed-docs.ts`): callers only ever see
 * plain cases and events. The cipher comes from the options, else from the environment
 * (CSPR_DATA_KEY, or the development key file outside production).
 */
import { redactEvent } from '../domain/erasure.js';
import { evolve, replay } from '../domain/lifecycle.js';
import type { Case, CaseState } from '../domain/case.js';
import type { CaseEvent, NewEvent } from '../domain/events.js';
import type { Role } from '../domain/roles.js';
import { SealError, type DataCipher } from './cipher.js';
import { isDuplicateKeyError, type Doc, type StoreCollection, type StoreEngine } from './collection.js';
import { dataCipherFromEnv } from './data-keys.js';
import { openEvents, openSnapshot, sealedOf, sealEvents, sealSnapshot, UNSET_CLEAR_COPIES, type SnapshotDoc, type StoredEvent } from './sealed-docs.js';

export interface CommitDoc extends Doc {
  _id: string;
  caseId: string;
  partnershipId: string;
  seq: number;
  lastSeq: number;
  at: string;
  actor: { id: string; name: string; roles: Role[] };
  requestKey?: string;
  /** Each event's data sealed (see sealed-docs.ts). */
  events: StoredEvent[];
  /** Set once the events were overwritten with their erased versions (the case was erased later). */
  redacted?: boolean;
  /** Set on the commit that erased the case (a small partial index finds them at start-up). */
  erasure?: true;
}

export type CaseDoc = SnapshotDoc;

export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(readonly caseId: string, readonly expectedVersion: number) {
    super(`case ${caseId} changed since version ${expectedVersion}`);
  }
}

/** The request was delivered before and is already recorded: here is what it recorded. */
export class RepeatedRequestError extends Error {
  override readonly name = 'RepeatedRequestError';
  constructor(readonly caseId: string, readonly requestKey: string) {
    super(`request already recorded on case ${caseId}`);
  }
}

export interface AppendInput {
  caseId: string;
  partnershipId: string;
  /** The version the events were decided on (0 for a new case). */
  expectedVersion: number;
  events: NewEvent[];
  actor: { id: string; name: string; roles: Role[] };
  at: Date;
  requestKey?: string;
}

export interface ListFilter {
  states?: CaseState[];
  limit?: number;
}

/** Extra, derived fields stored on the snapshot for queries (e.g. the next due date for reminders); stored in clear. */
export type SnapshotIndexer = (c: Case) => Record<string, unknown>;

export interface RepositoryOptions {
  /** Seals child details and free text; default: from the environment (`dataCipherFromEnv`). */
  cipher?: DataCipher;
  /** Told when a snapshot could not be written after its commit was (the next `load` catches it up). */
  onSnapshotLag?: (caseId: string, err: unknown) => void;
}

export class CaseRepository {
  private readonly cases: StoreCollection<CaseDoc>;
  private readonly commits: StoreCollection<CommitDoc>;
  private readonly counters: StoreCollection<{ _id: string; n: number }>;
  readonly cipher: DataCipher;
  private readonly onSnapshotLag: (caseId: string, err: unknown) => void;

  constructor(
    readonly engine: StoreEngine,
    private readonly indexer: SnapshotIndexer = () => ({}),
    options: RepositoryOptions = {},
  ) {
    this.cipher = options.cipher ?? dataCipherFromEnv();
    this.onSnapshotLag = options.onSnapshotLag ?? (() => undefined);
    this.cases = engine.collection<CaseDoc>('cases');
    this.commits = engine.collection<CommitDoc>('commits');
    this.counters = engine.collection<{ _id: string; n: number }>('counters');
  }

  /**
   * Creates the indexes the repository relies on, refuses a store sealed with a key missing from
   * the ring (SealError naming the key id), then repairs snapshots a crash left behind.
   */
  async init(): Promise<void> {
    await this.cases.createIndex({ partnershipId: 1, ref: 1 }, { unique: true, name: 'case_ref_unique' });
    await this.cases.createIndex({ partnershipId: 1, state: 1 }, { name: 'case_state' });
    await this.commits.createIndex({ caseId: 1, seq: 1 }, { unique: true, name: 'commit_seq_unique' });
    await this.commits.createIndex(
      { requestKey: 1 },
      { unique: true, name: 'commit_request_unique', partialFilterExpression: { requestKey: { $exists: true } } },
    );
    await this.commits.createIndex({ erasure: 1 }, { name: 'commit_erasure', partialFilterExpression: { erasure: { $exists: true } } });
    await this.checkKeyRing();
    await this.repairOrphans();
    await this.finishErasures();
  }

  /** The next reference for a partnership: PREFIX-YEAR-NNN. */
  async nextRef(partnershipId: string, prefix: string, year: number): Promise<string> {
    const doc = await this.counters.findOneAndUpdate(
      { _id: `${partnershipId}:${year}` },
      { $inc: { n: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    const n = doc?.n ?? 1;
    return `${prefix}-${year}-${String(n).padStart(3, '0')}`;
  }

  /**
   * Appends the events of one command. Throws ConcurrencyError when the case moved on since
   * `expectedVersion`, RepeatedRequestError when `requestKey` was recorded before.
   */
  async append(input: AppendInput, current: Case | undefined): Promise<{ case: Case; events: CaseEvent[] }> {
    if (input.events.length === 0) throw new Error('nothing to append');
    const seq = input.expectedVersion + 1;
    const _id = `${input.caseId}:${seq}`;
    const commit: CommitDoc = {
      _id,
      caseId: input.caseId,
      partnershipId: input.partnershipId,
      seq,
      lastSeq: seq + input.events.length - 1,
      at: input.at.toISOString(),
      actor: input.actor,
      events: sealEvents(this.cipher, _id, input.events),
      ...(input.requestKey ? { requestKey: input.requestKey } : {}),
      ...(input.events.some((e) => e.type === 'case.erased') ? { erasure: true as const } : {}),
    };
    try {
      await this.commits.insertOne(commit);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      if (input.requestKey) {
        const earlier = await this.commits.findOne({ requestKey: input.requestKey });
        if (earlier) throw new RepeatedRequestError(earlier.caseId, input.requestKey);
      }
      throw new ConcurrencyError(input.caseId, input.expectedVersion);
    }
    const events = toEvents(commit, input.events);
    const next = events.reduce<Case | undefined>((acc, e) => evolve(acc, e), current)!;
    await this.writeSnapshotOrLag(next, input.expectedVersion);
    if (commit.erasure) await this.eraseHistory(input.caseId, seq);
    return { case: next, events };
  }

  /**
   * Destroys the personal data of a case's commits before `beforeSeq` (its `case.erased` commit):
   * each is overwritten with its events redacted (`redactEvent`) and sealed afresh, then the engine
   * rewrites its files so that no earlier version survives on disk. Idempotent; `init` finishes an
   * erasure a crash interrupted. Returns how many commits were overwritten.
   */
  async eraseHistory(caseId: string, beforeSeq: number): Promise<number> {
    const commits = await this.commits.find({ caseId, seq: { $lt: beforeSeq }, redacted: { $ne: true } }, { sort: { seq: 1 } }).toArray();
    for (const commit of commits) {
      const bodies = openEvents(this.cipher, commit._id, commit.events).map((e) => redactEvent(e));
      await this.commits.updateOne({ _id: commit._id }, { $set: { events: sealEvents(this.cipher, commit._id, bodies), redacted: true } });
    }
    await this.engine.compact?.();
    return commits.length;
  }

  /** The case with every recorded event applied (repairing a lagging snapshot). */
  async load(caseId: string): Promise<Case | undefined> {
    if (!isId(caseId)) return undefined; // an id from a request that is not a string never reaches a query
    const doc = await this.cases.findOne({ _id: caseId });
    const snapshot = doc ? this.fromDoc(doc) : undefined;
    const later = await this.commits.find({ caseId, seq: { $gt: snapshot?.version ?? 0 } }, { sort: { seq: 1 } }).toArray();
    if (later.length === 0) return snapshot;
    const c = replay(later.flatMap((commit) => this.toEvents(commit)), snapshot);
    if (c) await this.writeSnapshotOrLag(c, snapshot?.version ?? -1);
    return c;
  }

  async findByRef(partnershipId: string, ref: string): Promise<Case | undefined> {
    if (!isId(partnershipId) || !isId(ref)) return undefined;
    const doc = await this.cases.findOne({ partnershipId, ref });
    return doc ? this.load(doc._id) : undefined;
  }

  /** The case a request created or changed, if it was recorded. */
  async findByRequestKey(requestKey: string): Promise<string | undefined> {
    if (!isId(requestKey)) return undefined;
    const commit = await this.commits.findOne({ requestKey });
    return commit?.caseId;
  }

  async list(partnershipIds: string[], filter: ListFilter = {}): Promise<Case[]> {
    const query: Doc = { partnershipId: { $in: partnershipIds } };
    if (filter.states) query.state = { $in: filter.states };
    const docs = await this.cases.find(query, { sort: { createdAt: -1 }, ...(filter.limit ? { limit: filter.limit } : {}) }).toArray();
    return docs.map((d) => this.fromDoc(d));
  }

  /** Queries the snapshot collection directly (indexed fields from the indexer live under `index.`). */
  async query(filter: Doc, options: { sort?: Record<string, 1 | -1>; limit?: number } = {}): Promise<Case[]> {
    const docs = await this.cases.find(filter, options).toArray();
    return docs.map((d) => this.fromDoc(d));
  }

  /** The audit trail of a case, oldest first, paged. */
  async events(caseId: string, page: { skip?: number; limit?: number } = {}): Promise<CaseEvent[]> {
    const commits = await this.commits.find({ caseId }, { sort: { seq: 1 } }).toArray();
    const all = commits.flatMap((commit) => this.toEvents(commit));
    const skip = page.skip ?? 0;
    return all.slice(skip, page.limit === undefined ? undefined : skip + page.limit);
  }

  async countEvents(caseId: string): Promise<number> {
    const commits = await this.commits.find({ caseId }, { projection: { seq: 1, lastSeq: 1 } }).toArray();
    return commits.reduce((n, c) => n + (c.lastSeq - c.seq + 1), 0);
  }

  /**
   * Once its commit is stored a command is recorded, whatever happens to the snapshot: a failed
   * snapshot write only leaves the snapshot behind its commits, and the next `load` of the case
   * (its effects load it at once; `init` repairs missing ones) replays them and writes it again.
   */
  private async writeSnapshotOrLag(c: Case, previousVersion: number): Promise<void> {
    try {
      await this.writeSnapshot(c, previousVersion);
    } catch (err) {
      this.onSnapshotLag(c.id, err);
    }
  }

  private async writeSnapshot(c: Case, previousVersion: number): Promise<void> {
    const doc = sealSnapshot(this.cipher, c, this.indexer(c));
    if (previousVersion <= 0) {
      try {
        await this.cases.insertOne(doc);
        return;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    // Only move the snapshot forward: a slower writer never overwrites a newer snapshot.
    const { _id, ...fields } = doc;
    await this.cases.updateOne({ _id, version: { $lt: c.version } }, { $set: fields, $unset: UNSET_CLEAR_COPIES });
  }

  private toEvents(commit: CommitDoc): CaseEvent[] {
    return toEvents(commit, openEvents(this.cipher, commit._id, commit.events));
  }

  private fromDoc(doc: CaseDoc): Case {
    return openSnapshot(this.cipher, doc);
  }

  /** Fails at start-up, not at the first read, when some data was sealed with a key the ring lacks. */
  private async checkKeyRing(): Promise<void> {
    const ids = this.cipher.keyIds;
    const unknown = { $exists: true, $nin: ids };
    let found: { where: string; keyId?: string } | undefined;
    const snapshot = await this.cases.findOne({ 'sealed.k': unknown });
    if (snapshot) found = { where: `case ${snapshot._id} snapshot`, keyId: snapshot.sealed?.k };
    const commit = found ? null : await this.commits.findOne({ events: { $elemMatch: { 'data.sealed.k': unknown } } });
    if (commit) found = { where: `commit ${commit._id}`, keyId: commit.events.map((e) => sealedOf(e.data)?.k).find((k) => k && !ids.includes(k)) };
    if (found)
      throw new SealError(
        `the store holds data sealed with data key id ${found.keyId} (${found.where}), which is not in the key ring ` +
          `(current ${this.cipher.currentKeyId}): set CSPR_DATA_KEY or CSPR_DATA_KEYS_OLD to include it`,
        found.where,
        found.keyId,
      );
  }

  /** Finishes erasures whose earlier commits were not all overwritten (a crash or a store failure half way). */
  async finishErasures(): Promise<void> {
    const erasures = await this.commits.find({ erasure: true }, { projection: { caseId: 1, seq: 1 } }).toArray();
    for (const e of erasures) {
      const pending = await this.commits.findOne({ caseId: e.caseId, seq: { $lt: e.seq }, redacted: { $ne: true } }, { projection: { _id: 1 } });
      if (pending) await this.eraseHistory(e.caseId, e.seq);
    }
  }

  /** Cases whose creation commit exists but whose snapshot does not (a crash in between). */
  private async repairOrphans(): Promise<void> {
    const creations = await this.commits.find({ seq: 1 }, { projection: { caseId: 1 } }).toArray();
    if (creations.length === 0) return;
    const known = new Set(
      (await this.cases.find({ _id: { $in: creations.map((c) => c.caseId) } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id),
    );
    for (const c of creations) if (!known.has(c.caseId)) await this.load(c.caseId);
  }
}

/** Ids, references and request keys are matched by equality: only a plain string may be one (never an object a query would read as an operator). */
function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && !value.startsWith('$');
}

/** The stored events of a commit, given their opened bodies. */
function toEvents(commit: CommitDoc, bodies: NewEvent[]): CaseEvent[] {
  return bodies.map(
    (e, i) =>
      ({
        ...e,
        caseId: commit.caseId,
        seq: commit.seq + i,
        at: commit.at,
        actor: commit.actor,
        ...(commit.requestKey ? { requestKey: commit.requestKey } : {}),
      }) as CaseEvent,
  );
}
