/**
 * The case repository: cases and their audit trail on the store port (port.ts), the same code on
 * SQLite and on MongoDB.
 *
 * - Commits: the append-only audit trail. One record per command holds the events it produced
 *   (a single-record write is atomic on every store, so a command is never half-recorded).
 *   `_id` is `<caseId>:<first seq>`: two writers that read the same version both try to write the
 *   same `_id` and one of them is refused, so no update is ever lost. A unique index on
 *   `requestKey` recognises a repeated delivery of the same request.
 * - Snapshots: each case as of its last commit, for queries (list, status, due dates). It may lag
 *   its commits after a crash; `load` replays the missing commits and writes the snapshot back.
 * - Counters: reference numbers per partnership and year.
 *
 * Child details and free text are encrypted at rest (`sealed-docs.ts`): callers only ever see
 * plain cases and events. The cipher comes from the options, else from the environment
 * (CSPR_DATA_KEY, or the development key file outside production).
 */
import { redactEvent } from '../domain/erasure.js';
import { evolve, replay } from '../domain/lifecycle.js';
import type { Case, CaseState } from '../domain/case.js';
import type { Role } from '../domain/roles.js';
import type { CaseEvent, NewEvent } from '../domain/events.js';
import { SealError, type DataCipher, type SealedBox } from './cipher.js';
import { dataCipherFromEnv } from './data-keys.js';
import type { CaseQuery, CaseRecord, CommitRecord, StorePort } from './port.js';
import {
  openEvents,
  openSnapshot,
  sealEvents,
  sealSnapshot,
  type SnapshotDoc,
} from './sealed-docs.js';

export type CommitDoc = CommitRecord;
export type CaseDoc = CaseRecord;

export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly caseId: string,
    readonly expectedVersion: number,
  ) {
    super(`case ${caseId} changed since version ${expectedVersion}`);
  }
}

/** The request was delivered before and is already recorded: here is what it recorded. */
export class RepeatedRequestError extends Error {
  override readonly name = 'RepeatedRequestError';
  constructor(
    readonly caseId: string,
    readonly requestKey: string,
  ) {
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
  offset?: number;
}

/** Extra, derived fields stored on the snapshot for queries (e.g. the next due date for reminders); stored in clear. */
export type SnapshotIndexer = (c: Case) => Record<string, unknown>;

export interface RepositoryOptions {
  /** Seals child details and free text; default: from the environment (`dataCipherFromEnv`). */
  cipher?: DataCipher;
  /** Told when a snapshot could not be written after its commit was (the next `load` catches it up). */
  onSnapshotLag?: (caseId: string, err: unknown) => void;
  /** How many opened snapshots are kept in memory (OpenedSnapshots); 0 opens every read afresh. */
  openedCacheSize?: number;
}

/**
 * Snapshots already opened, one entry a case, least recently read dropped first: a page of `list`
 * or a `status` read again opens (decrypts and parses) only what changed. A case found by a query
 * is taken from here by its version alone, without reading its row (`atVersion`); a case loaded by
 * id only for the very snapshot it was opened from: the same version and the same sealed box, byte
 * for byte (key id, random IV, tag and ciphertext, so a tampered box is opened, and refused,
 * again). Every snapshot write, by this process or another (MongoDB), moves the version on or
 * writes the same case again (a repair, a key rotation). A case written here drops its entry at
 * once (an erased case's old data does not stay in memory). The cases are frozen, being shared by
 * every reader.
 */
class OpenedSnapshots {
  private readonly byId = new Map<string, { version: number; box: SealedBox; case: Case }>();

  constructor(private readonly size: number) {}

  /**
   * The case opened at this version, for a query's page: the snapshot of a version never changes
   * (every write moves the version on, and a key rotation or a repair writes the same case), so
   * the row is not read at all. A load by id (`get`) still compares the sealed box itself.
   */
  atVersion(caseId: string, version: number): Case | undefined {
    const hit = this.byId.get(caseId);
    if (!hit || hit.version !== version) return undefined;
    return this.touch(caseId, hit);
  }

  get(doc: CaseDoc): Case | undefined {
    const hit = this.byId.get(doc._id);
    const box = (doc as SnapshotDoc).sealed;
    if (!hit || !box || hit.version !== doc.version || !sameBox(hit.box, box)) return undefined;
    return this.touch(doc._id, hit);
  }

  /** Moves the entry to the end (the most recently read), and returns its case. */
  private touch(caseId: string, hit: { version: number; box: SealedBox; case: Case }): Case {
    this.byId.delete(caseId);
    this.byId.set(caseId, hit);
    return hit.case;
  }

  keep(doc: CaseDoc, c: Case): Case {
    const box = (doc as SnapshotDoc).sealed;
    if (!box || this.size === 0) return c; // written before encryption: opened every time
    const frozen = deepFreeze(c);
    this.byId.delete(doc._id);
    this.byId.set(doc._id, { version: doc.version, box: { ...box }, case: frozen });
    if (this.byId.size > this.size) this.byId.delete(this.byId.keys().next().value!);
    return frozen;
  }

  drop(caseId: string): void {
    this.byId.delete(caseId);
  }
}

const sameBox = (a: SealedBox, b: SealedBox) =>
  a.iv === b.iv && a.tag === b.tag && a.k === b.k && a.ct === b.ct;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class CaseRepository {
  readonly cipher: DataCipher;
  private readonly onSnapshotLag: (caseId: string, err: unknown) => void;
  private readonly opened: OpenedSnapshots;

  constructor(
    readonly store: StorePort,
    private readonly indexer: SnapshotIndexer = () => ({}),
    options: RepositoryOptions = {},
  ) {
    this.cipher = options.cipher ?? dataCipherFromEnv();
    this.onSnapshotLag = options.onSnapshotLag ?? (() => undefined);
    this.opened = new OpenedSnapshots(options.openedCacheSize ?? 1000);
  }

  /**
   * Refuses a store sealed with a key missing from the ring (SealError naming the key id), then
   * repairs snapshots a crash left behind and finishes interrupted erasures (each an indexed query).
   */
  async init(): Promise<void> {
    await this.checkKeyRing();
    for (const caseId of await this.store.casesWithoutSnapshot()) await this.load(caseId);
    await this.finishErasures();
  }

  /** The next reference for a partnership: PREFIX-YEAR-NNN. */
  async nextRef(partnershipId: string, prefix: string, year: number): Promise<string> {
    const n = await this.store.nextCounter(`${partnershipId}:${year}`);
    return `${prefix}-${year}-${String(n).padStart(3, '0')}`;
  }

  /**
   * Appends the events of one command. Throws ConcurrencyError when the case moved on since
   * `expectedVersion`, RepeatedRequestError when `requestKey` was recorded before.
   */
  async append(
    input: AppendInput,
    current: Case | undefined,
  ): Promise<{ case: Case; events: CaseEvent[] }> {
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
    const refused = await this.store.appendCommit(commit);
    if (refused?.conflict === 'request')
      throw new RepeatedRequestError(refused.caseId, input.requestKey!);
    if (refused) throw new ConcurrencyError(input.caseId, input.expectedVersion);
    const events = toEvents(commit, input.events);
    const next = events.reduce<Case | undefined>((acc, e) => evolve(acc, e), current)!;
    await this.writeSnapshotOrLag(next, input.expectedVersion);
    if (commit.erasure) await this.eraseHistory(input.caseId, seq);
    return { case: next, events };
  }

  /**
   * Destroys the personal data of a case's commits before `beforeSeq` (its `case.erased` commit):
   * each is overwritten with its events redacted (`redactEvent`) and sealed afresh, in one
   * transaction, then the store purges the overwritten versions from its files. Idempotent; `init`
   * finishes an erasure a crash interrupted. Returns how many commits were overwritten.
   */
  async eraseHistory(caseId: string, beforeSeq: number): Promise<number> {
    const commits = await this.store.unredactedCommits(caseId, beforeSeq);
    const rewrites = commits.map((commit) => {
      const bodies = openEvents(this.cipher, commit._id, commit.events).map((e) => redactEvent(e));
      return {
        id: commit._id,
        events: sealEvents(this.cipher, commit._id, bodies),
        redacted: true as const,
      };
    });
    if (rewrites.length) await this.store.rewriteCommits(rewrites);
    await this.store.purgeOverwritten();
    return commits.length;
  }

  /** The case with every recorded event applied (repairing a lagging snapshot). */
  async load(caseId: string): Promise<Case | undefined> {
    if (!isId(caseId)) return undefined; // an id from a request that is not a string never reaches a query
    return this.loadFrom(caseId, await this.store.snapshot(caseId));
  }

  /** The case from its snapshot (as read) and the commits after it. */
  private async loadFrom(caseId: string, doc: CaseDoc | undefined): Promise<Case | undefined> {
    const snapshot = doc ? this.fromDoc(doc) : undefined;
    const later = await this.store.commits(caseId, { afterSeq: snapshot?.version ?? 0 });
    if (later.length === 0) return snapshot;
    const c = replay(
      later.flatMap((commit) => this.toEvents(commit)),
      snapshot,
    );
    if (c) await this.writeSnapshotOrLag(c, snapshot?.version ?? -1);
    return c;
  }

  async findByRef(partnershipId: string, ref: string): Promise<Case | undefined> {
    if (!isId(partnershipId) || !isId(ref)) return undefined;
    const doc = await this.store.snapshotByRef(partnershipId, ref);
    return doc ? this.loadFrom(doc._id, doc) : undefined;
  }

  /** The case a request created or changed, if it was recorded. */
  async findByRequestKey(requestKey: string): Promise<string | undefined> {
    if (!isId(requestKey)) return undefined;
    return this.store.caseIdByRequestKey(requestKey);
  }

  /** A page of the partnerships' cases, newest first. */
  async list(partnershipIds: string[], filter: ListFilter = {}): Promise<Case[]> {
    return this.find({
      partnershipIds,
      ...(filter.states ? { states: filter.states } : {}),
      ...(filter.limit ? { limit: filter.limit } : {}),
      ...(filter.offset ? { offset: filter.offset } : {}),
    });
  }

  /** How many of the partnerships' cases the filter finds (its limit and offset ignored). */
  async count(partnershipIds: string[], filter: Pick<ListFilter, 'states'> = {}): Promise<number> {
    const ids = partnershipIds.filter(isId);
    return this.store.countCases({
      partnershipIds: ids,
      ...(filter.states ? { states: filter.states } : {}),
    });
  }

  /**
   * Cases as the store has them (snapshots), by a query in our own words (see CaseQuery). `skip`
   * leaves out, before they are opened (decrypted), cases the caller already has at that version.
   */
  async find(q: CaseQuery, skip?: (caseId: string, version: number) => boolean): Promise<Case[]> {
    // Ids and versions first: a case left out, or already open at that version, is not read.
    const found = await this.caseVersions(q);
    const wanted = skip ? found.filter((v) => !skip(v.id, v.version)) : found;
    const open = new Map<string, Case>();
    const unread: string[] = [];
    for (const v of wanted) {
      const c = this.opened.atVersion(v.id, v.version);
      if (c) open.set(v.id, c);
      else unread.push(v.id);
    }
    const docs = new Map(
      unread.length ? (await this.store.snapshots(unread)).map((d) => [d._id, d]) : [],
    );
    return wanted.flatMap((v) => {
      const c = open.get(v.id);
      if (c) return [c];
      const d = docs.get(v.id);
      return d ? [this.fromDoc(d)] : [];
    });
  }

  /** The id and version of each case the query finds (none of them read or opened). */
  async versions(q: CaseQuery): Promise<Map<string, number>> {
    return new Map((await this.caseVersions(q)).map((v) => [v.id, v.version]));
  }

  /** The port's ids and versions, for a query whose ids are all plain strings (else none). */
  private async caseVersions(q: CaseQuery): Promise<{ id: string; version: number }[]> {
    if (q.channel && !isId(q.channel.id)) return [];
    if (q.excludeId !== undefined && !isId(q.excludeId)) return [];
    return this.store.caseVersions({ ...q, partnershipIds: q.partnershipIds.filter(isId) });
  }

  /** The audit trail of a case, oldest first, paged (only the commits of the page are read). */
  async events(caseId: string, page: { skip?: number; limit?: number } = {}): Promise<CaseEvent[]> {
    if (!isId(caseId)) return [];
    const skip = page.skip ?? 0;
    // Event seqs run 1, 2, 3… across commits: the page is seqs skip+1 … skip+limit.
    const from = skip + 1;
    const to = page.limit === undefined ? Number.MAX_SAFE_INTEGER : skip + page.limit;
    const commits = await this.store.commits(caseId, { fromEventSeq: from, toEventSeq: to });
    return commits
      .flatMap((commit) => this.toEvents(commit))
      .filter((e) => e.seq >= from && e.seq <= to);
  }

  async countEvents(caseId: string): Promise<number> {
    return isId(caseId) ? this.store.eventCount(caseId) : 0;
  }

  /**
   * Once its commit is stored a command is recorded, whatever happens to the snapshot: a failed
   * snapshot write only leaves the snapshot behind its commits, and the next `load` of the case
   * (its effects load it at once; `init` repairs missing ones) replays them and writes it again.
   */
  private async writeSnapshotOrLag(c: Case, previousVersion: number): Promise<void> {
    this.opened.drop(c.id);
    try {
      await this.store.saveSnapshot(sealSnapshot(this.cipher, c, this.indexer(c)), previousVersion);
    } catch (err) {
      this.onSnapshotLag(c.id, err);
    }
  }

  private toEvents(commit: CommitDoc): CaseEvent[] {
    return toEvents(commit, openEvents(this.cipher, commit._id, commit.events));
  }

  private fromDoc(doc: CaseDoc): Case {
    return this.opened.get(doc) ?? this.opened.keep(doc, openSnapshot(this.cipher, doc));
  }

  /** Fails at start-up, not at the first read, when some data was sealed with a key the ring lacks. */
  private async checkKeyRing(): Promise<void> {
    const found = await this.store.unknownKeyUse(this.cipher.keyIds);
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
    for (const e of await this.store.erasures()) {
      if ((await this.store.unredactedCommits(e.caseId, e.seq)).length)
        await this.eraseHistory(e.caseId, e.seq);
    }
  }
}

/** Ids, references and request keys are matched by equality: only a plain string may be one (never an object a query would read as an operator). */
function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && !value.startsWith('$');
}

/** The stored events of a commit, given their opened bodies. */
export function toEvents(commit: CommitDoc, bodies: NewEvent[]): CaseEvent[] {
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
