/**
 * Re-seals every commit and case snapshot with the cipher's current key (`cspr rotate-key`).
 * Reads with any key of the ring; also seals values written before encryption. Idempotent: what
 * is already sealed with the current key is left as it is. Safe beside a running bot on MongoDB:
 * commits never change, and a snapshot is only replaced at the version it was read at.
 */
import type { DataCipher } from './cipher.js';
import type { CaseRecord, CommitRecord, StorePort } from './port.js';
import { openEvents, openSnapshot, sealedOf, sealEvents, sealSnapshot } from './sealed-docs.js';

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

export async function resealStore(store: StorePort, cipher: DataCipher): Promise<ResealReport> {
  const report: ResealReport = {
    keyId: cipher.currentKeyId,
    commits: counts(),
    snapshots: counts(),
  };

  for await (const commit of batches<CommitRecord>((after) => store.scanCommits(after, BATCH))) {
    report.commits.total++;
    const keys = commit.events.map((e) => sealedOf(e.data)?.k);
    if (keys.every((k) => k === cipher.currentKeyId)) continue;
    const events = sealEvents(cipher, commit._id, openEvents(cipher, commit._id, commit.events));
    await store.rewriteCommits([{ id: commit._id, events }]);
    report.commits.resealed++;
    if (keys.includes(undefined)) report.commits.wereClear++;
  }

  for await (const first of batches<CaseRecord>((after) => store.scanSnapshots(after, BATCH))) {
    report.snapshots.total++;
    // A bot may move the snapshot on meanwhile: then read it again (it is likely current by then).
    for (
      let doc: CaseRecord | undefined = first;
      doc && doc.sealed?.k !== cipher.currentKeyId;
      doc = await store.snapshot(doc._id)
    ) {
      const next = sealSnapshot(cipher, openSnapshot(cipher, doc), doc.index ?? {});
      if (!(await store.replaceSnapshotAt(next, doc.version))) continue;
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

/** Every record of a scan, in `_id` order, a batch at a time. */
async function* batches<T extends { _id: string }>(
  scan: (after: string | undefined) => Promise<T[]>,
): AsyncGenerator<T> {
  let after: string | undefined;
  for (;;) {
    const docs = await scan(after);
    yield* docs;
    if (docs.length < BATCH) return;
    after = docs[docs.length - 1]!._id;
  }
}
