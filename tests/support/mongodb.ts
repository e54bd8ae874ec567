/**
 * The suites that need a real MongoDB: they run when MONGODB_URI is set, and otherwise are
 * reported as skipped with a name (and a console line) that says so. Each suite gets a throw-away
 * database, dropped afterwards.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import type { StorePort } from '../../src/store/port.js';
import { openMongoStore } from '../../src/store/mongo/mongo-store.js';

export const MONGODB_URI = process.env.MONGODB_URI;

export interface MongoTestDb {
  /** Opens the store on this suite's database. */
  open(): Promise<StorePort>;
  /** Empties the database (for a fresh start in each test). */
  reset(): Promise<void>;
}

/** `describe` for a suite on MongoDB: skipped, visibly, without MONGODB_URI. */
export function describeOnMongo(name: string, body: (db: MongoTestDb) => void): void {
  if (!MONGODB_URI) console.log(`[${name}] MongoDB suite skipped: set MONGODB_URI to run it`);
  describe.skipIf(!MONGODB_URI)(
    `${name} on MongoDB${MONGODB_URI ? '' : ' (skipped: set MONGODB_URI to run)'}`,
    () => {
      const dbName = `cspr_test_${name.replace(/\W+/g, '_').toLowerCase()}_${process.pid}_${Date.now()}`;
      let admin: MongoClient;
      beforeAll(async () => {
        admin = new MongoClient(MONGODB_URI ?? '');
        await admin.connect();
      });
      afterAll(async () => {
        await admin.db(dbName).dropDatabase();
        await admin.close();
      });
      body({
        open: () => openMongoStore(MONGODB_URI ?? '', dbName),
        reset: async () => {
          await admin.db(dbName).dropDatabase();
        },
      });
    },
  );
}
