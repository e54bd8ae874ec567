/**
 * A StoreEngine wrapper for the hostile-input suites: every filter passed to a query or an update
 * (find, findOne, updateOne, updateMany, findOneAndUpdate, deleteOne, deleteMany, countDocuments)
 * and every inserted document is checked, as it is made, for values that could only have come from
 * a request and act as query operators: an object where the repository matches an id (it must be a
 * string, or `$in` / `$nin` / `$eq` / `$ne` of strings), a string starting with `$`, an operator
 * that runs code or matches patterns (`$where`, `$function`, `$expr`, `$regex`, …), an object the
 * test sent in a payload (`tainted`), or a document key starting with `$`.
 */
import type { Filter, StoreEngine } from '../../src/store/collection.js';
import { wrapEngine } from './wrap-engine.js';

/** Fields the repository and the claims match ids on: only strings (or `$in` / `$nin` / `$eq` / `$ne` of strings) belong here. */
const ID_FIELDS = new Set(['_id', 'caseId', 'requestKey', 'ref', 'partnershipId', 'channels.id', 'id', 'platform', 'owner', 'holderId', 'state']);
/** Operators that run code, evaluate expressions or match patterns: never in the bot's own queries. */
const DANGEROUS = new Set(['$where', '$function', '$accumulator', '$expr', '$regex', '$options', '$text', '$jsonSchema', '$mod', '$comment', '$rand', '$sampleRate']);
const QUERY_METHODS = new Set(['find', 'findOne', 'updateOne', 'updateMany', 'findOneAndUpdate', 'deleteOne', 'deleteMany', 'countDocuments']);
const INSERT_METHODS = new Set(['insertOne', 'insertMany']);

export interface SpyReport {
  /** How many filters were checked. */
  filters: number;
  /** Each problem: collection, method, where in the filter, and what. */
  problems: string[];
}

export class TaintSet {
  private readonly seen = new Set<string>();

  /** Remembers every object of a payload that has a `$` key, to recognise it in a filter. */
  add(payload: unknown): void {
    const walk = (x: unknown, depth: number) => {
      if (depth > 12 || x === null || typeof x !== 'object') return;
      if (Array.isArray(x)) return x.forEach((v) => walk(v, depth + 1));
      const keys = Object.keys(x);
      if (keys.some((k) => k.startsWith('$'))) this.seen.add(stable(x));
      for (const k of keys) walk((x as Record<string, unknown>)[k], depth + 1);
    };
    walk(payload, 0);
  }

  has(x: unknown): boolean {
    return this.seen.size > 0 && this.seen.has(stable(x));
  }
}

function stable(x: unknown): string {
  try {
    return JSON.stringify(x) ?? '';
  } catch {
    return '';
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** What is wrong with a filter, if anything. */
export function filterProblems(filter: unknown, tainted?: TaintSet): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') {
      if (node.startsWith('$')) out.push(`${path}: a string starting with $ (${JSON.stringify(node.slice(0, 20))})`);
      return;
    }
    if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (!isObject(node)) return;
    if (tainted?.has(node)) out.push(`${path}: an object sent in a request (${stable(node).slice(0, 60)})`);
    for (const [k, v] of Object.entries(node)) {
      if (DANGEROUS.has(k)) out.push(`${path}.${k}: operator ${k}`);
      if (!k.startsWith('$') && ID_FIELDS.has(k)) {
        const ok =
          typeof v === 'string' ||
          (isObject(v) &&
            Object.keys(v).length > 0 &&
            Object.entries(v).every(([op, x]) =>
              op === '$in' || op === '$nin' ? Array.isArray(x) && x.every((y) => typeof y === 'string') : (op === '$eq' || op === '$ne') && typeof x === 'string',
            ));
        if (!ok) out.push(`${path}.${k}: an id that is not a string (${stable(v).slice(0, 60)})`);
      }
      walk(v, `${path}.${k}`);
    }
  };
  walk(filter, 'filter');
  return out;
}

/** What is wrong with a document to insert: keys starting with `$` (MongoDB refuses them; the embedded engine must never see them). */
export function documentProblems(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 30 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('$')) out.push(`${path}.${k}: a key starting with $`);
      walk(v, `${path}.${k}`, depth + 1);
    }
  };
  walk(doc, 'doc', 0);
  return out;
}

/** Wraps an engine so that every filter and inserted document is checked (see the file comment). */
export function spyEngine(inner: StoreEngine, report: SpyReport, tainted?: TaintSet): StoreEngine {
  return wrapEngine(inner, (name, key, fn) => {
    if (QUERY_METHODS.has(key))
      return (first?: unknown, ...rest: unknown[]) => {
        const filter = (first ?? {}) as Filter;
        report.filters++;
        for (const p of filterProblems(filter, tainted)) report.problems.push(`${name}.${key}: ${p}`);
        return fn(filter, ...rest);
      };
    if (INSERT_METHODS.has(key))
      return (docs: unknown, ...rest: unknown[]) => {
        for (const d of Array.isArray(docs) ? docs : [docs]) for (const p of documentProblems(d)) report.problems.push(`${name}.${key}: ${p}`);
        return fn(docs, ...rest);
      };
    return fn;
  });
}

/** Every document of the collections that hold cases, in a stable order: to compare before and after a refusal. */
export async function storeDump(engine: StoreEngine, collections = ['cases', 'commits', 'counters']): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const name of collections) out[name] = await engine.collection(name).find({}, { sort: { _id: 1 } }).toArray();
  return JSON.stringify(out);
}
