/**
 * Single-writer lock on a DATA_DIR: a `store.lock` file holding the owner's pid, created with
 * O_EXCL. A lock whose pid is no longer alive is stale and taken over. A lock holding our own pid
 * is also stale: opens within this process are tracked separately (see embedded-engine.ts), and
 * after a container restart the new process often gets the same pid (e.g. pid 1) as the dead one.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'store.lock';

/** Takes the lock on `dir` or throws "… is in use by process N". Returns the release function. */
export function acquireLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeFileSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return () => release(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw err;
    }
    const owner = readOwner(file);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      throw new Error(`DATA_DIR ${dir} is in use by process ${owner} (lock file ${file})`);
    }
    if (owner === undefined && isFresh(file)) {
      throw new Error(`DATA_DIR ${dir} is being locked by another process (lock file ${file})`);
    }
    fs.rmSync(file, { force: true }); // stale: its owner is gone
  }
}

function release(file: string): void {
  if (readOwner(file) === process.pid) fs.rmSync(file, { force: true });
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** An empty lock file this young may be mid-creation by another process. */
function isFresh(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 2_000;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
