/**
 * `npm run bench:cold`: the cold-start figure of `npm run bench` alone, quick enough to run after
 * each change. Builds dist/ once, then alternates BENCH_STARTS (default 9) starts of the bot
 * (`node dist/bot/main.js` as `npm start` runs it, Slack only, as in the bench) and of the bare Bolt app, each until GET
 * /healthz answers 200, and prints both medians and their ratio. The store is empty unless
 * BENCH_CASES asks for seeded cases (the full bench starts on 10,000).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parsePartnerships } from '../src/config.js';
import type { IsoDate } from '../src/domain/calendar.js';
import { DataCipher } from '../src/store/cipher.js';
import { median, startChild, stopChild } from './bench/child.js';
import { partnershipFile } from './bench/partnerships.js';
import { seedStore } from './bench/seed.js';

const STARTS = Number(process.env.BENCH_STARTS ?? 9);
const CASES = Number(process.env.BENCH_CASES ?? 0);
const PARTNERSHIPS = 100;
const TEAM = 'T0BENCH01';
const BOT = 'dist/bot/main.js';
const BARE = 'scripts/bench/bare-bolt.mjs';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-bench-cold-'));
  const dataDir = path.join(dir, 'data');
  const config = path.join(dir, 'partnerships.json');
  fs.writeFileSync(config, partnershipFile(PARTNERSHIPS, TEAM));
  const key = DataCipher.generateKey();
  if (process.env.BENCH_BUILD !== '0') {
    console.log('building (npm run build) …');
    const build = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the build failed: ${build.stdout}${build.stderr}`);
  }
  if (CASES > 0) {
    const { partnerships, problems } = parsePartnerships(fs.readFileSync(config, 'utf8'), 'bench');
    if (problems.length) throw new Error(problems.join('\n'));
    const day = new Date().toISOString().slice(0, 10) as IsoDate;
    const seeded = await seedStore(dataDir, partnerships, CASES, day, new DataCipher(key), 0.2);
    console.log(`seeded ${seeded.cases} cases (${seeded.commits} commits)`);
  }
  // The Web API both apps are pointed at: answers ok to anything (no call leaves the machine).
  const api = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
    );
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  const env = {
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    CSPR_CONFIG: config,
    CSPR_DATA_KEY: key.key.toString('base64'),
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: `http://127.0.0.1:${(api.address() as { port: number }).port}/api/`,
    NODE_ENV: 'production',
  };
  const botEnv = { ...env, LOG_LEVEL: 'info' }; // the bench reads the port from "CSPR bot listening"
  const bot: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    // Alternating which goes first, so that a burst of load from elsewhere falls on both.
    const order = i % 2 === 0 ? (['bot', 'bare'] as const) : (['bare', 'bot'] as const);
    for (const who of order) {
      const started = await startChild(who === 'bot' ? BOT : BARE, who === 'bot' ? botEnv : env);
      (who === 'bot' ? bot : bare).push(started.ms);
      await stopChild(started.child);
    }
  }
  api.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`bot  starts (ms): ${fmt(bot)}`);
  console.log(`bare starts (ms): ${fmt(bare)}`);
  const ratio = median(bot) / median(bare);
  console.log(
    `cold start to /healthz: bot ${median(bot).toFixed(0)} ms, bare Bolt ${median(bare).toFixed(0)} ms, ${ratio.toFixed(2)}× (target ≤ 1.5×) ${CASES} cases, median of ${STARTS}`,
  );
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
