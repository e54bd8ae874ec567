/**
 * Errors raised by the embedded engine, shaped like the driver's `MongoServerError`
 * (`name` and numeric `code`), so callers can handle both engines alike.
 */
import type { Doc } from '../collection.js';

/** A server-style error with a MongoDB error code (11000 duplicate key, 66 immutable field, ...). */
export class EmbeddedServerError extends Error {
  override readonly name = 'MongoServerError';
  constructor(
    message: string,
    readonly code: number,
    extra: Doc = {},
  ) {
    super(message);
    Object.assign(this, extra);
  }
}

/** E11000, with the same message shape as the server's. Leaves the data unchanged by contract. */
export function duplicateKeyError(collection: string, index: string, keyValue: Doc): EmbeddedServerError {
  return new EmbeddedServerError(
    `E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${JSON.stringify(keyValue)}`,
    11000,
    { codeName: 'DuplicateKey', keyValue },
  );
}

export function immutableIdError(): EmbeddedServerError {
  return new EmbeddedServerError(
    "Performing an update on the path '_id' would modify the immutable field '_id'",
    66,
    { codeName: 'ImmutableField' },
  );
}
