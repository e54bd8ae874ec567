/**
 * A StorePort whose methods pass through `intercept` first: the one way the test doubles of the
 * store (a slow store, a store that fails on a chosen write, a spy on every query) wrap the real
 * one. Port methods are named `('store', method)`, side-record methods `(kind, method)`.
 */
import type { StorePort } from '../../src/store/port.js';

export type Method = (...args: unknown[]) => unknown;

/** The port's reads of a case: by id, by reference, by query (a channel's case, lists, versions), its commits. */
export const CASE_READS = [
  'snapshot',
  'snapshotByRef',
  'caseVersions',
  'snapshots',
  'countCases',
  'commits',
] as const;

/** Returns the method to run instead of `fn` (or `fn` itself). */
export type Interceptor = (collection: string, method: string, fn: Method) => Method;

function proxy<T extends object>(
  target: T,
  name: string,
  intercept: Interceptor,
  sub?: (key: string, fn: Method) => Method | undefined,
): T {
  return new Proxy(target, {
    get(t, key) {
      const v = Reflect.get(t, key) as unknown;
      if (typeof v !== 'function') return v;
      const fn = (v as Method).bind(t);
      if (typeof key !== 'string') return fn;
      return sub?.(key, fn) ?? intercept(name, key, fn);
    },
  });
}

export function wrapStore(inner: StorePort, intercept: Interceptor): StorePort {
  return proxy(inner, 'store', intercept, (key, fn) =>
    key === 'records'
      ? (kind: unknown) => proxy((fn as (k: unknown) => object)(kind), String(kind), intercept)
      : undefined,
  );
}
