/**
 * `cspr assess`: the notification rules without chat — which duties an incident brings and when
 * each is due, under the edition in force on the date of awareness (or the one given).
 */
import { parseArgs } from 'node:util';
import { parseIsoDate } from '../domain/calendar.js';
import {
  ABUSE_OR_NEGLECT,
  assessNotifiability,
  HARMS,
  type ChildFacts,
  type Location,
} from '../domain/criteria.js';
import { isProcedureId, PROCEDURE_IDS, procedureFor, timescalesFor } from '../domain/procedure.js';
import { ageProblem, MAX_CHILDREN } from '../domain/validate.js';
import { UsageError, type CliIo } from './io.js';

export const ASSESS_USAGE =
  'cspr assess --aware YYYY-MM-DD --harm death|serious-harm --abuse known|suspected|not-suspected --where in-area|outside-england|elsewhere-england --child STATUS:AGE [--child …] [--procedure england-2018|england-2023] [--json]   (STATUS: none, looked-after, care-leaver, perpetrator)';

/** The command line's words for where it happened → the core's. */
const WHERE: Readonly<Record<string, Location>> = {
  'in-area': 'in-area',
  'outside-england': 'outside-england-resident',
  'elsewhere-england': 'elsewhere',
};
const CHILD_KINDS = ['none', 'looked-after', 'care-leaver', 'perpetrator'] as const;

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T {
  if (value === undefined) throw new UsageError(`--${name} is required. Usage: ${ASSESS_USAGE}`);
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

function child(spec: string, i: number): ChildFacts {
  const m = /^([a-z-]+):(\d{1,3})$/.exec(spec);
  if (!m) throw new UsageError(`--child "${spec}" must be STATUS:AGE, e.g. looked-after:15`);
  const kind = oneOf('child', m[1], CHILD_KINDS);
  const age = Number(m[2]);
  const status = kind === 'perpetrator' ? 'none' : kind;
  // A care leaver may be any adult age (the rule itself says where it stops); anyone else is a child.
  const problem = status === 'care-leaver' ? undefined : ageProblem(age, status);
  if (problem) throw new UsageError(`--child "${spec}": ${problem}`);
  return {
    pseudonym: `Child ${String.fromCharCode(65 + i)}`,
    status,
    age,
    ...(kind === 'perpetrator' ? { perpetrator: true } : {}),
  };
}

export function assessCommand(args: string[], io: CliIo): number {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        aware: { type: 'string' },
        harm: { type: 'string' },
        abuse: { type: 'string' },
        where: { type: 'string' },
        child: { type: 'string', multiple: true },
        procedure: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}. Usage: ${ASSESS_USAGE}`);
  }
  const aware = values.aware as string | undefined;
  if (!aware) throw new UsageError(`--aware is required. Usage: ${ASSESS_USAGE}`);
  if (!parseIsoDate(aware))
    throw new UsageError(`--aware "${aware}" is not a real date as YYYY-MM-DD`);
  const harm = oneOf('harm', values.harm as string | undefined, HARMS);
  const abuseOrNeglect = oneOf('abuse', values.abuse as string | undefined, ABUSE_OR_NEGLECT);
  const where = oneOf('where', values.where as string | undefined, Object.keys(WHERE));
  const specs = (values.child as string[] | undefined) ?? [];
  if (specs.length === 0)
    throw new UsageError(`at least one --child STATUS:AGE is required. Usage: ${ASSESS_USAGE}`);
  if (specs.length > MAX_CHILDREN)
    throw new UsageError(
      `one notification covers at most ${MAX_CHILDREN} children, not ${specs.length}`,
    );
  const children = specs.map(child);
  const pinned = values.procedure as string | undefined;
  if (pinned !== undefined && !isProcedureId(pinned))
    throw new UsageError(`unknown procedure "${pinned}" (known: ${PROCEDURE_IDS.join(', ')})`);
  const procedure = procedureFor(aware, pinned);
  const a = assessNotifiability(
    { awareOn: aware, harm, abuseOrNeglect, location: WHERE[where]!, children },
    timescalesFor(procedure),
    procedure,
  );
  const duties = a.deadlines.map((d) => ({ key: d.key, due: d.due }));
  if (values.json) {
    io.out(
      JSON.stringify(
        { procedure: a.procedure, s16c: a.s16cMet, duties, reasons: a.reasons },
        null,
        2,
      ),
    );
    return 0;
  }
  io.out(`Procedure: ${a.procedure}. s16C(1) ${a.s16cMet ? 'is met' : 'is not met'}.`);
  if (a.deadlines.length === 0) io.out('Nothing is due from this local authority.');
  for (const d of a.deadlines) io.out(`${d.key.padEnd(18)} ${d.due}  ${d.label}`);
  for (const r of a.reasons) io.out(`- ${r}`);
  return 0;
}
