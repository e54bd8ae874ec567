/**
 * On-disk layout of one collection under DATA_DIR:
 * - `<name>.snapshot.json`: `{ version, indexes, docs }`, replaced atomically (temp file + rename);
 * - `<name>.journal.jsonl`: one JSON line per acknowledged write since that snapshot, appended
 *   synchronously before the write is acknowledged.
 * Journal entries are idempotent (whole-document puts, deletes by id, index specs), so replaying a
 * journal over a snapshot that already contains it (crash between rename and truncate) is harmless.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Doc } from '../collection.js';
import type { IndexSpec } from './indexes.js';

export type JournalEntry = { op: 'put'; doc: Doc } | { op: 'del'; id: string } | { op: 'index'; spec: IndexSpec };

interface Snapshot {
  version: 1;
  indexes: IndexSpec[];
  docs: Doc[];
}

/** What loading a collection yields: documents by id (in stored order) and index specs. */
export interface LoadedCollection {
  docs: Map<string, Doc>;
  indexes: IndexSpec[];
  /** No snapshot yet, or the journal has content (entries or a torn line): compact before appending. */
  needsCompaction: boolean;
}

export const snapshotPath = (dir: string, name: string): string => path.join(dir, `${name}.snapshot.json`);
export const journalPath = (dir: string, name: string): string => path.join(dir, `${name}.journal.jsonl`);

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not supported on every platform (e.g. Windows); the rename itself is still atomic.
  }
}

/** Collection names found on disk (from snapshot or journal files). */
export function listStoredCollections(dir: string): string[] {
  const names = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    const m = /^(.+)\.(?:snapshot\.json|journal\.jsonl)$/.exec(file);
    if (m?.[1]) names.add(m[1]);
  }
  return [...names].sort();
}

/** Snapshot and journal files of one collection. The journal is opened lazily on first write. */
export class CollectionFiles {
  private fd: number | undefined;
  /** Entries appended since the last compaction. */
  entries = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
  ) {}

  /** Reads the snapshot and replays the journal. A torn (unparsable) final line is ignored. */
  load(): LoadedCollection {
    const docs = new Map<string, Doc>();
    let indexes: IndexSpec[] = [];
    const snap = snapshotPath(this.dir, this.name);
    if (fs.existsSync(snap)) {
      const data = JSON.parse(fs.readFileSync(snap, 'utf8')) as Snapshot;
      for (const doc of data.docs) docs.set(doc._id as string, doc);
      indexes = data.indexes;
    }
    const { entries, used } = this.readJournal();
    for (const entry of entries) {
      if (entry.op === 'put') docs.set(entry.doc._id as string, entry.doc);
      else if (entry.op === 'del') docs.delete(entry.id);
      else if (!indexes.some((ix) => ix.name === entry.spec.name)) indexes = [...indexes, entry.spec];
    }
    return { docs, indexes, needsCompaction: used || !fs.existsSync(snap) };
  }

  private readJournal(): { entries: JournalEntry[]; used: boolean } {
    const file = journalPath(this.dir, this.name);
    if (!fs.existsSync(file)) return { entries: [], used: false };
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
    const entries: JournalEntry[] = [];
    lines.forEach((line, i) => {
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch (err) {
        if (i === lines.length - 1) return; // torn write from a crash: never acknowledged
        throw new Error(`Corrupt journal ${file} at line ${i + 1}: ${(err as Error).message}`);
      }
    });
    return { entries, used: text.length > 0 };
  }

  /** Appends one entry synchronously (survives a process crash once this returns). */
  append(entry: JournalEntry): void {
    this.fd ??= fs.openSync(journalPath(this.dir, this.name), 'a');
    fs.appendFileSync(this.fd, JSON.stringify(entry) + '\n');
    this.entries += 1;
  }

  /** Writes a fresh snapshot atomically, then empties the journal. */
  compact(docs: Iterable<Doc>, indexes: IndexSpec[]): void {
    const snap = snapshotPath(this.dir, this.name);
    const tmp = `${snap}.tmp`;
    const body: Snapshot = { version: 1, indexes, docs: [...docs] };
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, JSON.stringify(body));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, snap);
    syncDir(this.dir); // make the rename durable before the journal is emptied
    if (this.fd !== undefined) fs.ftruncateSync(this.fd, 0);
    else if (fs.existsSync(journalPath(this.dir, this.name))) fs.truncateSync(journalPath(this.dir, this.name), 0);
    this.entries = 0;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
