/**
 * kill -9 during writes: the bot runs as a child process on a SQLite DATA_DIR, notifications are
 * submitted over signed Slack requests (each a commit, a snapshot, a reference number, and then the
 * channel effects' commits) and the process is killed with SIGKILL while requests are in flight.
 * Every notification the bot acknowledged is in the store after the crash, and no case is half
 * written (commits 1, 2, 3… without a gap, a snapshot at the last one); the bot starts again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../../src/bot.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { CaseRepository } from '../../../src/store/case-repository.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { CHILD_MS } from '../../support/child.js';
import { diskTmpdir } from '../../support/disk.js';
import { storeProblems } from '../../support/faulty-store.js';
import { FakeSlack } from './fake-slack.js';
import { NOTIFICATION, PARTNERSHIPS_YAML, U } from './harness.js';
import { SIGNING_SECRET, SlackSender } from './slack-sender.js';

let fake: FakeSlack;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  fake = new FakeSlack();
  await fake.start();
  for (const id of Object.values(U)) fake.users.add(id);
  dir = mkdtempSync(join(diskTmpdir(), 'cspr-crash-')); // on the disk: the subject is what survives a kill -9
  writeFileSync(join(dir, 'partnerships.yaml'), PARTNERSHIPS_YAML);
  env = {
    ...(process.env as Record<string, string>),
    PORT: '0',
    LOG_LEVEL: 'info',
    DATA_DIR: join(dir, 'data'),
    CSPR_CONFIG: join(dir, 'partnerships.yaml'),
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  };
});
afterAll(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the bot; resolves with the process and its port once it listens. */
async function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the bot did not start: ${out.slice(-500)}`)),
      CHILD_MS,
    );
    const onData = (d: Buffer) => {
      out += String(d);
      const m = /"port":(\d+)[^\n]*CSPR bot listening/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}): ${out.slice(-500)}`)));
  });
  return { child, port };
}

describe('kill -9 during writes', () => {
  it(
    'loses no acknowledged write and leaves no half-written case; the bot starts again',
    async () => {
      const { child, port } = await startChild();
      const slack = new SlackSender(`http://127.0.0.1:${port}/slack/events`, fake);
      expect((await slack.command(U.la, 'notify')).status).toBe(200);
      const view = (await fake.waitForCalls('views.open', 1))[0]!.args.view as Record<
        string,
        unknown
      >;

      // The child runs on the real clock: the dates are yesterday and the day before.
      const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
      const answersOfForm = { ...NOTIFICATION, awareOn: day(1), incidentOn: day(2) };
      const acknowledged: string[] = [];
      const answers: string[] = [];
      let sent = 0;
      const submitOne = async () => {
        const viewId = `VCRASH${String(sent++).padStart(4, '0')}`;
        try {
          const answer = await slack.submit(U.la, view, answersOfForm, viewId);
          if (answer.status === 200 && answer.json?.response_action === 'update')
            acknowledged.push(viewId);
          else answers.push(`${answer.status} ${answer.text.slice(0, 200)}`);
        } catch {
          // in flight when the process died: not acknowledged, so either outcome is right
        }
      };
      // Four writers at a time; the process is killed once eight notifications were acknowledged.
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      const writers = Array.from({ length: 4 }, async () => {
        while (child.exitCode === null && child.signalCode === null && sent < 200) {
          await submitOne();
          if (acknowledged.length >= 8 && !child.killed) child.kill('SIGKILL');
        }
      });
      await Promise.all(writers);
      if (!child.killed) child.kill('SIGKILL');
      expect(answers.filter((a) => !a.startsWith('200')).slice(0, 3)).toEqual([]);
      expect(await exited).toBe('SIGKILL');
      expect(acknowledged.length, answers.slice(0, 2).join(' | ')).toBeGreaterThanOrEqual(8);

      // After the crash: every acknowledged notification is a case, and every case is whole. A commit
      // and its snapshot are two writes (case-repository.ts): a kill between them leaves the snapshot
      // behind its commits, or missing for a new case, which the next start-up repairs. Never a gap
      // or a half commit, and never a missing snapshot of an acknowledged case (it is answered after).
      const store = await openSqliteStore(env.DATA_DIR!);
      const repo = new CaseRepository(store);
      const ackedIds: string[] = [];
      for (const viewId of acknowledged) {
        const caseId = await repo.findByRequestKey(`slack:view:${viewId}`);
        expect(caseId, `acknowledged ${viewId} is stored`).toBeDefined();
        ackedIds.push(caseId!);
      }
      const lag =
        /: (commits but no snapshot \(an orphan\)|snapshot at version \d+, commits up to \d+)$/;
      const left = await storeProblems(store);
      expect(left.filter((p) => !lag.test(p))).toEqual([]);
      expect(
        left.filter((p) => p.includes('an orphan') && ackedIds.some((id) => p.includes(id))),
      ).toEqual([]);
      await repo.init(); // repairs missing snapshots
      for (const caseId of ackedIds) expect((await repo.load(caseId))?.state).toBe('notified');
      const cases = await repo.list(['lincs']);
      for (const c of cases) await repo.load(c.id); // a load repairs a snapshot behind its commits
      expect(await storeProblems(store)).toEqual([]);
      const refs = cases.map((c) => c.ref);
      expect(new Set(refs).size).toBe(refs.length); // no reference given twice
      await store.close();

      // And the bot starts again on the same DATA_DIR (in this process: what is under test is the store
      // the killed process left, not a second process start).
      const again = await startBot(loadConfig(env), { log: createLogger({ level: 'silent' }) });
      try {
        const health = await fetch(`http://127.0.0.1:${again.port}/healthz`);
        expect(await health.json()).toEqual({ status: 'ok', store: 'sqlite' });
        expect((await again.service.repo.list(['lincs'])).length).toBe(refs.length);
      } finally {
        await again.stop();
      }
    },
    2 * CHILD_MS,
  ); // a start-up of a child process, and the writes, on a loaded machine
});
