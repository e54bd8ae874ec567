/** Test processes get a fresh data key, so no test writes a dev key file into the working tree. */
import { randomBytes } from 'node:crypto';

process.env.CSPR_DATA_KEY ??= randomBytes(32).toString('base64');
process.env.NODE_ENV ??= 'test';
