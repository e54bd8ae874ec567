/**
 * Starts the whole bot (startBot on loadConfig) with a partnership file, a temp DATA_DIR, a fixed
 * clock and SLACK_API_URL pointing at the fake Slack; collects every log line; and offers the steps
 * of the rapid review as Slack would send them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startBot, type RunningBot } from '../../../src/bot.js';
import { loadConfig } from '../../../src/config.js';
import { manualClock } from '../../../src/domain/clock.js';
import { createLogger } from '../../../src/logger.js';
import type { StorePort } from '../../../src/store/port.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { wrapStore } from '../../support/wrap-store.js';
import type { Case } from '../../../src/domain/case.js';
import { APP_TOKEN, FakeSlack, type Call } from './fake-slack.js';
import { FakeSocketMode } from './fake-socket-mode.js';
import { SIGNING_SECRET, SlackSender, SocketSender, type Sent } from './slack-sender.js';
import { CAPTURE_LEVEL, capturingDestination, sensitive } from '../../support/log-sink.js';

/** Wednesday 23 December 2026, 10:00 in London. */
export const NOW = '2026-12-23T10:00:00Z';

export const U = {
  la: 'U0LALEAD1',
  police: 'U0POLICE1',
  health: 'U0HEALTH1',
  bm: 'U0BUSMGR1',
  chair: 'U0CHAIR01',
  scrutineer: 'U0SCRUT01',
  member: 'U0MEMBER1',
  portsLa: 'U0PORTSLA',
  outsider: 'U0NOROLE1',
} as const;

export const PARTNERSHIPS_YAML = `
partnerships:
  - id: lincs
    name: Lincolnshire Safeguarding Children Partnership
    refPrefix: LINCS
    procedure: england-2023
    timeZone: Europe/London
    slack: { teamId: T0LINCS01 }
    holders:
      - { id: la-lead, name: Alex Morgan, roles: [la], slackUserId: ${U.la} }
      - { id: police-lead, name: Priya Shah, roles: [police], slackUserId: ${U.police} }
      - { id: health-lead, name: Hannah Jones, roles: [health], slackUserId: ${U.health} }
      - { id: bm, name: Ben Carter, roles: [business-manager], slackUserId: ${U.bm} }
      - { id: chair, name: Chris Patel, roles: [chair], slackUserId: ${U.chair} }
      - { id: scrutineer, name: Sam Okafor, roles: [scrutineer], slackUserId: ${U.scrutineer} }
      - { id: member, name: Mo Ahmed, roles: [member], slackUserId: ${U.member} }
  - id: ports
    name: Portsmouth Safeguarding Children Partnership
    refPrefix: PORTS
    slack: { teamId: T0LINCS01 }
    holders:
      - { id: ports-la, name: Pat Lee, roles: [la], slackUserId: ${U.portsLa} }
      - { id: ports-police, name: Pip Young, roles: [police] }
      - { id: ports-health, name: Poppy Hill, roles: [health] }
`;

/** A valid notification: a death in the area, neglect suspected, two children, aware on Tuesday 22 December. */
export const NOTIFICATION = {
  awareOn: '2026-12-22',
  incidentOn: '2026-12-20',
  harm: 'death',
  abuseOrNeglect: 'suspected',
  location: 'in-area',
  childStatus: 'none',
  child1Pseudonym: 'Child A',
  child1Age: '4',
  child2Pseudonym: 'Sibling B',
  child2Age: '7',
  notifyingAgency: 'Children’s social care',
  summary: 'Infant death at home; neglect suspected. Sibling B was present.',
};

export const FACTS = {
  summary: 'Child A was found unresponsive at home; the family were known to several agencies.',
  agencies: ['childrens-social-care', 'police', 'health-visiting', 'gp'],
  keyEpisodes: 'Missed health visits in October; a police call-out in November.',
  immediateAction: 'yes',
  immediateActionDetail: 'Sibling B placed with grandparents under a safety plan.',
  learning: 'Information sharing between health visiting and social care.',
  complexOrNational: 'no',
  themes: ['neglect', 'safe-sleep'],
};

export const CRITERIA: Record<string, string> = {
  improvements: 'yes',
  'improvements-evidence': 'Missed visits were not escalated.',
  'recurrent-themes': 'yes',
  'multi-agency': 'yes',
  'panel-referred': 'no',
  'single-agency': 'unclear',
  'no-agency': 'no',
  'cross-boundary': 'no',
  institutional: 'no',
};

// Free text of the test data: never in a log line (checked by the shared log sink after each suite).
sensitive(
  NOTIFICATION.child1Pseudonym,
  NOTIFICATION.child2Pseudonym,
  NOTIFICATION.summary,
  FACTS.summary,
  FACTS.keyEpisodes,
  FACTS.immediateActionDetail,
  FACTS.learning,
  CRITERIA['improvements-evidence'],
  SIGNING_SECRET,
  'xoxb-test-token',
  APP_TOKEN,
);

export interface Harness {
  clock: ReturnType<typeof manualClock>;
  /** Milliseconds every write of the audit trail waits (a slow store); 0 by default. */
  storeDelay: { ms: number };
  fake: FakeSlack;
  bot: RunningBot;
  slack: SlackSender;
  /** The fake Socket Mode connection, when the harness runs in Socket Mode. */
  socket?: FakeSocketMode;
  logs: string[];
  dir: string;
  /** Stops the bot (not the fake Slack) and starts a new one on the same DATA_DIR: a process restart (with another partnership file, when given). */
  restart(partnershipsYaml?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Wraps the store (e.g. to fail a chosen write, or to spy on every query); applied again on restart. */
  wrapStore?: (store: StorePort) => StorePort;
  /** Another partnership file (default PARTNERSHIPS_YAML). */
  partnershipsYaml?: string;
  /** Run the bot in Socket Mode (SLACK_APP_TOKEN, no signing secret) against the fake's WebSocket. */
  socketMode?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = new FakeSlack();
  await fake.start();
  const socket = options.socketMode ? new FakeSocketMode(fake) : undefined;
  socket?.start();
  for (const id of Object.values(U)) fake.users.add(id);
  const dir = mkdtempSync(join(tmpdir(), 'cspr-slack-'));
  writeFileSync(join(dir, 'partnerships.yaml'), options.partnershipsYaml ?? PARTNERSHIPS_YAML);
  const logs: string[] = [];
  const destination = capturingDestination(logs);
  const env = {
    PORT: '0',
    DATA_DIR: join(dir, 'data'),
    CSPR_CONFIG: join(dir, 'partnerships.yaml'),
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    ...(socket ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    SLACK_API_URL: fake.apiUrl,
  };
  let config = loadConfig(env);
  const storeDelay = { ms: 0 };
  const clock = manualClock(NOW);
  const log = createLogger({ level: CAPTURE_LEVEL, destination });
  const boot = async () => {
    const store = slowWrites(await openSqliteStore(config.dataDir), storeDelay);
    return startBot(config, {
      store: options.wrapStore ? options.wrapStore(store) : store,
      clock,
      log,
    });
  };
  const bot = await boot();
  const sender = (b: RunningBot) =>
    socket
      ? new SocketSender(fake, socket)
      : new SlackSender(`http://127.0.0.1:${b.port}/slack/events`, fake);
  const h: Harness = {
    clock,
    storeDelay,
    fake,
    bot,
    slack: sender(bot),
    ...(socket ? { socket } : {}),
    logs,
    dir,
    async restart(partnershipsYaml?: string) {
      await h.bot.stop();
      if (partnershipsYaml) {
        writeFileSync(join(dir, 'partnerships.yaml'), partnershipsYaml);
        config = loadConfig(env);
      }
      h.bot = await boot();
      h.slack = sender(h.bot);
    },
    async stop() {
      await h.bot.stop(); // waits on the bot's idle(): handlers after their ack, queued effects, App Home publishes
      await socket?.stop();
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The store, with writes to the audit trail delayed by `delay.ms` (to play a slow database). */
function slowWrites(store: StorePort, delay: { ms: number }): StorePort {
  return wrapStore(store, (name, key, fn) =>
    name === 'store' && key === 'appendCommit'
      ? async (...args: unknown[]) => {
          if (delay.ms) await new Promise((r) => setTimeout(r, delay.ms));
          return fn(...args);
        }
      : fn,
  );
}

export async function allCases(h: Harness): Promise<Case[]> {
  return h.bot.service.repo.list(['lincs', 'ports']);
}

/** The modal of the last views.open call (after the given count of earlier ones). */
export async function openedView(h: Harness, count: number): Promise<Record<string, unknown>> {
  const calls = await h.fake.waitForCalls('views.open', count);
  return calls[count - 1]!.args.view as Record<string, unknown>;
}

/** `/cspr notify` then a submission of the modal; returns the answer and the created case. */
export async function notify(
  h: Harness,
  user: string = U.la,
  answers: Record<string, string | string[]> = NOTIFICATION,
): Promise<{ answer: Sent; view: Record<string, unknown>; viewId: string }> {
  const before = h.fake.callsTo('views.open').length;
  const ack = await h.slack.command(user, 'notify');
  expect(ack.status).toBe(200);
  const view = await openedView(h, before + 1);
  const viewId = `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  const answer = await h.slack.submit(user, view, answers, viewId);
  return { answer, view, viewId };
}

/** Clicks a case-message button and returns the modal it opened (or undefined when refused). */
export async function openForm(
  h: Harness,
  user: string,
  action: string,
  caseId: string,
  channel: string,
): Promise<Record<string, unknown>> {
  const before = h.fake.callsTo('views.open').length;
  const ack = await h.slack.click(user, action, caseId, { channel });
  expect(ack.status).toBe(200);
  return openedView(h, before + 1);
}

export const textOf = (call: Call | undefined): string => JSON.stringify(call?.args ?? {});

/**
 * Waits until the case (the first one, or the one with `ref`) has its Slack channel and case
 * message recorded; returns it freshly loaded, with the channel id and the message ts.
 */
export async function settledChannel(
  h: Harness,
  ref?: string,
): Promise<{ c: Case; channel: string; ts: string }> {
  for (let i = 0; i < 300; i++) {
    const listed = (await allCases(h)).find((x) => !ref || x.ref === ref);
    const c = listed && (await h.bot.service.repo.load(listed.id));
    const ch = c?.channels.find((x) => x.platform === 'slack');
    if (c && ch?.meta?.messageTs) return { c, channel: ch.id, ts: ch.meta.messageTs as string };
    await h.bot.idle();
  }
  throw new Error('the case channel was never recorded');
}

/** A slash command's ephemeral reply (through its response_url), as text. */
export async function commandReply(
  h: Harness,
  user: string,
  text: string,
  channel?: string,
): Promise<string> {
  const before = h.fake.callsTo('response_url').length;
  expect((await h.slack.command(user, text, channel)).status).toBe(200);
  const calls = await h.fake.waitForCalls('response_url', before + 1, 15_000);
  expect(calls[before]!.args.response_type).toBe('ephemeral');
  return textOf(calls[before]);
}
