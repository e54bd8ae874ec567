/**
 * One behavioural contract for every `StoreEngine`: it runs on the embedded engine always, and on
 * MongoDB when MONGODB_URI is set (in a throw-away database dropped afterwards).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDuplicateKeyError, type Doc, type Filter, type FindOptions, type StoreCollection, type StoreEngine } from '../../src/store/collection.js';
import { openEmbeddedEngine } from '../../src/store/embedded/embedded-engine.js';
import { describeOnMongo } from '../support/mongodb.js';

/** The rejection of `promise` (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error & { code?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: unknown };
  }
  throw new Error('expected the operation to be rejected');
}

async function expectDuplicate(promise: Promise<unknown>, indexName: string): Promise<void> {
  const err = await rejection(promise);
  expect(isDuplicateKeyError(err)).toBe(true);
  expect(err.message).toMatch(/E11000 duplicate key error/);
  expect(err.message).toContain(indexName);
}

const people: Doc[] = [
  { _id: 'p1', name: 'Ann', age: 30, address: { city: 'Leeds' }, tags: ['a'] },
  { _id: 'p2', name: 'Bob', age: 25, address: { city: 'York' }, tags: ['b', 'c'] },
  { _id: 'p3', name: 'Cat', age: 41, email: 'cat@example.org' },
  { _id: 'p4', name: 'Dan', age: 19, address: { city: 'Leeds' }, tags: [] },
  { _id: 'p5', name: 'Eve', age: 35, email: null },
];

function engineContract(name: string, open: () => Promise<StoreEngine>): void {
  describe(name, () => {
    let engine: StoreEngine;
    let col: StoreCollection;
    const ids = async (filter: Filter, options: FindOptions = {}) =>
      (await col.find(filter, { sort: { _id: 1 }, ...options }).toArray()).map((d) => d._id);

    beforeEach(async () => {
      engine = await open();
      col = engine.collection('items');
    });
    afterEach(async () => {
      await engine.close();
    });

    it('inserts and finds documents, generating a string _id when missing', async () => {
      await col.insertOne({ ...people[0] });
      expect(await col.findOne({ _id: 'p1' })).toEqual(people[0]);
      const input: Doc = { name: 'NoId' };
      const res = (await col.insertOne(input)) as { insertedId: unknown };
      expect(typeof res.insertedId).toBe('string');
      expect(input).not.toHaveProperty('_id');
      expect(await col.findOne({ name: 'NoId' })).toEqual({ _id: res.insertedId, name: 'NoId' });
      expect(await col.findOne({ name: 'nobody' })).toBeNull();
      expect(await engine.ping()).toBe(true);
    });

    it('filters with comparison, $in, $exists, null, nested fields, arrays and $or', async () => {
      await col.insertMany(people.map((p) => ({ ...p })));
      expect(await ids({ age: { $gt: 29 } })).toEqual(['p1', 'p3', 'p5']);
      expect(await ids({ age: { $gte: 25, $lt: 35 } })).toEqual(['p1', 'p2']);
      expect(await ids({ name: { $in: ['Bob', 'Eve', 'Zed'] } })).toEqual(['p2', 'p5']);
      expect(await ids({ name: { $ne: 'Ann' } })).toEqual(['p2', 'p3', 'p4', 'p5']);
      expect(await ids({ email: { $exists: true } })).toEqual(['p3', 'p5']);
      expect(await ids({ email: { $exists: false } })).toEqual(['p1', 'p2', 'p4']);
      expect(await ids({ email: null })).toEqual(['p1', 'p2', 'p4', 'p5']);
      expect(await ids({ 'address.city': 'Leeds' })).toEqual(['p1', 'p4']);
      expect(await ids({ tags: 'c' })).toEqual(['p2']);
      expect(await ids({ tags: { $size: 0 } })).toEqual(['p4']);
      expect(await ids({ $or: [{ age: { $lt: 20 } }, { name: 'Ann' }] })).toEqual(['p1', 'p4']);
      expect(await ids({ name: { $regex: '^[A-C]' } })).toEqual(['p1', 'p2', 'p3']);
    });

    it('sorts, skips, limits and projects', async () => {
      await col.insertMany(people.map((p) => ({ ...p })));
      expect(await ids({}, { sort: { age: -1 }, skip: 1, limit: 2 })).toEqual(['p5', 'p1']);
      expect(await ids({}, { sort: { 'address.city': 1, age: 1 } })).toEqual(['p5', 'p3', 'p4', 'p1', 'p2']);
      expect((await col.findOne({}, { sort: { age: 1 } }))?._id).toBe('p4');
      expect(await col.findOne({ _id: 'p1' }, { projection: { name: 1 } })).toEqual({ _id: 'p1', name: 'Ann' });
      expect(await col.findOne({ _id: 'p1' }, { projection: { _id: 0, 'address.city': 1 } })).toEqual({
        address: { city: 'Leeds' },
      });
      expect(await col.findOne({ _id: 'p2' }, { projection: { tags: 0, address: 0 } })).toEqual({
        _id: 'p2',
        name: 'Bob',
        age: 25,
      });
      const names = await col.find({ age: { $lt: 40 } }, { sort: { name: -1 }, projection: { name: 1, _id: 0 } }).toArray();
      expect(names).toEqual([{ name: 'Eve' }, { name: 'Dan' }, { name: 'Bob' }, { name: 'Ann' }]);
    });

    it('applies $set, $inc, $push and $unset and reports counts', async () => {
      await col.insertOne({ _id: 'u', n: 1, list: ['a'], gone: true, profile: { a: 1 } });
      const res = await col.updateOne(
        { _id: 'u' },
        { $set: { 'profile.b': 2, status: 'open' }, $inc: { n: 2 }, $push: { list: 'b' }, $unset: { gone: '' } },
      );
      expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
      expect(await col.findOne({ _id: 'u' })).toEqual({ _id: 'u', n: 3, list: ['a', 'b'], profile: { a: 1, b: 2 }, status: 'open' });
      expect(await col.updateOne({ _id: 'u' }, { $set: { status: 'open' } })).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
      expect(await col.updateOne({ _id: 'nope' }, { $set: { status: 'x' } })).toMatchObject({ matchedCount: 0, modifiedCount: 0 });
      await col.updateOne({ _id: 'u' }, { $push: { list: { $each: ['c', 'd'] } } });
      expect((await col.findOne({ _id: 'u' }))?.list).toEqual(['a', 'b', 'c', 'd']);

      await col.insertMany([{ _id: 'v1', kind: 'k', n: 0 }, { _id: 'v2', kind: 'k', n: 0 }, { _id: 'v3', kind: 'j', n: 0 }]);
      expect(await col.updateMany({ kind: 'k' }, { $inc: { n: 1 } })).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
      expect(await ids({ n: 1 })).toEqual(['v1', 'v2']);
    });

    it('upserts from the filter equality fields, with $setOnInsert only on insert', async () => {
      const first = await col.updateOne({ key: 'k1' }, { $set: { hits: 1 }, $setOnInsert: { createdAt: '2024-01-01' } }, { upsert: true });
      expect(first).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
      expect(typeof first.upsertedId).toBe('string');
      expect(await col.findOne({ key: 'k1' })).toEqual({ _id: first.upsertedId, key: 'k1', hits: 1, createdAt: '2024-01-01' });

      const second = await col.updateOne({ key: 'k1' }, { $set: { hits: 2 }, $setOnInsert: { createdAt: '2099-01-01' } }, { upsert: true });
      expect(second).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
      expect(await col.findOne({ key: 'k1' })).toMatchObject({ hits: 2, createdAt: '2024-01-01' });

      const byId = await col.updateOne({ _id: 'fixed', 'meta.kind': 'x' }, { $inc: { n: 1 } }, { upsert: true });
      expect(byId.upsertedId).toBe('fixed');
      expect(await col.findOne({ _id: 'fixed' })).toEqual({ _id: 'fixed', meta: { kind: 'x' }, n: 1 });

      const soiId = await col.updateOne({ key: 'k2' }, { $setOnInsert: { _id: 'k2-id' } }, { upsert: true });
      expect(soiId.upsertedId).toBe('k2-id');

      await col.updateOne({ key: 'k3', n: { $gt: 5 } }, { $set: { x: 1 } }, { upsert: true });
      const k3 = await col.findOne({ key: 'k3' });
      expect(k3).toMatchObject({ key: 'k3', x: 1 });
      expect(k3).not.toHaveProperty('n');
      expect(await col.countDocuments()).toBe(4);
    });

    it('findOneAndUpdate returns the document before (default) or after, honouring sort and upsert', async () => {
      await col.insertMany([{ _id: 'j1', state: 'queued', pri: 2 }, { _id: 'j2', state: 'queued', pri: 1 }]);
      const before = await col.findOneAndUpdate({ state: 'queued' }, { $set: { state: 'running' } }, { sort: { pri: 1 } });
      expect(before).toEqual({ _id: 'j2', state: 'queued', pri: 1 });
      const after = await col.findOneAndUpdate({ state: 'queued' }, { $set: { state: 'running' } }, { returnDocument: 'after' });
      expect(after).toEqual({ _id: 'j1', state: 'running', pri: 2 });
      expect(await col.findOneAndUpdate({ state: 'queued' }, { $set: { state: 'running' } })).toBeNull();
      expect(await col.findOneAndUpdate({ _id: 'j3' }, { $set: { state: 'new' } }, { upsert: true })).toBeNull();
      expect(await col.findOneAndUpdate({ _id: 'j4' }, { $set: { state: 'new' } }, { upsert: true, returnDocument: 'after' })).toEqual({
        _id: 'j4',
        state: 'new',
      });
      expect(await ids({ state: 'new' })).toEqual(['j3', 'j4']);
    });

    it('enforces a unique index on insert, update and upsert without changing anything', async () => {
      expect(await col.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
      expect(await col.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
      await col.insertMany([{ _id: 'a', email: 'a@x' }, { _id: 'b', email: 'b@x' }]);
      await expectDuplicate(col.insertOne({ _id: 'c', email: 'a@x' }), 'email_1');
      await expectDuplicate(col.updateOne({ _id: 'b' }, { $set: { email: 'a@x', other: 1 } }), 'email_1');
      await expectDuplicate(col.updateOne({ name: 'z' }, { $set: { email: 'a@x' } }, { upsert: true }), 'email_1');
      await expectDuplicate(col.findOneAndUpdate({ _id: 'b' }, { $set: { email: 'a@x' } }), 'email_1');
      expect(await col.find({}, { sort: { _id: 1 } }).toArray()).toEqual([{ _id: 'a', email: 'a@x' }, { _id: 'b', email: 'b@x' }]);
      await col.updateOne({ _id: 'a' }, { $set: { email: 'a@x', v: 1 } });
      await col.insertOne({ _id: 'n1' });
      await expectDuplicate(col.insertOne({ _id: 'n2' }), 'email_1'); // a missing field indexes as null
      expect(await col.countDocuments()).toBe(3);
    });

    it('enforces a compound unique index', async () => {
      expect(await col.createIndex({ caseId: 1, role: 1 }, { unique: true, name: 'case_role' })).toBe('case_role');
      await col.insertMany([
        { _id: 'r1', caseId: 'c1', role: 'chair' },
        { _id: 'r2', caseId: 'c1', role: 'author' },
        { _id: 'r3', caseId: 'c2', role: 'chair' },
      ]);
      await expectDuplicate(col.insertOne({ _id: 'r4', caseId: 'c1', role: 'chair' }), 'case_role');
      await expectDuplicate(col.updateMany({ caseId: 'c2' }, { $set: { caseId: 'c1' } }), 'case_role');
      expect(await col.findOne({ _id: 'r3' })).toEqual({ _id: 'r3', caseId: 'c2', role: 'chair' });
      expect(await col.countDocuments()).toBe(3);
    });

    it('enforces a partial unique index only on documents matching its filter', async () => {
      await col.createIndex({ externalId: 1 }, { unique: true, partialFilterExpression: { externalId: { $exists: true } } });
      await col.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c', externalId: 'e1' }]);
      await expectDuplicate(col.insertOne({ _id: 'd', externalId: 'e1' }), 'externalId_1');
      await expectDuplicate(col.updateOne({ _id: 'a' }, { $set: { externalId: 'e1' } }), 'externalId_1');
      expect(await col.findOne({ _id: 'a' })).toEqual({ _id: 'a' });
      await col.updateOne({ _id: 'a' }, { $set: { externalId: 'e2' } });
      expect(await col.countDocuments({ externalId: { $exists: true } })).toBe(2);
    });

    it('refuses to build a unique index over duplicate data', async () => {
      await col.insertMany([{ _id: 'a', code: 'x' }, { _id: 'b', code: 'x' }]);
      await expectDuplicate(col.createIndex({ code: 1 }, { unique: true }), 'code_1');
      await col.insertOne({ _id: 'c', code: 'x' }); // the index was not created
      expect(await col.countDocuments({ code: 'x' })).toBe(3);
    });

    it('insertMany is ordered: stops at the first duplicate, keeping earlier documents', async () => {
      const err = await rejection(col.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'a', x: 1 }, { _id: 'c' }]));
      expect(isDuplicateKeyError(err)).toBe(true);
      expect(await ids({})).toEqual(['a', 'b']);
      expect(await col.findOne({ _id: 'a' })).toEqual({ _id: 'a' });
    });

    it('deletes one or many and counts documents', async () => {
      await col.insertMany([{ _id: 'd1', kind: 'k' }, { _id: 'd2', kind: 'k' }, { _id: 'd3', kind: 'k' }, { _id: 'd4', kind: 'j' }]);
      expect(await col.countDocuments()).toBe(4);
      expect(await col.countDocuments({ kind: 'k' })).toBe(3);
      expect(await col.deleteOne({ kind: 'k' })).toMatchObject({ deletedCount: 1 });
      expect(await col.deleteOne({ kind: 'zzz' })).toMatchObject({ deletedCount: 0 });
      expect(await col.deleteMany({ kind: 'k' })).toMatchObject({ deletedCount: 2 });
      expect(await ids({})).toEqual(['d4']);
      expect(await col.deleteMany({})).toMatchObject({ deletedCount: 1 });
      expect(await col.countDocuments({})).toBe(0);
    });

    it('hands out and takes in copies, never shared references', async () => {
      const input = { _id: 'c', nested: { v: 1 }, list: [1] };
      await col.insertOne(input);
      input.nested.v = 99;
      input.list.push(2);
      const found = (await col.findOne({ _id: 'c' })) as typeof input;
      expect(found).toEqual({ _id: 'c', nested: { v: 1 }, list: [1] });
      found.nested.v = 42;
      const [listed] = (await col.find({}).toArray()) as (typeof input)[];
      expect(listed?.nested.v).toBe(1);
      const returned = (await col.findOneAndUpdate({ _id: 'c' }, { $set: { extra: { deep: true } } }, { returnDocument: 'after' })) as Doc;
      (returned.extra as Doc).deep = false;
      expect(await col.findOne({ _id: 'c' })).toEqual({ _id: 'c', nested: { v: 1 }, list: [1], extra: { deep: true } });
    });

    it('refuses to change _id and replacement-style updates', async () => {
      await col.insertOne({ _id: 'a', v: 1 });
      const err = await rejection(col.updateOne({ _id: 'a' }, { $set: { _id: 'b' } }));
      expect(err.code).toBe(66);
      await rejection(col.updateOne({ _id: 'a' }, { v: 2 }));
      expect(await col.updateOne({ _id: 'a' }, { $set: { _id: 'a', v: 3 } })).toMatchObject({ modifiedCount: 1 });
      expect(await col.find({}).toArray()).toEqual([{ _id: 'a', v: 3 }]);
    });

    it('treats operator-looking strings in documents as plain data', async () => {
      await col.insertOne({ _id: 'q', text: '$where', nested: { op: '$gt' }, list: ['$in'] });
      expect((await col.findOne({ text: '$where' }))?._id).toBe('q');
      expect((await col.findOne({ 'nested.op': '$gt' }))?._id).toBe('q');
      expect((await col.findOne({ list: '$in' }))?._id).toBe('q');
    });
  });
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

engineContract('store contract on the embedded engine', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-contract-'));
  tempDirs.push(dir);
  return openEmbeddedEngine(dir);
});

describeOnMongo('store contract', (db) => {
  engineContract('driver engine', async () => {
    await db.reset(); // a fresh database for every test
    return db.open();
  });
});
