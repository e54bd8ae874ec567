/**
 * Update-operator semantics on top of mingo's `update`: validation of the update document,
 * `$setOnInsert` (which mingo does not know), `_id` immutability and upserted-document building.
 */
import { randomUUID } from 'node:crypto';
import { update as mingoUpdate } from 'mingo';
import type { Doc, Filter, Update } from '../collection.js';
import { equalityFields, isPlainObject } from './documents.js';
import { EmbeddedServerError, immutableIdError } from './errors.js';

/** A validated update: the operators mingo applies, and `$setOnInsert` kept apart. */
export interface ParsedUpdate {
  ops: Doc;
  setOnInsert: Doc;
}

type Modifier = Parameters<typeof mingoUpdate>[1];

/** Only operator updates are supported (as the driver's updateOne/updateMany require). */
export function parseUpdate(update: Update): ParsedUpdate {
  const keys = isPlainObject(update) ? Object.keys(update) : [];
  if (keys.length === 0 || keys.some((k) => !k.startsWith('$'))) {
    throw new EmbeddedServerError('Update document requires atomic operators', 9, { codeName: 'FailedToParse' });
  }
  const { $setOnInsert, ...ops } = update;
  return { ops, setOnInsert: isPlainObject($setOnInsert) ? $setOnInsert : {} };
}

/**
 * Applies `update` to a copy of `current` (a stored document matched by `filter`).
 * Returns the new document, or undefined when nothing changed. Changing `_id` throws code 66.
 */
export function applyToMatched(current: Doc, update: ParsedUpdate, filter: Filter): Doc | undefined {
  const ops = withoutSameId(update.ops, current._id);
  if (Object.keys(ops).length === 0) return undefined;
  const next = structuredClone(current);
  const changed = runMingo(next, ops, usesPositional(ops) ? filter : undefined);
  if (changed.length === 0) return undefined;
  if (next._id !== current._id) throw immutableIdError();
  return next;
}

/**
 * The document an upsert inserts: the filter's equality fields, then the update operators, then
 * `$setOnInsert`; `_id` comes from the filter, `$set`/`$setOnInsert`, or a fresh UUID.
 */
export function buildUpsert(filter: Filter, update: ParsedUpdate): Doc {
  const doc = equalityFields(filter);
  const set = isPlainObject(update.ops.$set) ? takeId(update.ops.$set, doc) : undefined;
  const ops = set ? { ...update.ops, $set: set } : update.ops;
  const setOnInsert = takeId(update.setOnInsert, doc);
  runMingo(doc, ops);
  if (Object.keys(setOnInsert).length > 0) runMingo(doc, { $set: setOnInsert });
  const { _id: id, ...rest } = doc;
  return { _id: id ?? randomUUID(), ...rest };
}

/** mingo refuses any `$set` of `_id`; MongoDB accepts re-setting the same value, so drop that. */
function withoutSameId(ops: Doc, id: unknown): Doc {
  const set = ops.$set;
  if (!isPlainObject(set) || !('_id' in set)) return ops;
  if (JSON.stringify(set._id) !== JSON.stringify(id)) throw immutableIdError();
  const { _id: _ignored, ...rest } = set;
  const { $set: _old, ...others } = ops;
  return Object.keys(rest).length > 0 ? { ...others, $set: rest } : others;
}

/** Moves an `_id` assignment from `set` into the new document (conflicting with the filter's: 66). */
function takeId(set: Doc, doc: Doc): Doc {
  if (!('_id' in set)) return set;
  const { _id: id, ...rest } = set;
  if (doc._id !== undefined && JSON.stringify(doc._id) !== JSON.stringify(id)) throw immutableIdError();
  doc._id = id;
  return rest;
}

/** Whether any updated path uses the positional `$` operator (which needs the query). */
function usesPositional(ops: Doc): boolean {
  return Object.values(ops).some((fields) => isPlainObject(fields) && Object.keys(fields).some((k) => k.includes('.$')));
}

function runMingo(doc: Doc, ops: Doc, filter?: Filter): string[] {
  try {
    return mingoUpdate(doc, ops as Modifier, undefined, filter, { cloneMode: 'deep' });
  } catch (err) {
    if (/immutable field '_id'/.test((err as Error).message)) throw immutableIdError();
    throw err;
  }
}
