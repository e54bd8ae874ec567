/** The `cspr` command line. */
import { assessCommand, ASSESS_USAGE } from './assess.js';
import { deadlinesCommand, DEADLINES_USAGE } from './deadlines.js';
import { eraseCommand, ERASE_USAGE } from './erase.js';
import { exportCommand, EXPORT_USAGE } from './export.js';
import { processIo, UsageError, type CliIo } from './io.js';
import { migrateStoreCommand, MIGRATE_USAGE } from './migrate-store.js';
import { rotateKeyCommand, ROTATE_KEY_USAGE } from './rotate-key.js';

const COMMANDS: Record<string, (args: string[], io: CliIo) => number | Promise<number>> = {
  deadlines: deadlinesCommand,
  assess: assessCommand,
  'rotate-key': (args, io) => rotateKeyCommand(args, io),
  export: (args, io) => exportCommand(args, io),
  erase: (args, io) => eraseCommand(args, io),
  'migrate-store': (args, io) => migrateStoreCommand(args, io),
};

const USAGE = `usage:\n  ${DEADLINES_USAGE}\n  ${ASSESS_USAGE}\n  ${ROTATE_KEY_USAGE}\n  ${EXPORT_USAGE}\n  ${ERASE_USAGE}\n  ${MIGRATE_USAGE}`;

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command)
      throw new UsageError(
        `unknown command "${name}" (known: ${Object.keys(COMMANDS).join(', ')})`,
      );
    return await command(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`cspr: ${err.message}`);
      return 2;
    }
    io.err(`cspr: ${(err as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && /cspr(\.mjs)?$|cli[\\/]main\.(ts|js)$/.test(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}
