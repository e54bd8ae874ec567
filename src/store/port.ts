/**
 * The store port: everything the bot keeps, in our own words, as a few narrow operations that
 * each adapter (SQLite for the embedded default, MongoDB in production) implements with real
 * indexes. Nothing here is a query language: a caller says what it wants ("the cases of these
 * partnerships due a reminder by this day"), never how to filter documents, so no value from a
 * request can become an operator.
 *
 * What is stored is already sealed (see sealed-docs.ts): the adapters see commit and snapshot
 * records whose personal data is encrypted, plus the few clear fields they index. The case
 * repository (case-repository.ts) seals, opens and replays on top of this port; the app layer and
 * the scheduler use the repository and `records(kind)`; platform code (src/bots) never imports
 * the store (a lint rule keeps it so).
 *
 * Writes are atomic per operation. A command is one commit record (one row or document: never
 * half-recorded). Operations that write several records (an erasure's rewrite, a batch of
 * reminder claims, a migration) run in one transaction where the adapter has them.
 */
import type { CaseState } from '../domain/case.js';
import type { Role } from '../domain/roles.js';
import type { SnapshotDoc, StoredEvent } from './sealed-docs.js';

/** One command's events as stored: `_id` is `<caseId>:<first seq>`. */
export interface CommitRecord {
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
  /** Set on the commit that erased the case. */
  erasure?: true;
}

/** A case snapshot as stored (clear query fields + the sealed rest + derived `index` fields). */
export type CaseRecord = SnapshotDoc;

/** Why a commit was not appended. */
export type AppendConflict =
  /** Another writer appended at this version first (optimistic concurrency). */
  | { conflict: 'version' }
  /** The request key was recorded before, on this case. */
  | { conflict: 'request'; caseId: string };

/** Which cases: every condition given must hold; partnerships are always named (isolation). */
export interface CaseQuery {
  partnershipIds: readonly string[];
  states?: readonly CaseState[];
  notStates?: readonly CaseState[];
  /** Cases with this channel recorded (any platform when `platform` is absent). */
  channel?: { platform?: 'slack' | 'teams'; id: string };
  /** Cases sharing at least one of these themes. */
  anyTheme?: readonly string[];
  excludeId?: string;
  /** Cases whose next reminder day (`index.nextReminderOn`) is on or before this day. */
  reminderDueBy?: string;
  /** Closed, not erased cases closed before this instant (or, with no close date, last changed before it). */
  closedBefore?: string;
  /** Newest first (by creation); default. */
  limit?: number;
  offset?: number;
}

/** Where a sealed value with an unknown key was found (`checkKeyRing`). */
export interface UnknownKeyUse {
  where: string;
  keyId: string;
}

export interface RecordMeta {
  /** A field to list records by (e.g. a partnership, a person, a case). */
  owner?: string;
  /** When the record is due for attention (`due()`); ISO instant. */
  dueAt?: string;
  /** After this instant the record counts as absent (and `insertIfAbsent` may replace it). */
  expiresAt?: string;
}

export interface SideRecord<T> extends RecordMeta {
  id: string;
  value: T;
  /** Revision, raised by every write: `replaceIf` succeeds only at the revision read. */
  rev: number;
}

/**
 * Small keyed records beside the cases (reminder claims, mutes, daily job runs, sign-in links,
 * feed tokens…), one kind per use: key → small JSON value, with an optional owner to list by, a
 * due time and an expiry. Values are stored as given (seal them first if they hold personal data).
 */
export interface SideRecords<T> {
  get(id: string): Promise<SideRecord<T> | undefined>;
  /** Creates or replaces. */
  put(id: string, value: T, meta?: RecordMeta): Promise<void>;
  /** False when a (live) record with this id exists: the first writer wins. */
  insertIfAbsent(id: string, value: T, meta?: RecordMeta): Promise<boolean>;
  /** Many `insertIfAbsent` in one round trip; returns the ids inserted. */
  insertManyIfAbsent(
    items: readonly ({ id: string; value: T } & RecordMeta)[],
  ): Promise<Set<string>>;
  /** Replaces the record only if it is still at `rev` (compare-and-set); false otherwise. */
  replaceIf(id: string, rev: number, value: T, meta?: RecordMeta): Promise<boolean>;
  /** Many `replaceIf` in one round trip (one transaction where the store has them); returns the ids replaced. */
  replaceManyIf(
    items: readonly ({ id: string; rev: number; value: T } & RecordMeta)[],
  ): Promise<Set<string>>;
  delete(id: string): Promise<boolean>;
  listByOwner(owner: string): Promise<SideRecord<T>[]>;
  /** Of these ids, the ones that exist (one round trip). */
  existing(ids: readonly string[]): Promise<Set<string>>;
  /** A page of the kind's records in id order (operators' tools, migration, tests). */
  page(afterId: string | undefined, limit: number): Promise<SideRecord<T>[]>;
  /** Records due by `at` (`dueAt <= at`), oldest due first. */
  due(at: string, limit: number): Promise<SideRecord<T>[]>;
}

export interface StorePort {
  readonly kind: 'sqlite' | 'mongodb';
  /** What to name in a message: the database file, or the MongoDB database. */
  readonly location: string;

  /** Appends a commit, or says why not (nothing is written then). */
  appendCommit(commit: CommitRecord): Promise<AppendConflict | undefined>;
  /** A case's commits with `afterSeq < seq` (and `lastSeq >= fromEventSeq`, `seq <= toEventSeq` for a page of events), oldest first. */
  commits(
    caseId: string,
    range?: { afterSeq?: number; fromEventSeq?: number; toEventSeq?: number },
  ): Promise<CommitRecord[]>;
  /** Commits before `beforeSeq` not yet redacted (an erasure's work). */
  unredactedCommits(caseId: string, beforeSeq: number): Promise<CommitRecord[]>;
  /** Overwrites the events of commits (an erasure, a key rotation), all or none. */
  rewriteCommits(
    rewrites: readonly { id: string; events: StoredEvent[]; redacted?: true }[],
  ): Promise<void>;
  /** The case a request key was recorded on. */
  caseIdByRequestKey(requestKey: string): Promise<string | undefined>;
  /** How many events a case has (its last commit's lastSeq). */
  eventCount(caseId: string): Promise<number>;
  /** Every erasure commit (few), to finish erasures a crash interrupted. */
  erasures(): Promise<{ caseId: string; seq: number }[]>;
  /** Cases whose creation commit exists but whose snapshot does not (a crash in between). */
  casesWithoutSnapshot(): Promise<string[]>;

  snapshot(caseId: string): Promise<CaseRecord | undefined>;
  snapshotByRef(partnershipId: string, ref: string): Promise<CaseRecord | undefined>;
  /** Inserts (previousVersion <= 0) or moves the snapshot forward: never over a newer one. */
  saveSnapshot(doc: CaseRecord, previousVersion: number): Promise<void>;
  /** Replaces the snapshot only if it is still at `version` (key rotation); false otherwise. */
  replaceSnapshotAt(doc: CaseRecord, version: number): Promise<boolean>;
  /** The id and version of each case the query finds, in its order (newest first), without reading the cases themselves. */
  caseVersions(q: CaseQuery): Promise<{ id: string; version: number }[]>;
  /** The snapshots of these cases, in any order (an id with none is left out). */
  snapshots(caseIds: readonly string[]): Promise<CaseRecord[]>;
  /** How many cases the query finds, ignoring `limit` and `offset` (a page's "N more"). */
  countCases(q: CaseQuery): Promise<number>;

  /** Raises the named counter and returns its new value (1 the first time). */
  nextCounter(name: string): Promise<number>;
  /** Raises the named counter to at least `n` (a migration). */
  raiseCounter(name: string, n: number): Promise<void>;

  /** The first sealed value whose key id is not in `keyIds`, if any. */
  unknownKeyUse(keyIds: readonly string[]): Promise<UnknownKeyUse | undefined>;
  /** Every commit, then every snapshot, a batch at a time in id order (key rotation, migration). */
  scanCommits(afterId: string | undefined, limit: number): Promise<CommitRecord[]>;
  scanSnapshots(afterId: string | undefined, limit: number): Promise<CaseRecord[]>;

  records<T>(kind: string): SideRecords<T>;

  /** Makes sure no earlier version of an overwritten record remains in the store's files (after an erasure). */
  purgeOverwritten(): Promise<void>;
  /** Cheap liveness check for /healthz. */
  ping(): Promise<boolean>;
  /** Releases the file or connection. Idempotent. */
  close(): Promise<void>;
}

/** A problem opening the store, said in one plain line (the file or database named, no stack). */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}
