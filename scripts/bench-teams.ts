/**
 * `npm run bench:teams`: the latency of `help` to the bot in Teams against a bare Agents SDK app
 * (CloudAdapter + ActivityHandler answering every message with the same help card), in the same
 * run, over HTTP, with the same local Bot Connector receiving the replies. Rounds alternate between
 * the two so that a busy machine slows both alike. Prints p50/p99 of each and the ratio against the
 * target (the bot's p99 within 1.2× of the bare app's).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Activity } from '@microsoft/agents-activity';
import {
  ActivityHandler,
  CloudAdapter,
  type Request as AgentsRequest,
} from '@microsoft/agents-hosting';
import express from 'express';
import { startBot } from '../src/bot.js';
import { helpCard } from '../src/bots/teams/commands.js';
import { cardActivity } from '../src/bots/teams/connector.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 200);
const TARGET = 1.2;

/** The Bot Connector: takes every reply, answers with an id. */
async function connector(): Promise<{ url: string; server: Server; replies: () => number }> {
  let replies = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      replies++;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `a-${replies}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    server,
    replies: () => replies,
  };
}

/** The bare app: what the SDK costs with nothing of ours in the turn but the same card. */
async function bareApp(): Promise<{ url: string; server: Server }> {
  const adapter = new CloudAdapter({});
  const card = cardActivity(helpCard(), 'CSPR bot');
  const handler = new ActivityHandler().onMessage(async (ctx, next) => {
    await ctx.sendActivity(Activity.fromObject(card));
    await next();
  });
  const app = express();
  app.post(
    '/api/messages',
    (req, res, next) => adapter.authorizeRequest(req as unknown as AgentsRequest, res, next),
    express.json(),
    (req, res) => {
      void adapter.process(req as unknown as AgentsRequest, res, (ctx) => handler.run(ctx));
    },
  );
  const server = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, server };
}

function helpActivity(serviceUrl: string): string {
  return JSON.stringify({
    id: randomUUID(),
    type: 'message',
    text: 'help',
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:1bench', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Bench' },
    recipient: { id: '28:cspr-bot', name: 'CSPR' },
    conversation: { id: 'a:personal-bench', conversationType: 'personal' },
    channelData: { tenant: { id: '7d1f0000-0000-4000-8000-00000000aaaa' } },
    locale: 'en-GB',
  });
}

async function round(url: string, body: string, n: number, into: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    into.push(performance.now() - t);
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function main(): Promise<void> {
  const conn = await connector();
  const dir = mkdtempSync(join(tmpdir(), 'cspr-bench-teams-'));
  const config = loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    CSPR_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  });
  const bot = await startBot({ ...config, port: 0 }, { log: createLogger({ level: 'silent' }) });
  const bare = await bareApp();
  const botUrl = `http://127.0.0.1:${bot.port}/api/messages`;
  const body = helpActivity(conn.url);
  // Warm both up (JIT, connection pools) before measuring.
  await round(botUrl, body, 100, []);
  await round(bare.url, body, 100, []);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    await round(bare.url, body, PER_ROUND, theirs);
    await round(botUrl, body, PER_ROUND, ours);
  }
  const fmt = (x: number) => `${x.toFixed(2)} ms`;
  const ratio = pct(ours, 99) / pct(theirs, 99);
  console.log(
    `help in Teams, ${ours.length} activities each, ${ROUNDS} alternating rounds; replies received: ${conn.replies()}`,
  );
  console.log(`  bare Agents SDK app  p50 ${fmt(pct(theirs, 50))}  p99 ${fmt(pct(theirs, 99))}`);
  console.log(`  CSPR bot             p50 ${fmt(pct(ours, 50))}  p99 ${fmt(pct(ours, 99))}`);
  console.log(
    `  p99 ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET}×): ${ratio <= TARGET ? 'met' : 'NOT met'}`,
  );
  await bot.stop();
  await new Promise<void>((r) => bare.server.close(() => r()));
  await new Promise<void>((r) => conn.server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
}

await main();
