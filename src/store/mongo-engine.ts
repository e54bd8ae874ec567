/**
 * The MongoDB engine: the official driver's collections behind `StoreCollection`.
 * The adapter is thin; it only keeps our conventions where the driver's defaults differ:
 * string `_id`s (a UUID is added when a document or an upsert lacks one, instead of an ObjectId),
 * and ordered `insertMany`.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Collection, type Document } from 'mongodb';
import type { Doc, Filter, StoreCollection, StoreEngine, Update } from './collection.js';

/** Connects to `uri`; the database is `dbName`, else the URI's path, else 'cspr'. */
export async function openMongoEngine(uri: string, dbName?: string): Promise<StoreEngine> {
  const client = new MongoClient(uri);
  await client.connect();
  const db = client.db(dbName ?? dbNameFromUri(uri) ?? 'cspr');
  let closed = false;
  return {
    kind: 'mongodb',
    collection: <T extends Doc = Doc>(name: string) => adapt<T>(db.collection(name)),
    ping: async () => {
      try {
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

/** The database named in a `mongodb://host/db?opts` URI, if any. */
export function dbNameFromUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

function withId<T extends Doc>(doc: T): T {
  return doc._id === undefined ? { _id: randomUUID(), ...doc } : doc;
}

/** For upserts whose filter and update give no `_id`, insert with a UUID rather than an ObjectId. */
function withUpsertId(filter: Filter, update: Update, upsert: boolean | undefined): Update {
  if (!upsert || '_id' in filter) return update;
  const has = (op: string) => typeof update[op] === 'object' && update[op] !== null && '_id' in (update[op] as Doc);
  if (has('$set') || has('$setOnInsert')) return update;
  return { ...update, $setOnInsert: { ...(update.$setOnInsert as Doc | undefined), _id: randomUUID() } };
}

function adapt<T extends Doc>(c: Collection<Document>): StoreCollection<T> {
  return {
    createIndex: (keys, options = {}) => c.createIndex(keys, options),
    insertOne: (doc) => c.insertOne(withId(doc)),
    insertMany: (docs) => c.insertMany(docs.map(withId), { ordered: true }),
    findOne: async (filter, options = {}) => (await c.findOne(filter, options)) as T | null,
    find: (filter, options = {}) => ({ toArray: async () => (await c.find(filter, options).toArray()) as unknown as T[] }),
    updateOne: (filter, update, options = {}) => c.updateOne(filter, withUpsertId(filter, update, options.upsert), options),
    updateMany: (filter, update) => c.updateMany(filter, update),
    findOneAndUpdate: async (filter, update, options = {}) =>
      (await c.findOneAndUpdate(filter, withUpsertId(filter, update, options.upsert), {
        returnDocument: 'before',
        ...options,
      })) as T | null,
    deleteOne: (filter) => c.deleteOne(filter),
    deleteMany: (filter) => c.deleteMany(filter),
    countDocuments: (filter = {}) => c.countDocuments(filter),
  };
}
