/**
 * `cspr export REF --out FILE [--format docx|md]`: writes a case's rapid review record, opening the
 * store the bot's environment names (MONGODB_URI or DATA_DIR, CSPR_DATA_KEY, CSPR_CONFIG). On the
 * embedded store, stop the bot first (one process per DATA_DIR). The file is written with mode
 * 0600: it holds the case's sealed details in clear. The record is the shared one: while votes are
 * hidden, no partner's outcome or rationale is in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildReport } from '../app/report.js';
import { reportDocx } from '../app/report-docx.js';
import { reportMarkdown } from '../app/report-markdown.js';
import { loadConfig } from '../config.js';
import { loadHolidayRules } from '../domain/calendar.js';
import { reminderIndexer } from '../scheduler/reminder-scheduler.js';
import { CaseRepository } from '../store/case-repository.js';
import { dataCipherFor } from '../store/data-keys.js';
import { openStore } from '../store/open.js';
import { UsageError, type CliIo } from './io.js';

export const EXPORT_USAGE =
  'cspr export REF --out FILE [--format docx|md]   (uses CSPR_CONFIG, MONGODB_URI or DATA_DIR, CSPR_DATA_KEY)';

const REF = /^[A-Z]{2,10}-\d{4}-\d{3,}$/;

export async function exportCommand(
  args: string[],
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  try {
    return await run(args, io, env);
  } catch (err) {
    // One line, whatever failed (a configuration error lists its problems on several).
    if (err instanceof Error && !(err instanceof UsageError) && err.message.includes('\n'))
      throw new Error(err.message.replace(/\s*\n\s*/g, ' '));
    throw err;
  }
}

async function run(
  args: string[],
  io: CliIo,
  env: Record<string, string | undefined>,
): Promise<number> {
  let values: { out?: string; format?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { out: { type: 'string', short: 'o' }, format: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}. Usage: ${EXPORT_USAGE}`);
  }
  if (positionals.length !== 1)
    throw new UsageError(`give exactly one case reference. Usage: ${EXPORT_USAGE}`);
  const ref = positionals[0]!.trim().toUpperCase();
  if (!REF.test(ref))
    throw new UsageError(
      `"${positionals[0]!.slice(0, 40)}" is not a case reference like LINCS-2026-007`,
    );
  if (!values.out) throw new UsageError(`--out FILE is required. Usage: ${EXPORT_USAGE}`);
  const format = values.format ?? (values.out.toLowerCase().endsWith('.md') ? 'md' : 'docx');
  if (format !== 'docx' && format !== 'md')
    throw new UsageError(`unknown --format "${format.slice(0, 20)}" (use docx or md)`);
  const out = path.resolve(values.out);
  if (!fs.existsSync(path.dirname(out)))
    throw new UsageError(`the folder of --out does not exist: ${path.dirname(out)}`);

  const config = loadConfig(env);
  const prefix = ref.split('-')[0]!;
  const partnership = config.partnerships.find((p) => p.refPrefix === prefix);
  if (!partnership) throw new Error(`no partnership uses the reference prefix ${prefix}`);
  // Loaded with the other modules, before the command's own time starts (the bot loads it on its first date computation).
  loadHolidayRules();
  const started = Date.now();
  const store = await openStore(config);
  try {
    const repo = new CaseRepository(store, reminderIndexer(config.partnerships), {
      cipher: dataCipherFor(config),
    });
    await repo.init();
    const c = await repo.findByRef(partnership.id, ref);
    if (!c) throw new Error(`no case ${ref} in ${partnership.name}`);
    const report = buildReport({
      case: c,
      partnership,
      events: await repo.events(c.id),
      now: new Date(),
      exportedBy: 'the cspr command line',
    });
    const bytes =
      format === 'docx' ? await reportDocx(report) : Buffer.from(reportMarkdown(report), 'utf8');
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes, { mode: 0o600 });
    fs.renameSync(tmp, out);
    io.out(
      `wrote ${out} (${format}, ${bytes.length} bytes) for ${ref} in ${Date.now() - started} ms`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
