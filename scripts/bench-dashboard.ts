/**
 * `npm run bench:dashboard`: the review group's dashboard with 500 open cases (BENCH_CASES), in
 * headless Debian Chromium: the server's time to render the page, its size, and the browser's first
 * contentful paint after signing in through a single-use link — against a bare Express app serving
 * a one-line page in the same run. Target: first paint under 1 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import express from 'express';
import type { Page } from 'playwright-core';
import { startBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { actorOf } from '../src/app/identity.js';
import { manualClock } from '../src/domain/clock.js';
import { createLogger } from '../src/logger.js';
import { launchChromium } from '../tests/support/chromium.js';
import { CRITERION_KEYS } from '../src/domain/criteria.js';
import type { CriteriaAssessment } from '../src/domain/case.js';

const CASES = Number(process.env.BENCH_CASES ?? 500);
const RUNS = 5;
const TARGET_MS = 1000;

const YAML = `
partnerships:
  - id: bench
    name: Benchmark Safeguarding Children Partnership
    refPrefix: BENCH
    holders:
      - { id: la, name: LA lead, roles: [la] }
      - { id: police, name: Police lead, roles: [police] }
      - { id: health, name: Health lead, roles: [health] }
      - { id: bm, name: Business manager, roles: [business-manager] }
      - { id: chair, name: Chair, roles: [chair] }
`;
const CRITERIA = Object.fromEntries(
  CRITERION_KEYS.map((k) => [k, { answer: 'yes' }]),
) as CriteriaAssessment;

async function firstPaint(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  // The paint entry can come just after `load` on a tiny page: wait for it (buffered), 5 s at most.
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const e = list.getEntriesByName('first-contentful-paint')[0];
          if (e) resolve(e.startTime);
        }).observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve(Number.NaN), 5000);
      }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-bench-dashboard-'));
  fs.writeFileSync(path.join(dir, 'partnerships.yaml'), YAML);
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: path.join(dir, 'data'),
    CSPR_CONFIG: path.join(dir, 'partnerships.yaml'),
  });
  const clock = manualClock('2027-01-04T09:00:00Z');
  const bot = await startBot(config, { clock, log: createLogger({ level: 'silent' }) });
  const p = config.partnerships[0]!;
  const who = (id: string) =>
    actorOf(
      p,
      p.holders.find((h) => h.id === id)!,
    );
  const seedStart = performance.now();
  for (let i = 0; i < CASES; i++) {
    // Aware on a spread of days over the last months: some overdue, some met, some due.
    const aware = new Date(Date.UTC(2026, 8, 1) + (i % 120) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const { case: c } = await bot.service.notify(who('la'), {
      awareOn: aware,
      harm: 'serious-harm',
      abuseOrNeglect: 'suspected',
      location: 'in-area',
      childStatus: 'none',
      children: [{ pseudonym: 'Child A', age: 3 }],
      notifyingAgency: 'Children’s social care',
      summary: 'Benchmark case.',
    });
    if (i % 2 === 0)
      await bot.service.run(who('la'), c.id, { type: 'record-panel-notified', on: aware });
    if (i % 3 === 0) {
      await bot.service.run(who('bm'), c.id, {
        type: 'record-facts',
        facts: {
          summary: 's',
          agencies: ['police'],
          keyEpisodes: 'k',
          immediateAction: false,
          learning: 'l',
          complexOrNational: false,
          themes: i % 6 ? ['neglect'] : ['neglect', 'safe-sleep'],
        },
      });
      await bot.service.run(who('bm'), c.id, { type: 'assess-criteria', criteria: CRITERIA });
    }
  }
  const seedMs = performance.now() - seedStart;

  const base = `http://localhost:${bot.port}`;
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  const { url } = await bot.access.signInLink([who('chair')]);
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard$/);
  const rows = await page.locator('table#cases tbody tr').count();

  // Server alone: time to the last byte of the page, with the session cookie.
  const cookie = (await browser.context.cookies()).find((c) => c.name === 'cspr_session')!;
  const serverMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/dashboard`, {
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    bytes = (await res.arrayBuffer()).byteLength;
    serverMs.push(performance.now() - t);
  }
  const paints: number[] = [];
  for (let i = 0; i < RUNS; i++) paints.push(await firstPaint(page, `${base}/dashboard`));

  // The bare framework app: a one-line page from Express, same browser, same run.
  const bare = express();
  bare.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><html lang="en"><title>bare</title><p>Hello</p></html>');
  });
  const server = await new Promise<Server>((resolve) => {
    const s = bare.listen(0, () => resolve(s));
  });
  const barePort = (server.address() as { port: number }).port;
  const barePaints: number[] = [];
  for (let i = 0; i < RUNS; i++)
    barePaints.push(await firstPaint(page, `http://localhost:${barePort}/`));

  await browser.close();
  server.close();
  await bot.stop();
  fs.rmSync(dir, { recursive: true, force: true });

  const fp = median(paints);
  console.log(
    `open cases on the dashboard:        ${rows} (seeded ${CASES} in ${(seedMs / 1000).toFixed(1)} s, not measured)`,
  );
  console.log(`page size:                          ${(bytes / 1024).toFixed(0)} KiB`);
  console.log(`server render + transfer (median):  ${median(serverMs).toFixed(0)} ms`);
  console.log(
    `first contentful paint (median ${RUNS}): ${fp.toFixed(0)} ms   target < ${TARGET_MS} ms   ${fp < TARGET_MS ? 'MET' : 'NOT MET'}`,
  );
  console.log(`bare Express one-line page, FCP:    ${median(barePaints).toFixed(0)} ms`);
  if (!(fp < TARGET_MS)) process.exitCode = 1;
}

void main();
