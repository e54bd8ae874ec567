/**
 * A read-only reader of the DATA_DIR format of the embedded engine this project used before the
 * SQLite store, for `cspr migrate-store` only. Per collection: `<name>.snapshot.json`
 * (`{ version: 1, indexes, docs }`) and `<name>.journal.jsonl` (one `{ op: 'put', doc }`,
 * `{ op: 'del', id }` or `{ op: 'index', spec }` per acknowledged write since the snapshot). The
 * journal is replayed over the snapshot; a torn last line (a crash mid-write, never acknowledged)
 * is ignored, a bad line elsewhere is an error naming the file and line.
 */
import fs from 'node:fs';
import path from 'node:path';

export type OldDoc = Record<string, unknown> & { _id: string };

const FILE = /^(.+)\.(?:snapshot\.json|journal\.jsonl)$/;

/** The collections found in `dir` (empty when it holds no old-format store). */
export function oldCollections(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const names = new Set<string>();
  for (const f of fs.readdirSync(dir)) {
    const m = FILE.exec(f);
    if (m?.[1]) names.add(m[1]);
  }
  return [...names].sort();
}

/** Every document of one collection, as the old engine would have loaded it. */
export function readOldCollection(dir: string, name: string): OldDoc[] {
  const docs = new Map<string, OldDoc>();
  const snap = path.join(dir, `${name}.snapshot.json`);
  if (fs.existsSync(snap)) {
    let data: { docs?: OldDoc[] };
    try {
      data = JSON.parse(fs.readFileSync(snap, 'utf8')) as { docs?: OldDoc[] };
    } catch (err) {
      throw new Error(
        `the old store file ${snap} is not readable JSON (${(err as Error).message.split('\n')[0]})`,
      );
    }
    for (const d of data.docs ?? []) docs.set(d._id, d);
  }
  const journal = path.join(dir, `${name}.journal.jsonl`);
  if (fs.existsSync(journal)) {
    const lines = fs.readFileSync(journal, 'utf8').split('\n');
    while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
    lines.forEach((line, i) => {
      let entry: { op?: string; doc?: OldDoc; id?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        if (i === lines.length - 1) return; // torn write from a crash: never acknowledged
        throw new Error(`the old store file ${journal} is damaged at line ${i + 1}`);
      }
      if (entry.op === 'put' && entry.doc) docs.set(entry.doc._id, entry.doc);
      else if (entry.op === 'del' && entry.id !== undefined) docs.delete(entry.id);
    });
  }
  return [...docs.values()];
}
