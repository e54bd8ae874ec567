/**
 * `npm start`: loads the configuration (exits 1 listing every problem), starts the bot, and shuts
 * down gracefully on SIGTERM/SIGINT (HTTP closed, store flushed and closed).
 */
import { startBot, type RunningBot } from './bot.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { createLogger } from './logger.js';
import { SealError } from './store/cipher.js';

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
    // A data key problem (a wrong or missing key for the store): one clear line, no stack, no key.
    if (err instanceof ConfigError || err instanceof SealError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  log.info({ port: bot.port, store: bot.store.kind, partnerships: config.partnerships.length }, 'CSPR bot listening');
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

void main();
