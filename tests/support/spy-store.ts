/**
 * A StorePort wrapper for the hostile-input suites: the arguments of every query the bot makes
 * (a case by id or reference, a request key, a case query, a side record by id or owner) and every
 * record it writes are checked, as they are made, for values that could only have come from a
 * request: an id that is not a string, a string starting with `$`, a key of an operator that runs
 * code or matches patterns (`$where`, `$function`, `$expr`, `$regex`, …), an object the test sent
 * in a payload (`tainted`), or a record key starting with `$` (MongoDB would read it as an operator).
 */
import type { StorePort } from '../../src/store/port.js';
import { storeContents } from './faulty-store.js';
import { CASE_READS, wrapStore } from './wrap-store.js';

/** Fields the repository and the claims match ids on: only strings (or `$in` / `$nin` / `$eq` / `$ne` of strings) belong here. */
const ID_FIELDS = new Set([
  '_id',
  'caseId',
  'requestKey',
  'ref',
  'partnershipId',
  'channels.id',
  'id',
  'platform',
  'owner',
  'holderId',
  'state',
  'excludeId',
  'reminderDueBy',
  'closedBefore',
]);
/** Operators that run code, evaluate expressions or match patterns: never in the bot's own queries. */
const DANGEROUS = new Set([
  '$where',
  '$function',
  '$accumulator',
  '$expr',
  '$regex',
  '$options',
  '$text',
  '$jsonSchema',
  '$mod',
  '$comment',
  '$rand',
  '$sampleRate',
]);
const QUERY_METHODS = new Set<string>([
  ...CASE_READS,
  'unredactedCommits',
  'caseIdByRequestKey',
  'eventCount',
  'nextCounter',
  'get',
  'delete',
  'listByOwner',
  'existing',
  'due',
  'replaceIf',
  'replaceManyIf',
]);
const INSERT_METHODS = new Set([
  'appendCommit',
  'saveSnapshot',
  'rewriteCommits',
  'replaceSnapshotAt',
  'put',
  'insertIfAbsent',
  'insertManyIfAbsent',
  'replaceIf',
  'replaceManyIf',
]);

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

const isObject = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x);

/** What is wrong with a filter, if anything. */
export function filterProblems(filter: unknown, tainted?: TaintSet): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') {
      if (node.startsWith('$'))
        out.push(`${path}: a string starting with $ (${JSON.stringify(node.slice(0, 20))})`);
      return;
    }
    if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (!isObject(node)) return;
    if (tainted?.has(node))
      out.push(`${path}: an object sent in a request (${stable(node).slice(0, 60)})`);
    for (const [k, v] of Object.entries(node)) {
      if (DANGEROUS.has(k)) out.push(`${path}.${k}: operator ${k}`);
      if (!k.startsWith('$') && ID_FIELDS.has(k)) {
        const ok =
          typeof v === 'string' ||
          (isObject(v) &&
            Object.keys(v).length > 0 &&
            Object.entries(v).every(([op, x]) =>
              op === '$in' || op === '$nin'
                ? Array.isArray(x) && x.every((y) => typeof y === 'string')
                : (op === '$eq' || op === '$ne') && typeof x === 'string',
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

/** The problems of a query's arguments: ids are plain strings, nothing reads as an operator. */
function argumentProblems(method: string, args: unknown[], tainted?: TaintSet): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (
      method !== 'caseVersions' &&
      method !== 'snapshots' &&
      method !== 'countCases' &&
      method !== 'replaceManyIf' &&
      method !== 'existing' &&
      i === 0 &&
      typeof a !== 'string'
    )
      out.push(`argument ${i}: an id that is not a string (${stable(a).slice(0, 60)})`);
    if (
      method === 'snapshots' &&
      i === 0 &&
      !(Array.isArray(a) && a.every((x) => typeof x === 'string'))
    )
      out.push(`argument 0: ids that are not all strings (${stable(a).slice(0, 60)})`);
    out.push(...filterProblems(a, tainted).map((p) => `argument ${i}: ${p}`));
  });
  return out;
}

/** Wraps a store so that every query's arguments and every written record are checked (see the file comment). */
export function spyStore(inner: StorePort, report: SpyReport, tainted?: TaintSet): StorePort {
  return wrapStore(inner, (name, key, fn) => {
    const query = QUERY_METHODS.has(key);
    const write = INSERT_METHODS.has(key);
    if (!query && !write) return fn;
    return (...args: unknown[]) => {
      if (query) {
        report.filters++;
        for (const p of argumentProblems(
          key,
          key === 'replaceIf' ? args.slice(0, 1) : args,
          tainted,
        ))
          report.problems.push(`${name}.${key}: ${p}`);
      }
      if (write)
        for (const d of args)
          for (const p of documentProblems(d)) report.problems.push(`${name}.${key}: ${p}`);
      return fn(...args);
    };
  });
}

/** Every commit and snapshot, and the reference counters' effect, in a stable order: to compare before and after a refusal. */
export async function storeDump(store: StorePort): Promise<string> {
  return JSON.stringify(await storeContents(store));
}
