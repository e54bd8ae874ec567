/**
 * The embedded engine: MongoDB query/update semantics in process (mingo), persisted under a
 * directory as per-collection snapshots plus synchronous append-only journals (see journal.ts).
 *
 * - One process at a time: a lock file refuses a second process ("… is in use by process N").
 * - Within one process, opening a directory that is already open is refused too (the promise
 *   rejects with "… is already open in this process"); close the first engine before reopening.
 * - After `close()` (idempotent), every operation rejects with "… is closed".
 */
import fs from 'node:fs';
import type { Doc, StoreCollection, StoreEngine } from '../collection.js';
import { CollectionState } from './collection-state.js';
import { EmbeddedCollection } from './embedded-collection.js';
import { CollectionFiles, listStoredCollections } from './journal.js';
import { acquireLock } from './lock.js';

/** Real paths of directories open in this process. */
const openDirs = new Set<string>();

/** Collection names double as file names, so keep them to a safe alphabet. */
const COLLECTION_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,119}$/;

class EmbeddedEngine implements StoreEngine {
  readonly kind = 'embedded';
  private readonly states = new Map<string, CollectionState>();
  private readonly handles = new Map<string, EmbeddedCollection>();
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly releaseLock: () => void,
  ) {}

  /** Loads (and compacts) every collection stored in the directory. */
  loadAll(): void {
    for (const name of listStoredCollections(this.dir)) this.state(name);
  }

  collection<T extends Doc = Doc>(name: string): StoreCollection<T> {
    if (!COLLECTION_NAME.test(name)) throw new Error(`Invalid collection name for the embedded store: "${name}"`);
    let handle = this.handles.get(name);
    if (!handle) {
      handle = new EmbeddedCollection(() => this.state(name));
      this.handles.set(name, handle);
    }
    return handle as unknown as StoreCollection<T>;
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  /** Writes every loaded collection's snapshot afresh and empties its journal (see erasure). */
  async compact(): Promise<void> {
    if (this.closed) throw new Error(`Embedded store at ${this.dir} is closed`);
    for (const state of this.states.values()) state.compact();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      const errors: unknown[] = [];
      for (const state of this.states.values()) {
        try {
          state.close();
        } catch (err) {
          errors.push(err); // the journal still has every write: the next open recovers
        }
      }
      if (errors.length > 0) throw errors[0];
    } finally {
      this.releaseLock();
      openDirs.delete(this.dir);
    }
  }

  /** The loaded state of `name` (created on first use); throws once the engine is closed. */
  private state(name: string): CollectionState {
    if (this.closed) throw new Error(`Embedded store at ${this.dir} is closed`);
    let state = this.states.get(name);
    if (!state) {
      state = new CollectionState(name, new CollectionFiles(this.dir, name));
      this.states.set(name, state);
    }
    return state;
  }
}

/** Opens (creating if missing) the embedded store in `dir`. */
export async function openEmbeddedEngine(dir: string): Promise<StoreEngine> {
  fs.mkdirSync(dir, { recursive: true });
  const real = fs.realpathSync(dir);
  if (openDirs.has(real)) throw new Error(`DATA_DIR ${real} is already open in this process`);
  const release = acquireLock(real);
  openDirs.add(real);
  const engine = new EmbeddedEngine(real, release);
  try {
    engine.loadAll();
  } catch (err) {
    await engine.close().catch(() => undefined);
    throw err;
  }
  return engine;
}
