/**
 * The dashboard in a real browser (headless Debian Chromium): signed in through the single-use
 * link `/cspr dashboard` gives, the timeline and counts checked against cases created through the
 * Slack chat flow, keyboard use, axe-core with no serious or critical violation, and a screenshot
 * (test-results/dashboard.png, git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  allCases,
  commandReply,
  FACTS,
  notify,
  openForm,
  settledChannel,
  startHarness,
  U,
  type Harness,
} from '../bots/slack/harness.js';
import { launchChromium } from '../support/chromium.js';
import { ACTION_IDS } from '../../src/cards/slack/case-message.js';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let h: Harness;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
let refs: string[];

beforeAll(async () => {
  browser = await launchChromium(); // fails, with the fix, when Chromium is missing
  context = browser.context;
  h = await startHarness();
  await notify(h);
  const first = await settledChannel(h);
  // A second case, with its facts recorded through the case message's button.
  await notify(h);
  await h.fake.waitFor(
    async () =>
      (await allCases(h)).filter((c) => c.partnershipId === 'lincs').length === 2
        ? true
        : undefined,
    'two cases',
  );
  const view = await openForm(h, U.bm, ACTION_IDS.facts, first.c.id, first.channel);
  await h.slack.submit(U.bm, view, FACTS, 'VFACTS0001');
  await notify(h, U.portsLa);
  refs = (await allCases(h))
    .filter((c) => c.partnershipId === 'lincs')
    .map((c) => c.ref)
    .sort();
  page = await context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

describe('the dashboard in Chromium', () => {
  it('signs in through the single-use link and shows every open case on the timeline, with the counts', async () => {
    const reply = await commandReply(h, U.chair, 'dashboard');
    const link = /http:\/\/localhost:\d+\/dashboard\/sign-in\/[A-Za-z0-9_-]{43}/.exec(reply)?.[0];
    expect(link, reply).toBeDefined();
    await page.goto(link!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.title()).toContain('Review group dashboard');

    const rows = await page.locator('svg.timeline text').allTextContents();
    expect(rows.filter((t) => /^[A-Z]+-\d{4}-\d{3}$/.test(t)).sort()).toEqual(refs);
    expect(rows.some((t) => t.startsWith('Today 2026-12-23'))).toBe(true);
    expect(
      await page
        .locator('table#cases tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-ref')).sort()),
    ).toEqual(refs);
    expect(await page.locator('[data-count="notified"]').textContent()).toBe('2');
    expect(await page.locator('[data-count="rapid-completed"]').textContent()).toBe('0');
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('PORTS-');
    expect(body).not.toContain('Child A');
    expect(body).toContain('Notify the Panel (Local authority), due 2026-12-31');
    expect(await page.locator('li.mark-due').count()).toBeGreaterThan(0);

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
  });

  it('is usable by keyboard: the skip link first, then each case opens its summary and action plan', async () => {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Skip to the main content',
    );
    const link = page.locator('table#cases tbody tr').first().locator('a');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dashboard\/case\//);
    expect(await page.locator('h1').textContent()).toContain(refs[0]!);
    expect(await page.locator('#plan-caption').textContent()).toBe('Action plan');
    await page.goBack();
  });

  it('has no serious or critical accessibility violation (axe-core, WCAG 2.2 AA), on the dashboard and a case', async () => {
    for (const path of [
      '/dashboard',
      `/dashboard/case/${(await allCases(h)).find((c) => c.ref === refs[0])!.id}`,
    ]) {
      await page.goto(`http://localhost:${h.bot.port}${path}`);
      await page.evaluate(axeSource); // through the debugger: the page's CSP allows no script of its own
      const result = (await page.evaluate(() =>
        (window as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe.run({
          runOnly: {
            type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
          },
        }),
      )) as { violations: { id: string; impact: string; nodes: unknown[] }[]; passes: unknown[] };
      const serious = result.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(
        serious.map((v) => `${v.id} (${v.nodes.length})`),
        path,
      ).toEqual([]);
      expect(result.passes.length).toBeGreaterThan(10); // axe really ran
    }
  });

  it('runs the Teams tab’s scripts under its CSP; outside Teams the tab says how to get a sign-in link', async () => {
    const problems: string[] = [];
    const tab = await context.newPage();
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('console', (m) => {
      if (/Content Security Policy/.test(m.text()) && !m.text().includes('res.cdn.office.net'))
        problems.push(m.text());
    });
    await tab.goto(`http://localhost:${h.bot.port}/dashboard/tab`);
    await tab.waitForFunction(() =>
      document.getElementById('status')?.textContent?.includes('sign-in link'),
    );
    expect(problems).toEqual([]);
    expect(await tab.locator('body').innerText()).not.toContain(refs[0]!);
    await tab.close();
  });

  it('runs no script and loads nothing but its own stylesheet (the CSP holds in the browser)', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`http://localhost:${h.bot.port}/dashboard`);
    expect(requests.sort()).toEqual(['/dashboard', '/dashboard/style.css']);
    const styled = await page.evaluate(
      () => getComputedStyle(document.querySelector('h1')!).fontSize,
    );
    expect(styled).not.toBe('32px'); // the stylesheet applied (1.7rem), not the browser default
  });
});
