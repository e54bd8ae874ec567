/**
 * A StorePort wrapper whose case reads fail while `reads.failing` is set (as a lost connection
 * does): for the case action step, which must tell the person the store did not answer — never
 * "I can't find that case". Writes pass through; `reads.failed` counts the reads refused.
 */
import type { StorePort } from '../../src/store/port.js';
import { StoreError } from './faulty-store.js';
import { CASE_READS as CASE_READ_METHODS, wrapStore } from './wrap-store.js';

const CASE_READS: ReadonlySet<string> = new Set(CASE_READ_METHODS);

export interface ReadFaults {
  failing: boolean;
  failed: number;
}

export function failingReads(inner: StorePort, reads: ReadFaults): StorePort {
  return wrapStore(inner, (name, key, fn) =>
    name === 'store' && CASE_READS.has(key)
      ? (...args: unknown[]) => {
          if (!reads.failing) return fn(...args);
          reads.failed++;
          return Promise.reject(new StoreError(`read ${key}`));
        }
      : fn,
  );
}
