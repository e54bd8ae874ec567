/** Run as a child process: opens the SQLite store of DATA_DIR (argv[2]) and says what happened. */
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

try {
  const store = await openSqliteStore(process.argv[2]!);
  process.stdout.write('opened\n');
  await store.close();
} catch (err) {
  process.stdout.write(`refused: ${(err as Error).message}\n`);
}
