/**
 * Opens the store the configuration names: MongoDB when MONGODB_URI is set, else the SQLite file
 * under DATA_DIR. The MongoDB driver is loaded only then (it costs start-up time otherwise).
 * Failures are a StoreOpenError in one plain line naming the file or the server.
 */
import type { StorePort } from './port.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

export async function openStore(config: {
  mongodbUri?: string;
  dataDir: string;
}): Promise<StorePort> {
  if (config.mongodbUri) {
    const { openMongoStore } = await import('./mongo/mongo-store.js');
    return openMongoStore(config.mongodbUri);
  }
  return openSqliteStore(config.dataDir);
}
