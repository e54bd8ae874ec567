/** Test processes get a fresh data key, so no test writes a dev key file into the working tree. */
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';

process.env.CSPR_DATA_KEY ??= randomBytes(32).toString('base64');
process.env.NODE_ENV ??= 'test';

// Scratch folders (os.tmpdir(): the harnesses' DATA_DIR, the store and CLI suites' files) on tmpfs
// where there is one: their subject is not durability, and every SQLite commit is an fsync, slow on
// a disk shared with other work. The durability suites (kill -9, the store's settings) ask for a
// folder on the disk instead: diskTmpdir() in tests/support/disk.ts.
if (!process.env.CSPR_DISK_TMPDIR) {
  process.env.CSPR_DISK_TMPDIR = tmpdir();
  if (writable('/dev/shm')) process.env.TMPDIR = '/dev/shm';
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
