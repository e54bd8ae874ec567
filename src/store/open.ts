/** Opens the store the configuration names: MongoDB when MONGODB_URI is set, else the embedded engine. */
import type { StoreEngine } from './collection.js';
import { openEmbeddedEngine } from './embedded/embedded-engine.js';
import { openMongoEngine } from './mongo-engine.js';

export async function openStore(config: { mongodbUri?: string; dataDir: string }): Promise<StoreEngine> {
  return config.mongodbUri ? openMongoEngine(config.mongodbUri) : openEmbeddedEngine(config.dataDir);
}
