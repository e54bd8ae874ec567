/**
 * The Microsoft 365 Agents Playground itself, driven in headless Debian Chromium: the bot as
 * `npm start` runs it (the demo partnership, local mode: no credentials, no Graph) and the
 * Playground with the committed `.m365agentsplayground.yml`, both on free ports. In the
 * Playground's UI the demo LA lead types `notify`, fills and submits the notification card, records
 * the facts, and votes as the local authority (a statutory partner); each step waits on the card the
 * Playground renders, and the case card must show the recorded vote. The browser may reach loopback
 * only: every other request (the Playground's web fonts on Microsoft's CDN) is refused and
 * recorded, and the flow must work without it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../../src/bot.js';
import { loadConfig } from '../../../src/config.js';
import { manualClock } from '../../../src/domain/clock.js';
import { createLogger } from '../../../src/logger.js';
import { CAPTURE_LEVEL, capturingDestination } from '../../support/log-sink.js';
import { launchChromium } from '../../support/chromium.js';
import { NOW } from './harness.js';
import { startPlayground, type Playground } from './playground-process.js';

let dir: string;
let bot: RunningBot;
let playground: Playground;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const logs: string[] = [];
const refused: string[] = [];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

beforeAll(async () => {
  browser = await launchChromium(); // fails, with the fix, when Chromium is missing
  dir = mkdtempSync(join(tmpdir(), 'cspr-playground-'));
  const config = loadConfig({ DATA_DIR: join(dir, 'data') });
  bot = await startBot(
    { ...config, port: 0 },
    {
      clock: manualClock(NOW),
      log: createLogger({ level: CAPTURE_LEVEL, destination: capturingDestination(logs) }),
    },
  );
  playground = await startPlayground({
    appEndpoint: `http://localhost:${bot.port}/api/messages`,
    logDir: dir,
  });
  await browser.context.route(
    (u) => !LOOPBACK.has(u.hostname),
    (route) => {
      refused.push(route.request().url());
      return route.abort('internetdisconnected');
    },
  );
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  // What the Playground showed last (test-results/ is git-ignored): the first thing to look at when this fails.
  await page
    ?.screenshot({ path: join(process.cwd(), 'test-results', 'playground.png'), fullPage: true })
    .catch(() => undefined);
  await browser?.close();
  await playground?.stop();
  await bot?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The Playground's message box (a rich-text editor): type and send. */
async function send(text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The last rendered Adaptive Card whose text contains `text`. */
const cardWith = (text: string | RegExp): Locator =>
  page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();

// One walk, in two steps of the same page (each within a few seconds on a quiet machine).
describe.sequential('the Agents Playground in Chromium', () => {
  it('opens and reaches the bot: its install greeting is rendered', async () => {
    // The first load of the Playground's bundle is the slow part on a loaded machine: it gets 30 s, the steps after it 10 s each.
    await page.goto(playground.url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    await cardWith('CSPR bot: what you can ask').waitFor({ timeout: 30_000 }); // the install greeting: the Playground reached the bot
  }, 45_000);

  it('notify, the facts and one vote, each card rendered', async () => {
    await send('notify');
    const form = cardWith('Notify a serious incident');
    await form.waitFor();
    await form
      .getByRole('combobox', { name: 'Date the local authority became aware' })
      .fill('2026-12-22');
    await form.getByText('The child died').click();
    await form.getByText('Suspected', { exact: true }).click();
    await form.getByRole('combobox', { name: 'Where' }).click();
    await page.getByRole('option', { name: 'In our area', exact: true }).click();
    await form.getByRole('textbox', { name: 'Child 1: pseudonym' }).fill('Child A');
    await form.getByRole('spinbutton', { name: 'Child 1: age' }).fill('4');
    await form.getByRole('textbox', { name: 'Notifying agency' }).fill('Police');
    await form
      .getByRole('textbox', { name: 'Short summary (no names)' })
      .fill('Serious injury at home; neglect suspected.');
    await form.getByRole('button', { name: 'Notify' }).click();

    const caseCard = cardWith(/Case DEMO-\d{4}-\d{3}/);
    await caseCard.waitFor();
    const ref = /DEMO-\d{4}-\d{3}/.exec(await caseCard.innerText())![0];
    await expect.poll(() => caseCard.innerText()).toContain('Not yet voted');

    await caseCard.getByRole('button', { name: 'Record facts' }).click();
    const facts = cardWith('Rapid review facts');
    await facts.waitFor();
    await facts
      .getByRole('textbox', { name: 'Summary of what happened' })
      .fill('Found injured at home; known to several agencies.');
    await facts.getByRole('combobox', { name: 'Agencies involved' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Police', exact: true }).click();
    await expect
      .poll(() =>
        page
          .getByRole('menuitemcheckbox', { name: 'Police', exact: true })
          .getAttribute('aria-checked'),
      )
      .toBe('true');
    await page.keyboard.press('Escape');
    await facts
      .getByRole('textbox', { name: 'Key practice episodes' })
      .fill('Missed health visits in October.');
    await facts
      .getByRole('radiogroup', { name: 'Is immediate action needed to keep other children safe?' })
      .getByText('No', { exact: true })
      .click();
    await facts
      .getByRole('textbox', { name: 'Learning identified' })
      .fill('Information sharing between agencies.');
    await facts
      .getByRole('radiogroup', { name: 'Could it be complex or of national importance?' })
      .getByText('No', { exact: true })
      .click();
    await facts.getByRole('button', { name: 'Save facts' }).click();
    await cardWith('Rapid-review facts recorded.').waitFor();
    await bot.idle(); // the bot's update of the shared case card is drawn before the refresh below

    // The case card, refreshed as the partner sees it: with their vote form in it.
    await cardWith(`Case ${ref}`).getByRole('button', { name: 'Refresh' }).click();
    const vote = cardWith(`Case ${ref}`).filter({ hasText: 'Vote for Local authority' });
    await vote.waitFor();
    await vote.getByText('Local child safeguarding practice review', { exact: true }).click();
    await vote
      .getByRole('textbox', { name: 'Rationale' })
      .fill('Criteria met: multi-agency learning likely.');
    await vote.getByRole('button', { name: 'Cast vote' }).click();
    // Two answers reach the same card: the invoke's (the voter's own card, "Your vote is recorded.") and the
    // bot's update of the shared case card after the change (votes hidden; real Teams then refreshes it per
    // user through refresh.userIds, which the Playground does not do). Either may be drawn last, so wait for
    // one of them, then for the bot's work after the answer, then refresh as the voter.
    await cardWith('Your vote is recorded')
      .or(cardWith(`Case ${ref}`).filter({ hasText: 'Voted (hidden until all three have voted)' }))
      .first()
      .waitFor();
    await bot.idle();
    await cardWith(`Case ${ref}`).getByRole('button', { name: 'Refresh' }).click();
    // The case card as its voter sees it: the local authority's own vote shown to its voter, the others still open.
    await cardWith(`Case ${ref}`)
      .filter({
        hasText:
          /Local authority\s*Local child safeguarding practice review \(Demo LA lead\): Criteria met/,
      })
      .waitFor();
    await expect.poll(() => cardWith(`Case ${ref}`).innerText()).toMatch(/Police\s*Not yet voted/);
    // Only loopback was needed: whatever else the page asked for (the CDN's web fonts) was refused.
    expect(
      refused.filter((u) => !u.startsWith('https://res-1.cdn.office.net/')),
      refused.join('\n'),
    ).toEqual([]);
  }, 60_000);
});
