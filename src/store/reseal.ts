/**
 * Re-seals every commit and case snapshot with the cipher's current key (`cspr rotate-key`).
 * Reads with any key of the ring; also seals values written before encryption. Idempotent: what
 * is already sealed with the current key is left as it is. Safe beside a running bot on MongoDB:
 * commits never change, and a snapshot is only replaced at the version it was read at.
 */
import type { DataCipher } from './cipher.js';
import type { CommitDoc, CaseDoc } from './case-repository.js';
import type { StoreCollection, StoreEngine } from './collection.js';
import { openEvents, openSnapshot, sealedOf, sealEvents, sealSnapshot, UNSET_CLEAR_COPIES } from './sealed-docs.js';

export interface ResealCounts {
  /** Documents read. */
  total: number;
  /** Re-sealed with the current key (including those that were in clear). */
  resealed: number;
  /** Of those, documents that held clear values (written before encryption). */
  wereClear: number;
}

export interface ResealReport {
  keyId: string;
  commits: ResealCounts;
  snapshots: ResealCounts;
}

const BATCH = 500;

export async function resealStore(engine: StoreEngine, cipher: DataCipher): Promise<ResealReport> {
  const commits = engine.collection<CommitDoc>('commits');
  const cases = engine.collection<CaseDoc>('cases');
  const report: ResealReport = { keyId: cipher.currentKeyId, commits: counts(), snapshots: counts() };

  for await (const commit of batches(commits)) {
    report.commits.total++;
    const keys = commit.events.map((e) => sealedOf(e.data)?.k);
    if (keys.every((k) => k === cipher.currentKeyId)) continue;
    const events = sealEvents(cipher, commit._id, openEvents(cipher, commit._id, commit.events));
    await commits.updateOne({ _id: commit._id }, { $set: { events } });
    report.commits.resealed++;
    if (keys.includes(undefined)) report.commits.wereClear++;
  }

  for await (const first of batches(cases)) {
    report.snapshots.total++;
    // A bot may move the snapshot on meanwhile: then read it again (it is likely current by then).
    for (let doc: CaseDoc | null = first; doc && doc.sealed?.k !== cipher.currentKeyId; doc = await cases.findOne({ _id: doc._id })) {
      const { _id, ...fields } = sealSnapshot(cipher, openSnapshot(cipher, doc), doc.index ?? {});
      const res = await cases.updateOne({ _id, version: doc.version }, { $set: fields, $unset: UNSET_CLEAR_COPIES });
      if (res.matchedCount === 0) continue;
      report.snapshots.resealed++;
      if (!doc.sealed) report.snapshots.wereClear++;
      break;
    }
  }
  return report;
}

function counts(): ResealCounts {
  return { total: 0, resealed: 0, wereClear: 0 };
}

/** Every document of a collection, in `_id` order, a batch at a time. */
async function* batches<T extends { _id: string }>(col: StoreCollection<T>): AsyncGenerator<T> {
  let after: string | undefined;
  for (;;) {
    const docs = await col.find(after === undefined ? {} : { _id: { $gt: after } }, { sort: { _id: 1 }, limit: BATCH }).toArray();
    yield* docs;
    if (docs.length < BATCH) return;
    after = docs[docs.length - 1]!._id;
  }
}
