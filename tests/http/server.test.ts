/** The bot starts on the SQLite store, answers /healthz, and shuts down cleanly (store closed). */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { CHILD_MS } from '../support/child.js';

let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('HTTP server', () => {
  it('answers /healthz with the store kind', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-http-'));
    bot = await startBot(loadConfig({ PORT: '0', DATA_DIR: dataDir }), {
      log: createLogger({ level: 'silent' }),
    });
    const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'sqlite' });
    const missing = await fetch(`http://127.0.0.1:${bot.port}/nowhere`);
    expect(missing.status).toBe(404);
  });

  it('in production without MicrosoftAppId serves no Teams endpoint (a Slack-only deployment starts); otherwise Teams runs in local mode', async () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const prod = loadConfig({
      PORT: '0',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-http-')),
      NODE_ENV: 'production',
      CSPR_DATA_KEY: key,
    });
    expect(prod.teams.off).toBe(true);
    expect(prod.warnings.join('\n')).toContain('Teams is off');
    bot = await startBot(prod, { log: createLogger({ level: 'silent' }) });
    const post = (port: number) =>
      fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    expect((await post(bot.port)).status).toBe(404);
    await bot.stop();
    const dev = loadConfig({
      PORT: '0',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-http-')),
    });
    expect(dev.teams.off).toBeUndefined();
    bot = await startBot(dev, { log: createLogger({ level: 'silent' }) });
    expect((await post(bot.port)).status).not.toBe(404); // the Teams endpoint is there (a bad activity is refused by it)
  });

  it('reports the store as unavailable once it is closed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-http-'));
    bot = await startBot(loadConfig({ PORT: '0', DATA_DIR: dataDir }), {
      log: createLogger({ level: 'silent' }),
    });
    await bot.store.close();
    const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', store: 'sqlite' });
  });

  it(
    'runs as a process: listens, answers, and exits 0 on SIGTERM leaving the store closed',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-proc-'));
      const port = 30000 + Math.floor(Math.random() * 20000);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: {
          ...process.env,
          PORT: String(port),
          DATA_DIR: dataDir,
          LOG_LEVEL: 'info',
          CSPR_CONFIG: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += String(d)));
      child.stderr.on('data', (d) => (output += String(d)));
      try {
        await waitFor(() => output.includes('CSPR bot listening'), CHILD_MS);
        expect(output).toContain('demo partnership');
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(await res.json()).toEqual({ status: 'ok', store: 'sqlite' });
      } finally {
        child.kill('SIGTERM');
      }
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      // The store is closed: its file opens again at once (the exclusive lock went with the process), and its WAL was checkpointed away.
      expect(fs.existsSync(path.join(dataDir, 'cspr.sqlite-wal'))).toBe(false);
      await (await openSqliteStore(dataDir)).close();
    },
    CHILD_MS,
  );

  it(
    'exits 1 listing every configuration problem',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-cfg-'));
      fs.writeFileSync(
        path.join(dir, 'p.yaml'),
        'partnerships:\n  - id: Bad Id\n    name: X\n    refPrefix: x\n    holders: []\n',
      );
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { ...process.env, PORT: 'abc', CSPR_CONFIG: path.join(dir, 'p.yaml') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => (err += String(d)));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(err).toContain('PORT');
      expect(err).toContain('refPrefix');
      expect(err).toContain('partnerships.0.id');
    },
    CHILD_MS,
  );
});

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the process');
    await new Promise((r) => setTimeout(r, 50));
  }
}
