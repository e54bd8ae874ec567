/**
 * The bot as a new operator runs it (`src/main.ts` in a child process): when the port is taken,
 * the store file is locked by another process or is not a store, or MONGODB_URI is bad, it exits
 * with code 1 and one plain line naming what is wrong (and the file), and releases what it took.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ListenError, startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite/sqlite-store.js';
import { CHILD_MS } from '../support/child.js';

const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-start-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Runs the bot until it exits; its exit code and stderr lines. */
async function runBot(
  env: Record<string, string>,
): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', CSPR_CONFIG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_MS); // a bot that kept running would fail the test
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return { code, lines: err.split('\n').filter(Boolean) };
}

async function takenPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '0.0.0.0', () => r()));
  return {
    port: (s.address() as net.AddressInfo).port,
    release: () => new Promise((r) => s.close(() => r())),
  };
}

describe('start-up faults', { timeout: CHILD_MS + 5000 }, () => {
  it('a port in use: exit 1, one line naming the port; the store is released', async () => {
    const { port, release } = await takenPort();
    const dataDir = tmpDir();
    try {
      const r = await runBot({ PORT: String(port), DATA_DIR: dataDir });
      expect(r).toEqual({
        code: 1,
        lines: [
          `cspr: port ${port} is in use by another process: stop the other process or set PORT to a free port`,
        ],
      });
      // In process too: startBot rejects, and the store file it opened is closed again (it opens at once).
      const config = loadConfig({ PORT: String(port), DATA_DIR: dataDir, CSPR_CONFIG: '' });
      await expect(
        startBot(config, { log: createLogger({ level: 'silent' }) }),
      ).rejects.toBeInstanceOf(ListenError);
      await (await openSqliteStore(dataDir)).close();
    } finally {
      await release();
    }
  });

  it('a store file locked by another process: exit 1, one line naming the file', async () => {
    const dataDir = tmpDir();
    const holder = await openSqliteStore(dataDir);
    try {
      const r = await runBot({ PORT: '0', DATA_DIR: dataDir });
      expect(r).toEqual({
        code: 1,
        lines: [
          `cspr: the store file ${path.join(dataDir, SQLITE_FILE)} is in use by another process (stop the other bot or command first)`,
        ],
      });
    } finally {
      await holder.close();
    }
  });

  it('a store file that is not a store: exit 1, one line naming the file', async () => {
    const dataDir = tmpDir();
    fs.writeFileSync(path.join(dataDir, SQLITE_FILE), 'garbage '.repeat(1000));
    const r = await runBot({ PORT: '0', DATA_DIR: dataDir });
    expect(r).toEqual({
      code: 1,
      lines: [
        `cspr: the store file ${path.join(dataDir, SQLITE_FILE)} is not a readable CSPR store (damaged, or not a SQLite database)`,
      ],
    });
  });

  it('a bad MONGODB_URI: exit 1, one line saying so, without the password', async () => {
    const r = await runBot({
      PORT: '0',
      DATA_DIR: tmpDir(),
      MONGODB_URI: 'mongodb://cspr:s3cret-pw@host:notaport/cspr',
    });
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(
      /^cspr: MONGODB_URI is not a valid MongoDB connection string \(.+\)$/,
    );
    expect(r.lines[0]).not.toContain('s3cret-pw');
  });
});
