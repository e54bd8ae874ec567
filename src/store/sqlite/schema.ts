/**
 * The SQLite schema: one table per kind of record, a column for each field a port query filters
 * or sorts on, and an index for each query (named after it). The records themselves are stored as
 * JSON in `doc` / `value`, sealed as on MongoDB (sealed-docs.ts).
 */
export const SCHEMA_VERSION = 2;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS commits (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  partnership_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  request_key TEXT,
  erasure INTEGER NOT NULL DEFAULT 0,
  redacted INTEGER NOT NULL DEFAULT 0,
  key_id TEXT,
  doc TEXT NOT NULL
);
-- load a case, a page of its events, optimistic concurrency (one commit per case and seq)
CREATE UNIQUE INDEX IF NOT EXISTS commit_seq_unique ON commits (case_id, seq);
-- a repeated delivery of the same request
CREATE UNIQUE INDEX IF NOT EXISTS commit_request_unique ON commits (request_key) WHERE request_key IS NOT NULL;
-- erasures to finish at start-up (few)
CREATE INDEX IF NOT EXISTS commit_erasure ON commits (case_id) WHERE erasure = 1;
-- creation commits, to find cases whose snapshot a crash lost
CREATE INDEX IF NOT EXISTS commit_first ON commits (case_id) WHERE seq = 1;
-- the key ring check
CREATE INDEX IF NOT EXISTS commit_key ON commits (key_id);

CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY,
  partnership_id TEXT NOT NULL,
  ref TEXT NOT NULL,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  next_reminder_on TEXT,
  closed_at TEXT,
  erased INTEGER NOT NULL DEFAULT 0,
  key_id TEXT,
  doc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS case_ref_unique ON cases (partnership_id, ref);
-- a page of a partnership's cases, newest first
CREATE INDEX IF NOT EXISTS case_created ON cases (partnership_id, created_at DESC, id DESC);
-- by state (open cases for the digest; closed ones for retention)
CREATE INDEX IF NOT EXISTS case_state ON cases (partnership_id, state, created_at DESC);
-- cases due a reminder
CREATE INDEX IF NOT EXISTS case_next_reminder ON cases (partnership_id, next_reminder_on) WHERE next_reminder_on IS NOT NULL;
-- the key ring check
CREATE INDEX IF NOT EXISTS case_key ON cases (key_id);

CREATE TABLE IF NOT EXISTS case_channels (
  platform TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  case_id TEXT NOT NULL,
  PRIMARY KEY (channel_id, platform, case_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS case_channel_case ON case_channels (case_id);

CREATE TABLE IF NOT EXISTS case_themes (
  partnership_id TEXT NOT NULL,
  theme TEXT NOT NULL,
  case_id TEXT NOT NULL,
  PRIMARY KEY (partnership_id, theme, case_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS case_theme_case ON case_themes (case_id);

CREATE TABLE IF NOT EXISTS counters (
  id TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) WITHOUT ROWID;

-- A rowid table with a unique key, not WITHOUT ROWID: its values (a reminder claim is most of a
-- kilobyte) are too large for a clustered key (SQLite's advice), and inserting a tick's claims
-- into one cost three times as much.
CREATE TABLE IF NOT EXISTS records (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  owner TEXT,
  due_at TEXT,
  expires_at TEXT,
  rev INTEGER NOT NULL,
  value TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS record_key ON records (kind, id);
CREATE INDEX IF NOT EXISTS record_owner ON records (kind, owner) WHERE owner IS NOT NULL;
CREATE INDEX IF NOT EXISTS record_due ON records (kind, due_at) WHERE due_at IS NOT NULL;
`;

/**
 * Brings a store of an earlier schema version to this one, before SCHEMA runs (in one transaction).
 * 1 → 2: `records` from a WITHOUT ROWID table to a rowid table (its indexes go with the old table
 * and SCHEMA makes them again).
 */
export const MIGRATIONS: Readonly<Record<number, string>> = {
  1: `
ALTER TABLE records RENAME TO records_v1;
CREATE TABLE records (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  owner TEXT,
  due_at TEXT,
  expires_at TEXT,
  rev INTEGER NOT NULL,
  value TEXT NOT NULL
);
INSERT INTO records (kind, id, owner, due_at, expires_at, rev, value) SELECT kind, id, owner, due_at, expires_at, rev, value FROM records_v1;
DROP TABLE records_v1;
`,
};
