/**
 * A StoreEngine whose collection methods pass through `intercept` first: the one way the test
 * doubles of the store (a slow store, a store that fails on a chosen write, a spy on every filter)
 * wrap the real engine.
 */
import type { Doc, StoreCollection, StoreEngine } from '../../src/store/collection.js';

export type Method = (...args: unknown[]) => unknown;

/** Returns the method to run instead of `fn` (or `fn` itself). */
export type Interceptor = (collection: string, method: string, fn: Method) => Method;

export function wrapEngine(inner: StoreEngine, intercept: Interceptor): StoreEngine {
  return {
    kind: inner.kind,
    ping: () => inner.ping(),
    close: () => inner.close(),
    collection<T extends Doc = Doc>(name: string): StoreCollection<T> {
      const c = inner.collection<T>(name);
      return new Proxy(c, {
        get(target, key) {
          const v = Reflect.get(target, key) as unknown;
          if (typeof v !== 'function') return v;
          const fn = (v as Method).bind(target);
          return typeof key === 'string' ? intercept(name, key, fn) : fn;
        },
      });
    },
  };
}
