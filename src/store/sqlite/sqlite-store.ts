/**
 * The embedded store: one SQLite file (`DATA_DIR/cspr.sqlite`) on better-sqlite3.
 *
 * - Durable: WAL with `synchronous = FULL`, so a write is on disk before it is acknowledged.
 * - One process per file: the connection holds an exclusive lock from opening to closing
 *   (`locking_mode = EXCLUSIVE`, taken at once by an empty write transaction); a second process,
 *   or a second open in this process, is refused with a message naming the file. The operating
 *   system drops the lock when a process dies, so a crash never leaves a stale lock behind.
 * - Erasure: `secure_delete` overwrites freed content, and `purgeOverwritten` checkpoints the WAL
 *   and truncates it, so no earlier version of an overwritten commit stays in either file.
 * - Each port query has its index (see schema.ts). The database is synchronous; the port stays
 *   async so that callers are the same on MongoDB.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {
  AppendConflict,
  CaseQuery,
  CaseRecord,
  CommitRecord,
  RecordMeta,
  SideRecord,
  SideRecords,
  StorePort,
  UnknownKeyUse,
} from '../port.js';
import { StoreOpenError } from '../port.js';
import type { StoredEvent } from '../sealed-docs.js';
import { MIGRATIONS, SCHEMA, SCHEMA_VERSION } from './schema.js';

export const SQLITE_FILE = 'cspr.sqlite';

type Row = Record<string, unknown>;

/** Opens (creating if missing) the store file under `dataDir`; throws StoreOpenError in one plain line. */
export async function openSqliteStore(
  dataDir: string,
  file = path.join(dataDir, SQLITE_FILE),
): Promise<SqliteStore> {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new StoreOpenError(
      `the store folder ${path.dirname(file)} cannot be created (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    db.exec('BEGIN EXCLUSIVE; COMMIT;'); // takes the file's lock now, not at the first write
    const version = (db.pragma('user_version', { simple: true }) as number) ?? 0;
    if (version > SCHEMA_VERSION)
      throw new StoreOpenError(
        `the store file ${file} was written by a newer version of the bot (schema ${version}); upgrade the bot`,
      );
    const open = db;
    // An earlier schema's migrations, then the schema, all or nothing.
    open.transaction(() => {
      for (let v = version; v > 0 && v < SCHEMA_VERSION; v++) {
        const step = MIGRATIONS[v];
        if (step) open.exec(step);
      }
      open.exec(SCHEMA);
      open.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return new SqliteStore(db, file);
  } catch (err) {
    db?.close();
    if (err instanceof StoreOpenError) throw err;
    throw new StoreOpenError(describeOpenError(err, file));
  }
}

function describeOpenError(err: unknown, file: string): string {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return `the store file ${file} is in use by another process (stop the other bot or command first)`;
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY' ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH'
  )
    return `the store file ${file} cannot be opened for writing (check that it exists and its permissions)`;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return `the store file ${file} is not a readable CSPR store (damaged, or not a SQLite database)`;
  return `the store file ${file} cannot be opened (${code || (err as Error).message.split('\n')[0]})`;
}

/** Snapshots read by id a batch at a time (`snapshots`). */
const SNAPSHOT_BATCH = 500;

export class SqliteStore implements StorePort {
  readonly kind = 'sqlite';
  private closed = false;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {}

  /** A prepared statement, prepared once. */
  private q(sql: string): Database.Statement {
    if (this.closed) throw new Error(`the store file ${this.location} is closed`);
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  async appendCommit(c: CommitRecord): Promise<AppendConflict | undefined> {
    const ins = this.q(
      `INSERT INTO commits (id, case_id, partnership_id, seq, last_seq, request_key, erasure, redacted, key_id, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const res = ins.run(
      c._id,
      c.caseId,
      c.partnershipId,
      c.seq,
      c.lastSeq,
      c.requestKey ?? null,
      c.erasure ? 1 : 0,
      c.redacted ? 1 : 0,
      keyOfEvents(c.events),
      JSON.stringify(c),
    );
    if (res.changes === 1) return undefined;
    if (c.requestKey) {
      const earlier = this.q('SELECT case_id FROM commits WHERE request_key = ?').get(
        c.requestKey,
      ) as Row | undefined;
      if (earlier) return { conflict: 'request', caseId: earlier.case_id as string };
    }
    return { conflict: 'version' };
  }

  async commits(
    caseId: string,
    range: { afterSeq?: number; fromEventSeq?: number; toEventSeq?: number } = {},
  ): Promise<CommitRecord[]> {
    const rows = this.q(
      'SELECT doc FROM commits WHERE case_id = ? AND seq > ? AND last_seq >= ? AND seq <= ? ORDER BY seq',
    ).all(
      caseId,
      range.afterSeq ?? 0,
      range.fromEventSeq ?? 0,
      range.toEventSeq ?? Number.MAX_SAFE_INTEGER,
    ) as Row[];
    return rows.map(commitOf);
  }

  async unredactedCommits(caseId: string, beforeSeq: number): Promise<CommitRecord[]> {
    return (
      this.q(
        'SELECT doc FROM commits WHERE case_id = ? AND seq < ? AND redacted = 0 ORDER BY seq',
      ).all(caseId, beforeSeq) as Row[]
    ).map(commitOf);
  }

  async rewriteCommits(
    rewrites: readonly { id: string; events: StoredEvent[]; redacted?: true }[],
  ): Promise<void> {
    const get = this.q('SELECT doc FROM commits WHERE id = ?');
    const put = this.q('UPDATE commits SET doc = ?, redacted = ?, key_id = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const r of rewrites) {
        const row = get.get(r.id) as Row | undefined;
        if (!row) continue;
        const c = { ...commitOf(row), events: r.events, ...(r.redacted ? { redacted: true } : {}) };
        put.run(JSON.stringify(c), c.redacted ? 1 : 0, keyOfEvents(c.events), r.id);
      }
    })();
  }

  async caseIdByRequestKey(requestKey: string): Promise<string | undefined> {
    return (
      this.q('SELECT case_id FROM commits WHERE request_key = ?').get(requestKey) as Row | undefined
    )?.case_id as string | undefined;
  }

  async eventCount(caseId: string): Promise<number> {
    return (
      ((this.q('SELECT MAX(last_seq) n FROM commits WHERE case_id = ?').get(caseId) as Row).n as
        number | null) ?? 0
    );
  }

  async erasures(): Promise<{ caseId: string; seq: number }[]> {
    return (this.q('SELECT case_id, seq FROM commits WHERE erasure = 1').all() as Row[]).map(
      (r) => ({ caseId: r.case_id as string, seq: r.seq as number }),
    );
  }

  async casesWithoutSnapshot(): Promise<string[]> {
    const rows = this.q(
      'SELECT c.case_id FROM commits c WHERE c.seq = 1 AND NOT EXISTS (SELECT 1 FROM cases s WHERE s.id = c.case_id)',
    ).all() as Row[];
    return rows.map((r) => r.case_id as string);
  }

  async snapshot(caseId: string): Promise<CaseRecord | undefined> {
    const row = this.q('SELECT doc FROM cases WHERE id = ?').get(caseId) as Row | undefined;
    return row ? caseOf(row) : undefined;
  }

  async snapshotByRef(partnershipId: string, ref: string): Promise<CaseRecord | undefined> {
    const row = this.q('SELECT doc FROM cases WHERE partnership_id = ? AND ref = ?').get(
      partnershipId,
      ref,
    ) as Row | undefined;
    return row ? caseOf(row) : undefined;
  }

  async saveSnapshot(doc: CaseRecord, _previousVersion: number): Promise<void> {
    // One transaction reads and writes, so the version test needs no help from the caller.
    this.db.transaction(() => {
      const current = this.q('SELECT version FROM cases WHERE id = ?').get(doc._id) as
        Row | undefined;
      if (current && (current.version as number) >= doc.version) return; // never over a newer snapshot
      this.writeCase(doc, Boolean(current));
    })();
  }

  async replaceSnapshotAt(doc: CaseRecord, version: number): Promise<boolean> {
    return this.db.transaction(() => {
      const current = this.q('SELECT version FROM cases WHERE id = ?').get(doc._id) as
        Row | undefined;
      if (!current || current.version !== version) return false;
      this.writeCase(doc, true);
      return true;
    })();
  }

  private writeCase(doc: CaseRecord, exists: boolean): void {
    const index = (doc.index ?? {}) as { nextReminderOn?: string };
    const args = [
      doc.partnershipId,
      doc.ref,
      doc.state,
      doc.version,
      doc.createdAt,
      doc.updatedAt,
      index.nextReminderOn ?? null,
      (doc.dates as { closedAt?: string } | undefined)?.closedAt ?? null,
      doc.erased ? 1 : 0,
      doc.sealed?.k ?? null,
      JSON.stringify(doc),
      doc._id,
    ];
    if (exists)
      this.q(
        'UPDATE cases SET partnership_id = ?, ref = ?, state = ?, version = ?, created_at = ?, updated_at = ?, next_reminder_on = ?, closed_at = ?, erased = ?, key_id = ?, doc = ? WHERE id = ?',
      ).run(...args);
    else
      this.q(
        'INSERT INTO cases (partnership_id, ref, state, version, created_at, updated_at, next_reminder_on, closed_at, erased, key_id, doc, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(...args);
    this.q('DELETE FROM case_channels WHERE case_id = ?').run(doc._id);
    for (const ch of doc.channels ?? [])
      this.q(
        'INSERT OR IGNORE INTO case_channels (platform, channel_id, case_id) VALUES (?, ?, ?)',
      ).run(ch.platform, ch.id, doc._id);
    this.q('DELETE FROM case_themes WHERE case_id = ?').run(doc._id);
    for (const t of new Set(doc.themes ?? []))
      this.q(
        'INSERT OR IGNORE INTO case_themes (partnership_id, theme, case_id) VALUES (?, ?, ?)',
      ).run(doc.partnershipId, t, doc._id);
  }

  async caseVersions(q: CaseQuery): Promise<{ id: string; version: number }[]> {
    const found = caseWhere(q);
    if (!found) return [];
    const { where, args } = found;
    let sql = `SELECT s.id, s.version FROM cases s WHERE ${where} ORDER BY s.created_at DESC, s.id DESC`;
    if (q.limit !== undefined || q.offset !== undefined) {
      sql += ' LIMIT ? OFFSET ?';
      args.push(q.limit ?? -1, q.offset ?? 0);
    }
    return (this.q(sql).all(...args) as Row[]).map((r) => ({
      id: r.id as string,
      version: r.version as number,
    }));
  }

  async snapshots(caseIds: readonly string[]): Promise<CaseRecord[]> {
    const out: CaseRecord[] = [];
    // One statement whatever the number of ids: the ids as one JSON array.
    const read = this.q('SELECT doc FROM cases WHERE id IN (SELECT value FROM json_each(?))');
    for (let i = 0; i < caseIds.length; i += SNAPSHOT_BATCH)
      out.push(
        ...(read.all(JSON.stringify(caseIds.slice(i, i + SNAPSHOT_BATCH))) as Row[]).map(caseOf),
      );
    return out;
  }

  async countCases(q: CaseQuery): Promise<number> {
    const found = caseWhere(q);
    if (!found) return 0;
    return (
      this.q(`SELECT COUNT(*) AS n FROM cases s WHERE ${found.where}`).get(...found.args) as Row
    ).n as number;
  }

  async nextCounter(name: string): Promise<number> {
    const row = this.q(
      'INSERT INTO counters (id, n) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1 RETURNING n',
    ).get(name) as Row;
    return row.n as number;
  }

  async raiseCounter(name: string, n: number): Promise<void> {
    this.q(
      'INSERT INTO counters (id, n) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET n = MAX(n, excluded.n)',
    ).run(name, n);
  }

  async unknownKeyUse(keyIds: readonly string[]): Promise<UnknownKeyUse | undefined> {
    for (const table of ['cases', 'commits'] as const) {
      // The distinct key ids, one index seek each (a loose index scan: a store holds a handful of keys).
      const keys = this.q(
        `WITH RECURSIVE k(id) AS (SELECT MIN(key_id) FROM ${table} UNION ALL SELECT (SELECT MIN(key_id) FROM ${table} WHERE key_id > k.id) FROM k WHERE k.id IS NOT NULL)
         SELECT id FROM k WHERE id IS NOT NULL`,
      ).all() as Row[];
      const unknown = keys.map((r) => r.id as string).find((k) => !keyIds.includes(k));
      if (!unknown) continue;
      const row = this.q(`SELECT id FROM ${table} WHERE key_id = ? LIMIT 1`).get(unknown) as Row;
      return {
        where:
          table === 'cases' ? `case ${row.id as string} snapshot` : `commit ${row.id as string}`,
        keyId: unknown,
      };
    }
    return undefined;
  }

  async scanCommits(afterId: string | undefined, limit: number): Promise<CommitRecord[]> {
    return (
      this.q('SELECT doc FROM commits WHERE id > ? ORDER BY id LIMIT ?').all(
        afterId ?? '',
        limit,
      ) as Row[]
    ).map(commitOf);
  }

  async scanSnapshots(afterId: string | undefined, limit: number): Promise<CaseRecord[]> {
    return (
      this.q('SELECT doc FROM cases WHERE id > ? ORDER BY id LIMIT ?').all(
        afterId ?? '',
        limit,
      ) as Row[]
    ).map(caseOf);
  }

  records<T>(kind: string): SideRecords<T> {
    return new SqliteRecords<T>(this, kind);
  }

  /** For SqliteRecords: a statement, and a transaction. */
  stmt(sql: string): Database.Statement {
    return this.q(sql);
  }
  tx<R>(fn: () => R): R {
    return this.db.transaction(fn)();
  }

  /**
   * Runs `fn` as one transaction (one fsync at the end instead of one per write): for bulk loads
   * (a migration, a benchmark's seed) while nothing else in this process writes.
   */
  async bulk<R>(fn: () => Promise<R>): Promise<R> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = await fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** The query plan of every statement this store has prepared (diagnostics: each query uses its index). */
  queryPlans(): { sql: string; plan: string[] }[] {
    return [...this.stmts.keys()].map((sql) => {
      const params = (sql.match(/\?/g) ?? []).map(() => null);
      const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as {
        detail: string;
      }[];
      return { sql, plan: rows.map((r) => r.detail) };
    });
  }

  /** A pragma's value (diagnostics and tests). */
  pragma(name: string): unknown {
    return this.db.pragma(name, { simple: true });
  }

  async purgeOverwritten(): Promise<void> {
    // secure_delete zeroes freed pages in the database file; the WAL still holds the old pages
    // until it is checkpointed and truncated.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      this.q('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stmts.clear();
    this.db.close();
  }
}

class SqliteRecords<T> implements SideRecords<T> {
  constructor(
    private readonly s: SqliteStore,
    private readonly kind: string,
  ) {}

  private live(row: Row | undefined): SideRecord<T> | undefined {
    if (!row) return undefined;
    if (row.expires_at !== null && (row.expires_at as string) <= new Date().toISOString())
      return undefined;
    return {
      id: row.id as string,
      value: JSON.parse(row.value as string) as T,
      rev: row.rev as number,
      ...(row.owner !== null ? { owner: row.owner as string } : {}),
      ...(row.due_at !== null ? { dueAt: row.due_at as string } : {}),
      ...(row.expires_at !== null ? { expiresAt: row.expires_at as string } : {}),
    };
  }

  async get(id: string): Promise<SideRecord<T> | undefined> {
    return this.live(
      this.s.stmt('SELECT * FROM records WHERE kind = ? AND id = ?').get(this.kind, id) as
        Row | undefined,
    );
  }

  async put(id: string, value: T, meta: RecordMeta = {}): Promise<void> {
    this.s
      .stmt(
        `INSERT INTO records (kind, id, owner, due_at, expires_at, rev, value) VALUES (?, ?, ?, ?, ?, 1, ?)
         ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, due_at = excluded.due_at, expires_at = excluded.expires_at, rev = rev + 1, value = excluded.value`,
      )
      .run(
        this.kind,
        id,
        meta.owner ?? null,
        meta.dueAt ?? null,
        meta.expiresAt ?? null,
        JSON.stringify(value),
      );
  }

  private insertOne(id: string, value: T, meta: RecordMeta, now: string): boolean {
    // An expired record counts as absent: it is replaced.
    const res = this.s
      .stmt(
        `INSERT INTO records (kind, id, owner, due_at, expires_at, rev, value) VALUES (?, ?, ?, ?, ?, 1, ?)
         ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, due_at = excluded.due_at, expires_at = excluded.expires_at, rev = rev + 1, value = excluded.value
         WHERE records.expires_at IS NOT NULL AND records.expires_at <= ?`,
      )
      .run(
        this.kind,
        id,
        meta.owner ?? null,
        meta.dueAt ?? null,
        meta.expiresAt ?? null,
        JSON.stringify(value),
        now,
      );
    return res.changes === 1;
  }

  async insertIfAbsent(id: string, value: T, meta: RecordMeta = {}): Promise<boolean> {
    return this.insertOne(id, value, meta, new Date().toISOString());
  }

  async insertManyIfAbsent(
    items: readonly ({ id: string; value: T } & RecordMeta)[],
  ): Promise<Set<string>> {
    const now = new Date().toISOString();
    return this.s.tx(
      () =>
        new Set(items.filter((it) => this.insertOne(it.id, it.value, it, now)).map((it) => it.id)),
    );
  }

  async replaceIf(id: string, rev: number, value: T, meta: RecordMeta = {}): Promise<boolean> {
    const res = this.s
      .stmt(
        'UPDATE records SET owner = ?, due_at = ?, expires_at = ?, rev = rev + 1, value = ? WHERE kind = ? AND id = ? AND rev = ?',
      )
      .run(
        meta.owner ?? null,
        meta.dueAt ?? null,
        meta.expiresAt ?? null,
        JSON.stringify(value),
        this.kind,
        id,
        rev,
      );
    return res.changes === 1;
  }

  async replaceManyIf(
    items: readonly ({ id: string; rev: number; value: T } & RecordMeta)[],
  ): Promise<Set<string>> {
    const update = this.s.stmt(
      'UPDATE records SET owner = ?, due_at = ?, expires_at = ?, rev = rev + 1, value = ? WHERE kind = ? AND id = ? AND rev = ?',
    );
    const replaced = (it: (typeof items)[number]) =>
      update.run(
        it.owner ?? null,
        it.dueAt ?? null,
        it.expiresAt ?? null,
        JSON.stringify(it.value),
        this.kind,
        it.id,
        it.rev,
      ).changes === 1;
    // One statement is atomic by itself: no transaction around it (the scheduler marks each send on its own; a third less CPU).
    if (items.length === 1) return new Set(replaced(items[0]!) ? [items[0]!.id] : []);
    return this.s.tx(() => new Set(items.filter(replaced).map((it) => it.id)));
  }

  async delete(id: string): Promise<boolean> {
    return (
      this.s.stmt('DELETE FROM records WHERE kind = ? AND id = ?').run(this.kind, id).changes === 1
    );
  }

  async listByOwner(owner: string): Promise<SideRecord<T>[]> {
    const rows = this.s
      .stmt('SELECT * FROM records WHERE kind = ? AND owner = ? ORDER BY id')
      .all(this.kind, owner) as Row[];
    return rows.flatMap((r) => this.live(r) ?? []);
  }

  async existing(ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const now = new Date().toISOString();
    // In chunks: SQLite limits the number of bound parameters.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.s
        .stmt(
          `SELECT id FROM records WHERE kind = ? AND id IN (${marks(chunk)}) AND (expires_at IS NULL OR expires_at > ?)`,
        )
        .all(this.kind, ...chunk, now) as Row[];
      for (const r of rows) out.add(r.id as string);
    }
    return out;
  }

  async page(afterId: string | undefined, limit: number): Promise<SideRecord<T>[]> {
    const rows = this.s
      .stmt('SELECT * FROM records WHERE kind = ? AND id > ? ORDER BY id LIMIT ?')
      .all(this.kind, afterId ?? '', limit) as Row[];
    return rows.flatMap((r) => this.live(r) ?? []);
  }

  async due(at: string, limit: number): Promise<SideRecord<T>[]> {
    const rows = this.s
      .stmt(
        'SELECT * FROM records WHERE kind = ? AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT ?',
      )
      .all(this.kind, at, limit) as Row[];
    return rows.flatMap((r) => this.live(r) ?? []);
  }
}

const marks = (xs: readonly unknown[]) => xs.map(() => '?').join(', ');
const commitOf = (row: Row) => JSON.parse(row.doc as string) as CommitRecord;
const caseOf = (row: Row) => JSON.parse(row.doc as string) as CaseRecord;

/** The key id the events of a commit are sealed with (the first sealed one), for `unknownKeyUse`. */
function keyOfEvents(events: readonly StoredEvent[]): string | null {
  for (const e of events) {
    const box = (e.data as { sealed?: { k?: unknown } } | undefined)?.sealed;
    if (box && typeof box.k === 'string') return box.k;
  }
  return null;
}

/** The WHERE clause of a case query and its arguments; undefined when it can find nothing (an empty list asked for). */
function caseWhere(q: CaseQuery): { where: string; args: unknown[] } | undefined {
  if (q.partnershipIds.length === 0) return undefined;
  const where: string[] = [`s.partnership_id IN (${marks(q.partnershipIds)})`];
  const args: unknown[] = [...q.partnershipIds];
  if (q.states) {
    if (q.states.length === 0) return undefined;
    where.push(`s.state IN (${marks(q.states)})`);
    args.push(...q.states);
  }
  if (q.notStates?.length) {
    where.push(`s.state NOT IN (${marks(q.notStates)})`);
    args.push(...q.notStates);
  }
  if (q.channel) {
    where.push(
      `s.id IN (SELECT case_id FROM case_channels WHERE channel_id = ?${q.channel.platform ? ' AND platform = ?' : ''})`,
    );
    args.push(q.channel.id, ...(q.channel.platform ? [q.channel.platform] : []));
  }
  if (q.anyTheme) {
    if (q.anyTheme.length === 0) return undefined;
    where.push(
      `s.id IN (SELECT case_id FROM case_themes WHERE partnership_id IN (${marks(q.partnershipIds)}) AND theme IN (${marks(q.anyTheme)}))`,
    );
    args.push(...q.partnershipIds, ...q.anyTheme);
  }
  if (q.excludeId !== undefined) {
    where.push('s.id <> ?');
    args.push(q.excludeId);
  }
  if (q.reminderDueBy !== undefined) {
    where.push('s.next_reminder_on IS NOT NULL AND s.next_reminder_on <= ?');
    args.push(q.reminderDueBy);
  }
  if (q.closedBefore !== undefined) {
    where.push(
      "s.state = 'closed' AND s.erased = 0 AND (s.closed_at < ? OR (s.closed_at IS NULL AND s.updated_at < ?))",
    );
    args.push(q.closedBefore, q.closedBefore);
  }
  return { where: where.join(' AND '), args };
}
