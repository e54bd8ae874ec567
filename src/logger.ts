/**
 * Structured logs (pino). Log codes, ids and references — never pseudonyms, free text, tokens or
 * secrets. Redaction is a second line of defence for fields that must never be printed.
 */
import pino, { type Logger } from 'pino';

/** Fields that must never be printed, whether logged at the top level or one object down. */
const SECRET_KEYS = [
  'authorization',
  'token',
  'password',
  'secret',
  'botToken',
  'signingSecret',
  'appPassword',
  'access_token',
  'client_secret',
];
const PERSONAL_KEYS = [
  'children',
  'pseudonym',
  'notification',
  'referral',
  'facts',
  'criteria',
  'votes',
  'decision',
  'summary',
  'keyEpisodes',
  'immediateActionDetail',
  'learning',
  'goodPractice',
  'otherAreas',
  'rationale',
  'evidence',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
  'headers["x-slack-signature"]',
  ...[...SECRET_KEYS, ...PERSONAL_KEYS].flatMap((k) => [k, `*.${k}`]),
];

export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const level =
    options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'cspr-bot' } },
    options.destination,
  );
}

export type { Logger };

/**
 * An error reduced to what may be logged: its class, code and message — never request data. Libraries
 * quote the value they choke on ("Unexpected token … "<the start of the body>" is not valid JSON",
 * "activity.recipient.id with value "…" must be of type string"): anything in double quotes goes.
 */
export function safeError(err: unknown): { type: string; code?: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      type: err.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: err.message.replace(/"[^"]*"?/g, '"…"').slice(0, 300),
    };
  }
  return { type: typeof err, message: 'non-error thrown' };
}
