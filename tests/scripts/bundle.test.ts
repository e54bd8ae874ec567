/**
 * The bundle `npm start` runs (scripts/bundle.ts → dist/bot/main.js): what its start loads, and
 * that it serves. The start imports the small libraries bundled (not from node_modules) and none
 * of the parts loaded on first use (the Teams SDK, the MongoDB driver, docx, the tab's token
 * check); the bundled bot, run as a child process, answers /healthz, a signed `/cspr help`
 * through the fake Slack and a Teams message (local mode: its Teams code is a chunk of its own)
 * through the fake Bot Connector.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED, bundleBot } from '../../scripts/bundle.js';
import { FakeSlack } from '../bots/slack/fake-slack.js';
import { FakeTeams } from '../bots/teams/fake-teams.js';
import { PARTNERSHIPS_YAML, U } from '../bots/slack/harness.js';
import { SIGNING_SECRET, SlackSender } from '../bots/slack/slack-sender.js';
import { CHILD_MS } from '../support/child.js';

// Under the repository (node_modules/.cache), so that the bundle's imports of packages resolve as dist/bot's do.
const cache = path.resolve('node_modules/.cache');
let outdir: string;
let meta: Metafile;

beforeAll(async () => {
  fs.mkdirSync(cache, { recursive: true });
  outdir = fs.mkdtempSync(path.join(cache, 'bundle-test-'));
  meta = await bundleBot(outdir);
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** The packages (and node: modules) the entry imports before it runs: its static imports, chunk by chunk. */
function loadedAtStart(): Set<string> {
  const byPath = new Map(
    Object.entries(meta.outputs).map(([file, out]) => [path.resolve(file), out]),
  );
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of byPath.get(file)?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue; // a dynamic import() is loaded on first use
      if (imp.external) external.add(imp.path);
      else visit(path.resolve(imp.path));
    }
  };
  visit(path.join(outdir, 'main.js'));
  return external;
}

describe('the bundle npm start runs', () => {
  it('loads the bundled libraries from itself and the first-use parts not at all', () => {
    const atStart = [...loadedAtStart()];
    expect(atStart).toEqual(expect.arrayContaining(['@slack/bolt', 'express', 'better-sqlite3']));
    expect(BUNDLED).toEqual(['zod', 'luxon', 'croner']); // the libraries the start needs, bundled
    for (const lib of BUNDLED) expect(atStart.filter((p) => p.split('/')[0] === lib)).toEqual([]);
    for (const later of [
      '@microsoft/agents-hosting',
      '@microsoft/agents-activity',
      'adaptivecards-templating',
      'mongodb',
      'docx',
      'jose',
      'date-holidays',
    ])
      expect(atStart).not.toContain(later);
    // …and they are still there, behind import(): the bundle did not drop them.
    const dynamic = Object.values(meta.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(dynamic).toEqual(expect.arrayContaining(['@microsoft/agents-hosting', 'mongodb']));
  });

  it(
    'starts, answers /healthz, /cspr help on Slack and help on Teams, and stops on SIGTERM',
    { timeout: CHILD_MS + 5000 },
    async () => {
      const fake = new FakeSlack();
      await fake.start();
      const teams = await new FakeTeams().start();
      for (const id of Object.values(U)) fake.users.add(id);
      const dir = fs.mkdtempSync(path.join(cache, 'bundle-run-'));
      fs.writeFileSync(path.join(dir, 'partnerships.yaml'), PARTNERSHIPS_YAML);
      const child = spawn(process.execPath, [path.join(outdir, 'main.js')], {
        env: {
          ...process.env,
          PORT: '0',
          LOG_LEVEL: 'info',
          DATA_DIR: path.join(dir, 'data'),
          CSPR_CONFIG: path.join(dir, 'partnerships.yaml'),
          SLACK_BOT_TOKEN: 'xoxb-test-token',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: fake.apiUrl,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let out = '';
        const port = await new Promise<number>((resolve, reject) => {
          const onData = (d: Buffer) => {
            out += String(d);
            const m = /"port":(\d+)[^\n]*CSPR bot listening/.exec(out);
            if (m) resolve(Number(m[1]));
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
          child.once('exit', (code) =>
            reject(new Error(`the bundle exited (${code}): ${out.slice(-500)}`)),
          );
        });
        const health = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toEqual({ status: 'ok', store: 'sqlite' });

        const slack = new SlackSender(`http://127.0.0.1:${port}/slack/events`, fake);
        expect((await slack.command(U.police, 'help')).status).toBe(200);
        const [reply] = await fake.waitForCalls('response_url', 1);
        expect(reply!.args.response_type).toBe('ephemeral');
        expect(JSON.stringify(reply!.args)).toContain('/cspr status [REF]');

        // Teams in local mode (no MicrosoftAppId, not production): the turn's reply is sent before the answer.
        const conversation = 'a:bundle-personal-chat';
        const answer = await fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            id: 'bundle-1',
            text: 'help',
            timestamp: new Date().toISOString(),
            channelId: 'msteams',
            serviceUrl: teams.serviceUrl,
            from: {
              id: '29:1bundle-mri',
              aadObjectId: '00000000-0000-4000-8000-000000000b0b',
              name: 'B',
            },
            recipient: { id: '28:cspr-bot', name: 'CSPR' },
            conversation: { id: conversation, conversationType: 'personal' },
            locale: 'en-GB',
          }),
        });
        expect(answer.status).toBeLessThan(300);
        const [card] = teams.sent(conversation);
        expect(JSON.stringify(card?.body)).toContain('CSPR bot: what you can ask');

        const exited = new Promise<number | null>((r) => child.once('exit', r));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await fake.stop();
        await teams.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
