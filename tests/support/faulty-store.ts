/**
 * A StorePort wrapper that fails chosen writes, for the fault suites: "the next commit whose
 * events include `vote.cast` fails", "the next snapshot write that records the decision fails".
 * A failed write throws before reaching the store (as a lost connection does), so nothing of it is
 * stored. Also: a consistency check of what the store holds.
 */
import type { CaseRecord, CommitRecord, StorePort } from '../../src/store/port.js';
import { wrapStore } from './wrap-store.js';

export type WriteMethod =
  | 'appendCommit'
  | 'saveSnapshot'
  | 'rewriteCommits'
  | 'replaceSnapshotAt'
  | 'nextCounter'
  | 'put'
  | 'insertIfAbsent'
  | 'insertManyIfAbsent'
  | 'replaceIf'
  | 'replaceManyIf'
  | 'delete';

export interface Fault {
  /** 'store' for the port's own methods, else the side-record kind (e.g. 'reminder_claims'). */
  collection: string;
  method: WriteMethod;
  /** Which calls fail (all of them when absent): the arguments of the call. */
  when?: (args: unknown[]) => boolean;
  /** How many matching calls fail; then the rule is spent. */
  times: number;
  what: string;
}

export class StoreError extends Error {
  override readonly name = 'MongoNetworkError';
  constructor(what: string) {
    super(`connection to the store lost (simulated: ${what})`);
  }
}

export class Faults {
  private readonly rules: Fault[] = [];
  /** Each failure injected, in order. */
  readonly injected: string[] = [];

  fail(rule: Omit<Fault, 'times'> & { times?: number }): this {
    this.rules.push({ times: 1, ...rule });
    return this;
  }

  /** Rules not (fully) used: a test that set a fault expects it to have happened. */
  pending(): string[] {
    return this.rules.filter((r) => r.times > 0).map((r) => r.what);
  }

  clear(): void {
    this.rules.length = 0;
  }

  take(collection: string, method: string, args: unknown[]): Fault | undefined {
    const rule = this.rules.find(
      (r) =>
        r.times > 0 &&
        r.collection === collection &&
        r.method === method &&
        (!r.when || r.when(args)),
    );
    if (!rule) return undefined;
    rule.times--;
    this.injected.push(rule.what);
    return rule;
  }
}

const WRITES = new Set<string>([
  'appendCommit',
  'saveSnapshot',
  'rewriteCommits',
  'replaceSnapshotAt',
  'nextCounter',
  'put',
  'insertIfAbsent',
  'insertManyIfAbsent',
  'replaceIf',
  'replaceManyIf',
  'delete',
]);

export function faultyStore(inner: StorePort, faults: Faults): StorePort {
  return wrapStore(inner, (name, key, fn) => {
    if (!WRITES.has(key)) return fn;
    return async (...args: unknown[]) => {
      const rule = faults.take(name, key, args);
      if (rule) throw new StoreError(rule.what);
      return fn(...args);
    };
  });
}

/** The commit whose events include an event of this type (event types are stored in clear). */
export const commitWith =
  (type: string) =>
  (args: unknown[]): boolean =>
    ((args[0] as { events?: { type?: string }[] } | undefined)?.events ?? []).some(
      (e) => e.type === type,
    );

/** A snapshot write that moves the case to this state. */
export const snapshotInState =
  (state: string) =>
  (args: unknown[]): boolean =>
    (args[0] as { state?: string } | undefined)?.state === state;

/** Every commit and snapshot the store holds (a scan in id order). */
export async function storeContents(
  store: StorePort,
): Promise<{ commits: CommitRecord[]; snapshots: CaseRecord[] }> {
  const commits: CommitRecord[] = [];
  const snapshots: CaseRecord[] = [];
  for (
    let batch = await store.scanCommits(undefined, 1000);
    batch.length;
    batch = await store.scanCommits(batch[batch.length - 1]!._id, 1000)
  )
    commits.push(...batch);
  for (
    let batch = await store.scanSnapshots(undefined, 1000);
    batch.length;
    batch = await store.scanSnapshots(batch[batch.length - 1]!._id, 1000)
  )
    snapshots.push(...batch);
  return { commits, snapshots };
}

/**
 * What the store holds is whole: every case's commits run 1, 2, 3… without a gap, every case with
 * commits has a snapshot (no orphan), and the snapshot's version is its last commit's.
 */
export async function storeProblems(store: StorePort): Promise<string[]> {
  const problems: string[] = [];
  const all = await storeContents(store);
  const commits = all.commits.sort((a, b) => a.seq - b.seq);
  const snapshots = new Map(all.snapshots.map((d) => [d._id, d]));
  const byCase = new Map<string, { seq: number; lastSeq: number }[]>();
  for (const c of commits) byCase.set(c.caseId, [...(byCase.get(c.caseId) ?? []), c]);
  for (const [caseId, list] of byCase) {
    let next = 1;
    for (const c of list) {
      if (c.seq !== next) problems.push(`case ${caseId}: commit at seq ${c.seq}, expected ${next}`);
      next = c.lastSeq + 1;
    }
    const snapshot = snapshots.get(caseId);
    if (!snapshot) problems.push(`case ${caseId}: commits but no snapshot (an orphan)`);
    else if (snapshot.version !== next - 1)
      problems.push(
        `case ${caseId}: snapshot at version ${snapshot.version}, commits up to ${next - 1}`,
      );
  }
  for (const id of snapshots.keys())
    if (!byCase.has(id)) problems.push(`case ${id}: a snapshot without commits`);
  return problems;
}
