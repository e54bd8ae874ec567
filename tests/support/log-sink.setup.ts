/**
 * vitest setupFile of the end-to-end project: runs before every test file, also where files share
 * a worker (isolate: false) and the sink module is imported only once. Routes console output into
 * the sink and registers the file's log check (log-sink.ts `endOfFile`).
 */
import { afterAll } from 'vitest';
import { captureConsole, endOfFile } from './log-sink.js';

captureConsole();
afterAll(endOfFile);
