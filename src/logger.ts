/**
 * Structured logs (pino). Log codes, ids and references — never pseudonyms, free text, tokens or
 * secrets. Redaction is a second line of defence for fields that must never be printed.
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
  'token',
  'password',
  'secret',
  '*.token',
  '*.password',
  '*.secret',
  '*.children',
  '*.pseudonym',
  '*.summary',
  '*.rationale',
  '*.evidence',
  '*.facts',
  '*.notification',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'cspr-bot' } }, options.destination);
}

export type { Logger };
