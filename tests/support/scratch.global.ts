/**
 * vitest globalSetup: one scratch folder for the run, on tmpfs (/dev/shm) where there is one, as
 * os.tmpdir() of every worker and child process (TMPDIR): the harnesses' DATA_DIR, the store and
 * CLI suites' files. Their subject is not durability, and every SQLite commit is an fsync, slow on
 * a disk shared with other work. The durability suites (kill -9, the store's settings) ask for a
 * folder on the disk instead (tests/support/disk.ts). The folder goes at the end of the run, with
 * whatever a test left in it.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export default function setup(): (() => void) | undefined {
  if (process.env.CSPR_SCRATCH) return undefined; // made by the other project of this run
  const disk = tmpdir();
  const dir = mkdtempSync(join(writable('/dev/shm') ? '/dev/shm' : disk, 'cspr-tests-'));
  // tsx keeps its transform cache in os.tmpdir()/tsx-<uid>: the child processes (the bot, the CLI)
  // keep using the disk's, warm from earlier runs, rather than compiling the tree again in each run.
  const tsxCache = `tsx-${process.geteuid?.() ?? userInfo().username}`;
  mkdirSync(join(disk, tsxCache), { recursive: true });
  symlinkSync(join(disk, tsxCache), join(dir, tsxCache));
  process.env.CSPR_SCRATCH = dir;
  process.env.CSPR_DISK_TMPDIR = disk;
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    process.env.TMPDIR = disk;
  };
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
