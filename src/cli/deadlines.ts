/** `cspr deadlines`: the deadlines of a newly notified case, as text or JSON. */
import { parseArgs } from 'node:util';
import { parseIsoDate } from '../domain/calendar.js';
import { computeDeadlines } from '../domain/deadlines.js';
import {
  DEFAULT_PROCEDURE,
  isProcedureId,
  PROCEDURE_IDS,
  timescalesFor,
} from '../domain/procedure.js';
import { UsageError, type CliIo } from './io.js';

export const DEADLINES_USAGE =
  'cspr deadlines --aware YYYY-MM-DD [--notified YYYY-MM-DD] [--procedure england-2018|england-2023] [--rapid-review-from aware|notification] [--json]';

export function deadlinesCommand(args: string[], io: CliIo): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        aware: { type: 'string' },
        notified: { type: 'string' },
        procedure: { type: 'string' },
        'rapid-review-from': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}. Usage: ${DEADLINES_USAGE}`);
  }
  const aware = values.aware as string | undefined;
  if (!aware) throw new UsageError(`--aware is required. Usage: ${DEADLINES_USAGE}`);
  if (!parseIsoDate(aware))
    throw new UsageError(`--aware "${aware}" is not a real date as YYYY-MM-DD`);
  const notified = values.notified as string | undefined;
  if (notified !== undefined) {
    if (!parseIsoDate(notified))
      throw new UsageError(`--notified "${notified}" is not a real date as YYYY-MM-DD`);
    if (notified < aware) throw new UsageError(`--notified ${notified} is before --aware ${aware}`);
  }
  const procedure = (values.procedure as string | undefined) ?? DEFAULT_PROCEDURE;
  if (!isProcedureId(procedure))
    throw new UsageError(`unknown procedure "${procedure}" (known: ${PROCEDURE_IDS.join(', ')})`);
  const from = values['rapid-review-from'] as string | undefined;
  if (from !== undefined && from !== 'aware' && from !== 'notification')
    throw new UsageError(`--rapid-review-from must be "aware" or "notification", not "${from}"`);
  const t = timescalesFor(procedure, from ? { rapidReviewFrom: from } : {});
  const deadlines = computeDeadlines(t, {
    awareOn: aware,
    ...(notified ? { panelNotifiedOn: notified } : {}),
  });
  if (values.json) {
    io.out(
      JSON.stringify(
        deadlines.map(({ key, label, due, basis }) => ({ key, label, due, basis })),
        null,
        2,
      ),
    );
  } else {
    const width = Math.max(...deadlines.map((d) => d.key.length));
    for (const d of deadlines) io.out(`${d.key.padEnd(width)}  ${d.due}  ${d.label} — ${d.basis}`);
  }
  return 0;
}
