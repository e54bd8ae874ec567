/**
 * What only the SQLite adapter promises: durable settings, one process per file (a second one is
 * refused with a message naming the file, and the lock goes with the process), a plain message for
 * a file that is not a store, and an index behind every query it makes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import { manualClock } from '../../src/domain/clock.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import {
  openSqliteStore,
  SQLITE_FILE,
  type SqliteStore,
} from '../../src/store/sqlite/sqlite-store.js';
import { ReminderClaims } from '../../src/scheduler/reminder-claims.js';
import { CHILD_MS } from '../support/child.js';
import { diskTmpdir } from '../support/disk.js';
import { actor, facts, notification, testPartnerships } from '../support/partnerships.js';

const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(diskTmpdir(), 'cspr-sqlite-')); // on the disk: its durable settings are the subject
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Opens the store of `dir` in another process; its one line of output. */
function openInChild(dir: string): string {
  const script = path.join(import.meta.dirname, '../support/open-store-child.ts');
  return execFileSync(process.execPath, ['--import', 'tsx', script, dir], {
    encoding: 'utf8',
    timeout: CHILD_MS,
  }).trim();
}

describe('the SQLite store', () => {
  it('is durable: WAL, synchronous FULL, secure_delete, one file under DATA_DIR', async () => {
    const dir = tmpDir();
    const store = (await openSqliteStore(dir)) as SqliteStore;
    expect(store.pragma('journal_mode')).toBe('wal');
    expect(store.pragma('synchronous')).toBe(2); // FULL
    expect(store.pragma('secure_delete')).toBe(1);
    expect(store.location).toBe(path.join(dir, SQLITE_FILE));
    await store.close();
  });

  it(
    'refuses a second process on the same file, naming it, and lets one in once the first has closed',
    async () => {
      const dir = tmpDir();
      const store = await openSqliteStore(dir);
      expect(openInChild(dir)).toBe(
        `refused: the store file ${path.join(dir, SQLITE_FILE)} is in use by another process (stop the other bot or command first)`,
      );
      await expect(openSqliteStore(dir)).rejects.toThrow(/is in use by another process/); // nor twice in this one
      await store.close();
      expect(openInChild(dir)).toBe('opened');
    },
    2 * CHILD_MS,
  );

  it('says in one line when the file is not a store, or cannot be opened', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, SQLITE_FILE), 'this is not a database '.repeat(200));
    await expect(openSqliteStore(dir)).rejects.toThrow(
      `the store file ${path.join(dir, SQLITE_FILE)} is not a readable CSPR store (damaged, or not a SQLite database)`,
    );
    const blocked = path.join(tmpDir(), 'file');
    fs.writeFileSync(blocked, '');
    await expect(openSqliteStore(path.join(blocked, 'data'))).rejects.toThrow(
      /^the store folder .* cannot be created/,
    );
  });

  it('answers every query it makes from an index (no full scan of a table)', async () => {
    const store = (await openSqliteStore(tmpDir())) as SqliteStore;
    const partnerships = testPartnerships();
    const repo = new CaseRepository(store);
    await repo.init();
    const service = new CaseService(repo, partnerships, manualClock('2026-12-23T10:00:00Z'));
    const la = actor(partnerships, 'north', 'la');
    const { case: c } = await service.notify(la, notification(), 'rk-1');
    await service.run(actor(partnerships, 'north', 'business-manager'), c.id, {
      type: 'record-facts',
      facts,
    });
    await service.run(actor(partnerships, 'north', 'business-manager'), c.id, {
      type: 'erase',
      reason: 'test',
    });
    await repo.findByRef('north', c.ref);
    await repo.findByRequestKey('rk-1');
    await repo.events(c.id, { skip: 1, limit: 2 });
    await repo.countEvents(c.id);
    for (const q of [
      { states: ['notified' as const] },
      { notStates: ['closed' as const] },
      { channel: { id: 'C1' } },
      { anyTheme: ['x'], excludeId: c.id },
      { reminderDueBy: '2026-12-23' },
      { closedBefore: '2026-12-23' },
      { limit: 5, offset: 5 },
    ])
      await repo.find({ partnershipIds: ['north', 'south'], ...q });
    const claims = new ReminderClaims(store);
    await claims.takeOverDue('me', new Date(), 1000);
    await claims.mutedKinds('north');
    await claims.setMuted('north', 'h', 'personal', true);
    await claims.taken(['a', 'b']);
    await store.records('x').page(undefined, 5);
    const plans = store.queryPlans();
    expect(plans.length).toBeGreaterThan(25);
    // A full scan of a stored table (or its alias): "SCAN cases" rather than "SEARCH cases USING INDEX …".
    const TABLES = /^SCAN (commits|cases|case_channels|case_themes|counters|records|c|s)\b/;
    const scans = plans.filter((p) =>
      p.plan.some((line) => TABLES.test(line) && !/USING (COVERING )?INDEX/.test(line)),
    );
    expect(scans).toEqual([]);
    await store.close();
  });

  it('brings a schema 1 store (records WITHOUT ROWID) to the current schema on opening, every record kept', async () => {
    const dir = tmpDir();
    const store = await openSqliteStore(dir);
    const claims = store.records<{ n: number }>('reminder_claims');
    await claims.insertManyIfAbsent([
      { id: 'a', value: { n: 1 }, owner: 'case-1', dueAt: '2026-12-01T09:05:00Z' },
      { id: 'b', value: { n: 2 }, owner: 'case-1' },
    ]);
    await store
      .records('reminder_mutes')
      .put('m', { n: 3 }, { owner: 'north', expiresAt: '2999-01-01T00:00:00Z' });
    await store.close();
    // The file as schema 1 wrote it: records clustered on (kind, id).
    const db = new Database(path.join(dir, SQLITE_FILE));
    db.exec(`
      ALTER TABLE records RENAME TO r;
      CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, owner TEXT, due_at TEXT, expires_at TEXT, rev INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
      INSERT INTO records SELECT kind, id, owner, due_at, expires_at, rev, value FROM r;
      DROP TABLE r;
      CREATE INDEX record_owner ON records (kind, owner) WHERE owner IS NOT NULL;
      CREATE INDEX record_due ON records (kind, due_at) WHERE due_at IS NOT NULL;
      PRAGMA user_version = 1;`);
    db.close();

    const reopened = (await openSqliteStore(dir)) as SqliteStore;
    expect(reopened.pragma('user_version')).toBe(2);
    const again = reopened.records<{ n: number }>('reminder_claims');
    expect((await again.listByOwner('case-1')).map((r) => [r.id, r.value.n, r.rev])).toEqual([
      ['a', 1, 1],
      ['b', 2, 1],
    ]);
    expect((await again.due('2026-12-01T10:00:00Z', 10)).map((r) => r.id)).toEqual(['a']);
    expect(await reopened.records('reminder_mutes').get('m')).toMatchObject({
      value: { n: 3 },
      owner: 'north',
      expiresAt: '2999-01-01T00:00:00Z',
    });
    expect(await again.insertIfAbsent('a', { n: 9 })).toBe(false); // the key is still unique
    await reopened.close();
    const check = new Database(path.join(dir, SQLITE_FILE), { readonly: true });
    const ddl = (
      check.prepare("SELECT sql FROM sqlite_master WHERE name = 'records'").get() as { sql: string }
    ).sql;
    const indexes = (
      check
        .prepare(
          "SELECT name FROM sqlite_master WHERE tbl_name = 'records' AND type = 'index' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    check.close();
    expect(ddl).not.toMatch(/WITHOUT ROWID/);
    expect(indexes).toEqual(['record_due', 'record_key', 'record_owner']);
  });
});
