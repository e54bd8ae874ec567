/**
 * Encryption at rest: AES-256-GCM (authenticated) over JSON values, with a key ring.
 *
 * A sealed value is stored as `{ k, iv, tag, ct }` (base64 strings; `k` is the key id), never with
 * a `$` field name so that MongoDB accepts it anywhere. New values are sealed with the current key;
 * values sealed with an older key open as long as that key is in the ring (see `cspr rotate-key`).
 * Every seal is bound to a context string (additional authenticated data: which document, which
 * version, which event), so a sealed value copied elsewhere, or a clear field bound to it, fails to open.
 * Errors name the key id and the context, never a key.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** One key of the ring. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/** A sealed value as stored. */
export interface SealedBox {
  /** Key id. */
  k: string;
  iv: string;
  tag: string;
  ct: string;
}

/** A value that could not be opened: wrong or missing key, tampered or malformed data. */
export class SealError extends Error {
  override readonly name = 'SealError';
  constructor(
    message: string,
    readonly context: string,
    readonly keyId?: string,
  ) {
    super(message);
  }
}

/** The short, stable id of a key: the first 8 hex digits of its SHA-256. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Parses `base64key` or `id:base64key` (the key: 32 bytes, e.g. `openssl rand -base64 32`).
 * Returns a problem in words (never quoting the text) when it is not one.
 */
export function parseDataKey(text: string): DataKey | string {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const id = colon >= 0 ? trimmed.slice(0, colon) : undefined;
  const b64 = colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
  if (id !== undefined && !KEY_ID.test(id))
    return 'the key id before ":" must be 1 to 32 letters, digits, "-" or "_"';
  if (!BASE64.test(b64))
    return `must be ${KEY_BYTES} random bytes in base64 (generate one with: openssl rand -base64 32)`;
  const key = Buffer.from(b64, 'base64');
  if (key.length !== KEY_BYTES)
    return `must decode to ${KEY_BYTES} bytes, not ${key.length} (generate one with: openssl rand -base64 32)`;
  return { id: id ?? keyIdOf(key), key };
}

export function isSealedBox(value: unknown): value is SealedBox {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.k === 'string' &&
    typeof v.iv === 'string' &&
    typeof v.tag === 'string' &&
    typeof v.ct === 'string'
  );
}

export class DataCipher {
  private readonly ring = new Map<string, Buffer>();
  readonly currentKeyId: string;

  /** `current` seals and opens; `old` keys only open. Throws when one id names two different keys. */
  constructor(current: DataKey, old: DataKey[] = []) {
    for (const k of [current, ...old]) {
      if (k.key.length !== KEY_BYTES)
        throw new Error(`data key ${k.id}: must be ${KEY_BYTES} bytes`);
      const known = this.ring.get(k.id);
      if (known && !known.equals(k.key))
        throw new Error(`data key id ${k.id} names two different keys`);
      this.ring.set(k.id, k.key);
    }
    this.currentKeyId = current.id;
  }

  /** The ids of every key that can open data, current first. */
  get keyIds(): string[] {
    return [...this.ring.keys()];
  }

  /** Seals a JSON value for `context` with the current key. */
  seal(value: unknown, context: string): SealedBox {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.ring.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([
      cipher.update(JSON.stringify(value) ?? 'null', 'utf8'),
      cipher.final(),
    ]);
    return {
      k: this.currentKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
  }

  /** Opens a value sealed for `context`, with whichever key of the ring sealed it. */
  open<T = unknown>(box: unknown, context: string): T {
    if (!isSealedBox(box))
      throw new SealError(`cannot open ${context}: not a sealed value`, context);
    const key = this.ring.get(box.k);
    if (!key)
      throw new SealError(
        `cannot open ${context}: it was sealed with data key id ${box.k}, which is not in the key ring (current ${this.currentKeyId}; add the old key to CSPR_DATA_KEYS_OLD)`,
        context,
        box.k,
      );
    const iv = Buffer.from(box.iv, 'base64');
    const tag = Buffer.from(box.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
      throw new SealError(
        `cannot open ${context} (data key id ${box.k}): malformed sealed value`,
        context,
        box.k,
      );
    let text: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      text = Buffer.concat([
        decipher.update(Buffer.from(box.ct, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SealError(
        `cannot open ${context} with data key id ${box.k}: wrong key, or the data was altered`,
        context,
        box.k,
      );
    }
    return JSON.parse(text) as T;
  }

  /** A fresh random key (for tests and the development key file). */
  static generateKey(): DataKey {
    const key = randomBytes(KEY_BYTES);
    return { id: keyIdOf(key), key };
  }
}
