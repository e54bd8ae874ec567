/**
 * `cspr rotate-key`: re-seals every commit and case snapshot with the current data key
 * (CSPR_DATA_KEY), reading with any key of the ring (CSPR_DATA_KEYS_OLD), and seals what a store
 * written before encryption holds in clear. Opens the store the bot's environment names; on the
 * embedded store, stop the bot first (the store allows one process at a time). Idempotent.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { dataCipherFor } from '../store/data-keys.js';
import { openStore } from '../store/open.js';
import { resealStore, type ResealCounts } from '../store/reseal.js';
import { UsageError, type CliIo } from './io.js';

export const ROTATE_KEY_USAGE =
  'cspr rotate-key [--json]   (uses CSPR_DATA_KEY, CSPR_DATA_KEYS_OLD, MONGODB_URI or DATA_DIR)';

export async function rotateKeyCommand(
  args: string[],
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  let json: boolean;
  try {
    json = Boolean(
      parseArgs({
        args,
        options: { json: { type: 'boolean' } },
        strict: true,
        allowPositionals: false,
      }).values.json,
    );
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}. Usage: ${ROTATE_KEY_USAGE}`);
  }
  const config = loadConfig(env);
  for (const w of config.warnings.filter((w) => w.startsWith('CSPR_DATA_KEY')))
    io.err(`warning: ${w}`);
  const cipher = dataCipherFor(config);
  const store = await openStore(config);
  try {
    const report = await resealStore(store, cipher);
    if (json) {
      io.out(JSON.stringify(report, null, 2));
      return 0;
    }
    const line = (what: string, c: ResealCounts) =>
      `${what}${c.total} read, ${c.resealed} re-sealed (${c.wereClear} of them were not encrypted), ${c.total - c.resealed} already on ${report.keyId}`;
    io.out(
      `current data key id ${cipher.currentKeyId} (key ring: ${cipher.keyIds.join(', ')}); store: ${store.kind}`,
    );
    io.out(line('commits:        ', report.commits));
    io.out(line('case snapshots: ', report.snapshots));
    io.out(
      `done: every case is sealed with ${report.keyId}; older keys may now be removed from CSPR_DATA_KEYS_OLD.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
