/**
 * `npm start`: loads the configuration (exits 1 listing every problem), starts the bot, and shuts
 * down gracefully on SIGTERM/SIGINT (HTTP closed, store flushed and closed).
 */
import { ListenError, startBot, type RunningBot } from './bot.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { createLogger } from './logger.js';
import { SealError } from './store/cipher.js';
import { StoreOpenError } from './store/port.js';

async function main(): Promise<void> {
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'info' });
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  for (const w of config.warnings) log.warn(w);
  let bot: RunningBot;
  try {
    bot = await startBot(config, { log, scheduler: true }); // reminders and the daily retention job run in this process
  } catch (err) {
    // One plain line naming what is wrong (a data key, the store file, the port), no stack, no key;
    // startBot has already released what it took (the store's file lock, the port).
    process.stderr.write(`${startupProblem(err)}\n`);
    process.exit(1);
  }
  log.info(
    { port: bot.port, store: bot.store.kind, partnerships: config.partnerships.length },
    'CSPR bot listening',
  );
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: (err as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** The one line said when the bot cannot start. */
function startupProblem(err: unknown): string {
  if (
    err instanceof ConfigError ||
    err instanceof SealError ||
    err instanceof StoreOpenError ||
    err instanceof ListenError
  )
    return `cspr: ${err.message}`;
  return `cspr: the bot could not start: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
}

void main();
