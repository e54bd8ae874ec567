/**
 * Slack signs `v0:<timestamp>:<body>`, and bolt refuses a timestamp more than 5 minutes old (a
 * replay) but not one from the future: a request signed with a timestamp ahead of time could be
 * replayed until long after. This refuses those too, the same way (401, nothing runs). Measured
 * against this machine's clock, as bolt's own check is.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export function refuseFutureTimestamps(log: Logger, now: () => number = Date.now) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const ts = Number(req.header('x-slack-request-timestamp'));
    if (Number.isFinite(ts) && ts * 1000 > now() + MAX_CLOCK_SKEW_MS) {
      log.warn(
        { kind: 'signature.future_timestamp' },
        'slack request refused: its timestamp is more than 5 minutes in the future',
      );
      res.status(401).end();
      return;
    }
    next();
  };
}
