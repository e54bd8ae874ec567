/**
 * `cspr migrate-store [--from DIR] [--apply]`: imports a DATA_DIR written by the old embedded
 * engine (`*.snapshot.json` + `*.journal.jsonl`) into the store the environment names (the SQLite
 * file under DATA_DIR, or MongoDB). A dry run by default: it reads everything, loads every case as
 * the old engine would have, and prints the counts. With `--apply` it writes, then loads every case
 * from the new store and compares it with the old one; any difference is an error (exit 1).
 * Idempotent: what is already imported is left as it is. Stop the bot first. The old files are
 * kept (delete them once the bot runs on the new store).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import type { Case } from '../domain/case.js';
import { replay } from '../domain/lifecycle.js';
import { reminderIndexer } from '../scheduler/reminder-scheduler.js';
import { claimMeta } from '../scheduler/reminder-claims.js';
import type { DataCipher } from '../store/cipher.js';
import { CaseRepository, toEvents } from '../store/case-repository.js';
import { dataCipherFor } from '../store/data-keys.js';
import { oldCollections, readOldCollection, type OldDoc } from '../store/legacy/old-data-dir.js';
import { openStore } from '../store/open.js';
import type { CaseRecord, CommitRecord, RecordMeta, StorePort } from '../store/port.js';
import { openEvents, openSnapshot } from '../store/sealed-docs.js';
import { UsageError, type CliIo } from './io.js';

export const MIGRATE_USAGE =
  'cspr migrate-store [--from DIR] [--apply]   (imports an old-format DATA_DIR into the store; a dry run without --apply)';

/** The side records of the old collections: kind, and where each document's owner and due time come from. */
const RECORDS: Record<string, (d: OldDoc) => RecordMeta> = {
  reminder_claims: (d) => claimMeta(d as never),
  reminder_mutes: (d) => ({ owner: d.partnershipId as string }),
  oversight_claims: (d) => ({ owner: d.partnershipId as string }),
  daily_jobs: (d) => ({ owner: d.partnershipId as string }),
};
const CASE_COLLECTIONS = ['cases', 'commits', 'counters'];

export async function migrateStoreCommand(
  args: string[],
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  let values: { from?: string; apply?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { from: { type: 'string' }, apply: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}. Usage: ${MIGRATE_USAGE}`);
  }
  const config = loadConfig(env);
  const from = values.from ?? config.dataDir;
  const names = oldCollections(from);
  if (names.length === 0) {
    io.err(`cspr: no old-format store in ${from} (no *.snapshot.json or *.journal.jsonl files)`);
    return 1;
  }
  const unknown = names.filter((n) => !CASE_COLLECTIONS.includes(n) && !(n in RECORDS));
  const old = Object.fromEntries(names.map((n) => [n, readOldCollection(from, n)]));
  const commits = (old.commits ?? []) as unknown as CommitRecord[];
  const snapshots = (old.cases ?? []) as unknown as CaseRecord[];
  const cipher = dataCipherFor(config);
  const before = loadOld(cipher, snapshots, commits); // every case as the old engine loaded it (fails on a wrong key)

  const counts = names.map((n) => `${old[n]!.length} ${n}`).join(', ');
  io.out(`old store in ${from}: ${counts}`);
  io.out(`every case loads from the old store: ${before.size} case(s)`);
  if (unknown.length) io.out(`not imported (unknown to this version): ${unknown.join(', ')}`);
  if (!values.apply) {
    io.out('dry run: nothing written. Run again with --apply to import (stop the bot first).');
    return 0;
  }

  const store = await openStore(config);
  try {
    const written = await importInto(store, old, commits, snapshots);
    io.out(
      `imported into ${store.location}: ${written.commits} commit(s) (${written.already} already there), ${snapshots.length} snapshot(s), ${written.counters} counter(s), ${written.records} other record(s)`,
    );
    const repo = new CaseRepository(store, reminderIndexer(config.partnerships), { cipher });
    await repo.init();
    const differ: string[] = [];
    for (const [id, c] of before)
      if (stable(await repo.load(id)) !== stable(c)) differ.push(`${c.ref} (${id})`);
    if (differ.length) {
      io.err(
        `cspr: after the import ${differ.length} case(s) do not load as before: ${differ.slice(0, 10).join(', ')}`,
      );
      return 1;
    }
    io.out(
      `verified: all ${before.size} case(s) load the same from the new store as from the old one. The old files in ${from} can be removed.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** The cases of the old store: each snapshot with the commits after it replayed (as the old `load` did). */
function loadOld(
  cipher: DataCipher,
  snapshots: CaseRecord[],
  commits: CommitRecord[],
): Map<string, Case> {
  const byCase = new Map<string, CommitRecord[]>();
  for (const c of commits) byCase.set(c.caseId, [...(byCase.get(c.caseId) ?? []), c]);
  const snaps = new Map(snapshots.map((s) => [s._id, s]));
  const out = new Map<string, Case>();
  for (const id of new Set([...snaps.keys(), ...byCase.keys()])) {
    const doc = snaps.get(id);
    const snapshot = doc ? openSnapshot(cipher, doc) : undefined;
    const later = (byCase.get(id) ?? [])
      .filter((c) => c.seq > (snapshot?.version ?? 0))
      .sort((a, b) => a.seq - b.seq);
    const c = later.length
      ? replay(
          later.flatMap((commit) =>
            toEvents(commit, openEvents(cipher, commit._id, commit.events)),
          ),
          snapshot,
        )
      : snapshot;
    if (c) out.set(id, c);
  }
  return out;
}

async function importInto(
  store: StorePort,
  old: Record<string, OldDoc[]>,
  commits: CommitRecord[],
  snapshots: CaseRecord[],
) {
  let imported = 0;
  let already = 0;
  for (const c of [...commits].sort((a, b) => a.caseId.localeCompare(b.caseId) || a.seq - b.seq)) {
    if (await store.appendCommit(c)) already++;
    else imported++;
  }
  for (const s of snapshots) await store.saveSnapshot(s, 0);
  for (const c of old.counters ?? []) await store.raiseCounter(c._id, Number(c.n));
  let records = 0;
  for (const [kind, meta] of Object.entries(RECORDS))
    for (const d of old[kind] ?? []) {
      if (await store.records(kind).insertIfAbsent(d._id, d, meta(d))) records++;
    }
  return { commits: imported, already, counters: (old.counters ?? []).length, records };
}

/** JSON with sorted keys: two loads of the same case compare equal whatever their key order. */
function stable(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
