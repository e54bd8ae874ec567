/**
 * A StoreEngine wrapper that fails chosen writes, for the fault suites: "the next insert into
 * `commits` whose events include `vote.cast` fails", "the next snapshot write that records the
 * decision fails". A failed write throws before reaching the engine (as a lost connection does), so
 * nothing of it is stored. Also: a consistency check of what the store holds.
 */
import type { StoreEngine } from '../../src/store/collection.js';
import { wrapEngine } from './wrap-engine.js';

export type WriteMethod = 'insertOne' | 'insertMany' | 'updateOne' | 'updateMany' | 'findOneAndUpdate' | 'deleteOne' | 'deleteMany';

export interface Fault {
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
    const rule = this.rules.find((r) => r.times > 0 && r.collection === collection && r.method === method && (!r.when || r.when(args)));
    if (!rule) return undefined;
    rule.times--;
    this.injected.push(rule.what);
    return rule;
  }
}

const WRITES = new Set<string>(['insertOne', 'insertMany', 'updateOne', 'updateMany', 'findOneAndUpdate', 'deleteOne', 'deleteMany']);

export function faultyEngine(inner: StoreEngine, faults: Faults): StoreEngine {
  return wrapEngine(inner, (name, key, fn) => {
    if (!WRITES.has(key)) return fn;
    return async (...args: unknown[]) => {
      const rule = faults.take(name, key, args);
      if (rule) throw new StoreError(rule.what);
      return fn(...args);
    };
  });
}

/** The commit insert whose events include an event of this type (event types are stored in clear). */
export const commitWith =
  (type: string) =>
  (args: unknown[]): boolean =>
    ((args[0] as { events?: { type?: string }[] } | undefined)?.events ?? []).some((e) => e.type === type);

/** A snapshot write (insert or update) that moves the case to this state. */
export const snapshotInState =
  (state: string) =>
  (args: unknown[]): boolean => {
    const doc = args[0] as { state?: string } | undefined;
    const update = args[1] as { $set?: { state?: string } } | undefined;
    return doc?.state === state || update?.$set?.state === state;
  };

/**
 * What the store holds is whole: every case's commits run 1, 2, 3… without a gap, every case with
 * commits has a snapshot (no orphan), and the snapshot's version is its last commit's.
 */
export async function storeProblems(engine: StoreEngine): Promise<string[]> {
  const problems: string[] = [];
  const commits = (await engine.collection('commits').find({}, { sort: { seq: 1 } }).toArray()) as { caseId: string; seq: number; lastSeq: number }[];
  const snapshots = new Map(((await engine.collection('cases').find({}).toArray()) as { _id: string; version: number }[]).map((d) => [d._id, d]));
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
    else if (snapshot.version !== next - 1) problems.push(`case ${caseId}: snapshot at version ${snapshot.version}, commits up to ${next - 1}`);
  }
  for (const id of snapshots.keys()) if (!byCase.has(id)) problems.push(`case ${id}: a snapshot without commits`);
  return problems;
}
