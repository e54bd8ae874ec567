/** Embedded-engine specifics: persistence, crash recovery, the DATA_DIR lock, lifecycle, scale. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isDuplicateKeyError, type StoreEngine } from '../../src/store/collection.js';
import { openEmbeddedEngine } from '../../src/store/embedded/embedded-engine.js';
import { journalPath, snapshotPath } from '../../src/store/embedded/journal.js';
import { LOCK_FILE } from '../../src/store/embedded/lock.js';

const enginePath = fileURLToPath(new URL('../../src/store/embedded/embedded-engine.ts', import.meta.url));
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-embedded-'));
  tempDirs.push(dir);
  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the operation to be rejected');
}

/** Writes some data and an index, as a repository would. */
async function seed(engine: StoreEngine): Promise<void> {
  const cases = engine.collection('cases');
  await cases.createIndex({ ref: 1 }, { unique: true });
  await cases.insertMany([{ _id: 'c1', ref: 'R-1', n: 0 }, { _id: 'c2', ref: 'R-2', n: 0 }, { _id: 'c3', ref: 'R-3', n: 0 }]);
  await cases.updateOne({ _id: 'c1' }, { $inc: { n: 5 } });
  await cases.deleteOne({ _id: 'c2' });
  await engine.collection('events').insertOne({ _id: 'e1', at: '2024-05-01T10:00:00.000Z' });
}

async function expectSeeded(engine: StoreEngine): Promise<void> {
  const cases = engine.collection('cases');
  expect(await cases.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
    { _id: 'c1', ref: 'R-1', n: 5 },
    { _id: 'c3', ref: 'R-3', n: 0 },
  ]);
  expect(await engine.collection('events').findOne({ _id: 'e1' })).toEqual({ _id: 'e1', at: '2024-05-01T10:00:00.000Z' });
  const dup = await rejection(cases.insertOne({ _id: 'c4', ref: 'R-1' })); // the index survived
  expect(isDuplicateKeyError(dup)).toBe(true);
  expect(await cases.createIndex({ ref: 1 }, { unique: true })).toBe('ref_1'); // idempotent
}

describe('embedded engine persistence', () => {
  it('keeps data and indexes across close and reopen, compacting the journal', async () => {
    const dir = tempDir();
    const first = await openEmbeddedEngine(dir);
    await seed(first);
    expect(fs.readFileSync(journalPath(dir, 'cases'), 'utf8').trim().split('\n').length).toBeGreaterThan(3);
    await first.close();
    expect(fs.readFileSync(journalPath(dir, 'cases'), 'utf8')).toBe('');
    expect(fs.existsSync(snapshotPath(dir, 'cases'))).toBe(true);

    const second = await openEmbeddedEngine(dir);
    await expectSeeded(second);
    await second.close();
  });

  it('recovers every acknowledged write after a crash (no close)', async () => {
    const dir = tempDir();
    const crashed = await openEmbeddedEngine(dir);
    await seed(crashed);
    // Snapshot the directory as the crashed process left it: journal not compacted, lock still held.
    const copy = tempDir();
    fs.cpSync(dir, copy, { recursive: true });
    expect(fs.existsSync(path.join(copy, LOCK_FILE))).toBe(true);

    const recovered = await openEmbeddedEngine(copy);
    await expectSeeded(recovered);
    expect(fs.readFileSync(journalPath(copy, 'cases'), 'utf8')).toBe('');
    await recovered.close();
    await crashed.close();
  });

  it('ignores a torn final journal line and keeps the complete ones', async () => {
    const dir = tempDir();
    const engine = await openEmbeddedEngine(dir);
    await engine.collection('notes').insertOne({ _id: 'n1', text: 'kept' });
    await engine.close();
    fs.appendFileSync(journalPath(dir, 'notes'), JSON.stringify({ op: 'put', doc: { _id: 'n2', text: 'also kept' } }) + '\n');
    fs.appendFileSync(journalPath(dir, 'notes'), '{"op":"put","doc":{"_id":"n3","te');

    const reopened = await openEmbeddedEngine(dir);
    const notes = reopened.collection('notes');
    expect((await notes.find({}, { sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual(['n1', 'n2']);
    await notes.insertOne({ _id: 'n4' });
    await reopened.close();
    const again = await openEmbeddedEngine(dir);
    expect(await again.collection('notes').countDocuments()).toBe(3);
    await again.close();
  });

  it('refuses to open over a corrupt line in the middle of a journal', async () => {
    const dir = tempDir();
    fs.writeFileSync(journalPath(dir, 'notes'), `garbage\n${JSON.stringify({ op: 'del', id: 'x' })}\n`);
    const err = await rejection(openEmbeddedEngine(dir));
    expect(err.message).toMatch(/Corrupt journal .*notes\.journal\.jsonl at line 1/);
    fs.writeFileSync(journalPath(dir, 'notes'), '');
    await (await openEmbeddedEngine(dir)).close(); // the failed open released the lock
  });

  it('stores operator-looking keys and values as data, also across a restart', async () => {
    const dir = tempDir();
    const doc = { _id: 'x', rule: { $gt: 1, $where: 'sleep(1000)' }, text: '$ne', list: [{ $in: [1] }] };
    const engine = await openEmbeddedEngine(dir);
    await engine.collection('raw').insertOne(doc);
    expect(await engine.collection('raw').findOne({ _id: 'x' })).toEqual(doc);
    expect((await engine.collection('raw').findOne({ text: '$ne' }))?._id).toBe('x');
    await engine.close();
    const reopened = await openEmbeddedEngine(dir);
    expect(await reopened.collection('raw').findOne({ _id: 'x' })).toEqual(doc);
    await reopened.close();
  });
});

describe('embedded engine lock and lifecycle', () => {
  it('refuses a second process while the store is open', async () => {
    const dir = tempDir();
    const engine = await openEmbeddedEngine(dir);
    const script = `
      const { openEmbeddedEngine } = await import(${JSON.stringify(enginePath)});
      try { await openEmbeddedEngine(${JSON.stringify(dir)}); console.log('opened'); }
      catch (err) { console.log(err.message); }`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out).toContain(`is in use by process ${process.pid}`);
    await engine.close();
  });

  it('refuses a second open in the same process until the first is closed', async () => {
    const dir = tempDir();
    const engine = await openEmbeddedEngine(dir);
    expect((await rejection(openEmbeddedEngine(dir))).message).toMatch(/already open in this process/);
    await engine.close();
    const again = await openEmbeddedEngine(dir);
    await again.close();
  });

  it('takes over a stale lock left by a dead process, refuses a live one', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(path.join(dir, LOCK_FILE), `${dead}\n`);
    const engine = await openEmbeddedEngine(dir);
    expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await engine.close();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    fs.writeFileSync(path.join(dir, LOCK_FILE), `${process.ppid}\n`);
    expect((await rejection(openEmbeddedEngine(dir))).message).toContain(`is in use by process ${process.ppid}`);
  });

  it('rejects operations after close; close is idempotent', async () => {
    const engine = await openEmbeddedEngine(tempDir());
    const col = engine.collection('things');
    await col.insertOne({ _id: 'a' });
    await engine.close();
    await engine.close();
    expect(await engine.ping()).toBe(false);
    expect((await rejection(col.findOne({}))).message).toMatch(/is closed/);
    expect((await rejection(col.insertOne({ _id: 'b' }))).message).toMatch(/is closed/);
    expect((await rejection(engine.collection('other').countDocuments())).message).toMatch(/is closed/);
    expect((await rejection(col.find({}).toArray())).message).toMatch(/is closed/);
  });

  it('rejects collection names that are not safe file names', async () => {
    const engine = await openEmbeddedEngine(tempDir());
    expect(() => engine.collection('../escape')).toThrow(/Invalid collection name/);
    await engine.close();
  });
});

describe('embedded engine scale', () => {
  it('handles 10,000 documents with fast indexed and unindexed operations', async () => {
    const dir = tempDir();
    const engine = await openEmbeddedEngine(dir);
    const col = engine.collection('bulk');
    await col.createIndex({ ref: 1 }, { unique: true });
    await col.createIndex({ group: 1 });
    const started = Date.now();
    await col.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ _id: `d${i}`, ref: `R${i}`, group: i % 100, n: i })));
    for (let i = 0; i < 1_000; i += 1) {
      expect((await col.findOne({ ref: `R${i * 7}` }))?._id).toBe(`d${i * 7}`);
      await col.updateOne({ ref: `R${i}` }, { $inc: { n: 1 } });
    }
    expect(await col.countDocuments({ group: 42 })).toBe(100);
    expect(await col.countDocuments({ n: { $gte: 9_000 } })).toBe(1_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    await engine.close();
    const reopened = await openEmbeddedEngine(dir);
    expect(await reopened.collection('bulk').countDocuments()).toBe(10_000);
    expect((await reopened.collection('bulk').findOne({ _id: 'd5' }))?.n).toBe(6);
    await reopened.close();
  });
});

describe('range queries through a single-field index', () => {
  it('give the same documents as a scan, never crossing types or matching missing fields', async () => {
    const engine = await openEmbeddedEngine(tempDir());
    try {
      const indexed = engine.collection('indexed');
      const plain = engine.collection('plain');
      await indexed.createIndex({ due: 1 });
      const docs = [
        { _id: 'a', due: '2026-12-01' },
        { _id: 'b', due: '2026-12-22' },
        { _id: 'c', due: '2027-01-04' },
        { _id: 'd' },
        { _id: 'e', due: null },
        { _id: 'f', due: 20261201 },
        { _id: 'g', due: ['2026-11-30', '2027-02-01'] },
      ];
      for (const d of docs) {
        await indexed.insertOne({ ...d });
        await plain.insertOne({ ...d });
      }
      const filters = [
        { due: { $lte: '2026-12-22' } },
        { due: { $gt: '2026-12-01', $lt: '2027-01-04' } },
        { due: { $gte: 20261201 } },
        { due: { $lt: '2026-01-01' } },
      ];
      for (const f of filters) {
        const a = (await indexed.find(f, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
        const b = (await plain.find(f, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
        expect(a, JSON.stringify(f)).toEqual(b);
      }
      expect((await indexed.find({ due: { $lte: '2026-12-22' } }, { sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual(['a', 'b', 'g']);
    } finally {
      await engine.close();
    }
  });
});
