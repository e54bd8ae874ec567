/**
 * The real disk's temporary folder, for the suites whose subject is durability (a kill -9 during
 * writes, the store's fsync settings): tests/support/scratch.global.ts points os.tmpdir() at tmpfs for
 * the rest.
 */
import { tmpdir } from 'node:os';

export const diskTmpdir = (): string => process.env.CSPR_DISK_TMPDIR ?? tmpdir();
