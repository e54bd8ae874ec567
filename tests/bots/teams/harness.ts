/**
 * Starts the whole bot (startBot on loadConfig) with a partnership file, a temp DATA_DIR, a fixed
 * clock and GRAPH_API_URL at the fake Microsoft Graph; the activities carry `serviceUrl` of the
 * fake Bot Connector. Collects every log line, and checks every card the bot sends or answers with
 * against the Adaptive Cards 1.5 library and the size budget.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startBot, type RunningBot } from '../../../src/bot.js';
import type { TokenProvider } from '../../../src/bots/teams/graph.js';
import { loadConfig } from '../../../src/config.js';
import type { Case } from '../../../src/domain/case.js';
import { manualClock } from '../../../src/domain/clock.js';
import { createLogger } from '../../../src/logger.js';
import type { StorePort } from '../../../src/store/port.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { CAPTURE_LEVEL, capturingDestination, sensitive } from '../../support/log-sink.js';
import { CARD_LIMIT_UTF16_BYTES, utf16Bytes } from '../../../src/cards/teams/index.js';
import { cardProblems, cardSize } from './card-check.js';
import type { FakeIssuer } from './fake-issuer.js';
import { FakeTeams, type Call } from './fake-teams.js';
import type { AuthProvider } from '@microsoft/agents-hosting';

export const NOW = '2026-12-23T10:00:00Z';
export const TENANT = '7d1f0000-0000-4000-8000-00000000aaaa';
export const TEAM = 'b5a1e2c3-0000-4000-8000-0000000c4a5e';
/**
 * A loose bound in UTF-8 bytes on a card as built (before the displayed texts are cut to fit);
 * every card as sent must also be within 40 KB counted in UTF-16 (CARD_LIMIT_UTF16_BYTES, checked
 * below and in cards.test.ts). The largest as built is the case card with its vote form re-shown at
 * the longest; ordinary cards are 2–30 KB.
 */
export const CARD_BUDGET = 64_000;

const aad = (n: number) => `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, '0')}`;

export interface User {
  key: string;
  aad: string;
  mri: string;
  name: string;
  /** The user's home tenant when Teams names it on the sender (a partner from another tenant in a shared channel). */
  tenantId?: string;
}

const user = (key: string, n: number, name: string): User => ({
  key,
  aad: aad(n),
  mri: `29:1${key}-mri`,
  name,
});

export const USERS = {
  la: user('la', 1, 'Alex Morgan'),
  police: user('police', 2, 'Priya Shah'),
  health: user('health', 3, 'Hannah Jones'),
  bm: user('bm', 4, 'Ben Carter'),
  chair: user('chair', 5, 'Chris Patel'),
  scrutineer: user('scrutineer', 6, 'Sam Okafor'),
  member: user('member', 7, 'Mo Ahmed'),
  southLa: user('southla', 8, 'Pat Lee'),
  outsider: user('outsider', 99, 'Olly Outsider'),
} as const;

export const PARTNERSHIPS_YAML = `
partnerships:
  - id: north
    name: North Safeguarding Children Partnership
    refPrefix: NORTH
    teams: { tenantId: ${TENANT}, casesTeamId: ${TEAM} }
    holders:
      - { id: la-lead, name: ${USERS.la.name}, roles: [la], teamsAadObjectId: ${USERS.la.aad} }
      - { id: police-lead, name: ${USERS.police.name}, roles: [police], teamsAadObjectId: ${USERS.police.aad} }
      - { id: health-lead, name: ${USERS.health.name}, roles: [health], teamsAadObjectId: ${USERS.health.aad} }
      - { id: bm, name: ${USERS.bm.name}, roles: [business-manager], teamsAadObjectId: ${USERS.bm.aad} }
      - { id: chair, name: ${USERS.chair.name}, roles: [chair], teamsAadObjectId: ${USERS.chair.aad} }
      - { id: scrutineer, name: ${USERS.scrutineer.name}, roles: [scrutineer], teamsAadObjectId: ${USERS.scrutineer.aad} }
      - { id: member, name: ${USERS.member.name}, roles: [member], teamsAadObjectId: ${USERS.member.aad} }
  - id: south
    name: South Safeguarding Children Partnership
    refPrefix: SOUTH
    holders:
      - { id: south-la, name: ${USERS.southLa.name}, roles: [la], teamsAadObjectId: ${USERS.southLa.aad} }
      - { id: south-police, name: South police lead, roles: [police] }
      - { id: south-health, name: South health lead, roles: [health] }
`;

/** A valid notification as the card's inputs: a death in the area, neglect suspected, two children. */
export const NOTIFICATION: Record<string, string> = {
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

export const FACTS: Record<string, string> = {
  summary: 'Child A was found unresponsive at home; the family were known to several agencies.',
  agencies: 'childrens-social-care,police,health-visiting',
  keyEpisodes: 'Missed health visits in October; a police call-out in November.',
  immediateAction: 'yes',
  immediateActionDetail: 'Sibling B placed with grandparents under a safety plan.',
  learning: 'Information sharing between health visiting and social care.',
  complexOrNational: 'no',
  themes: 'neglect,safe-sleep',
};

export const CRITERIA: Record<string, string> = {
  improvements: 'yes',
  'improvements-evidence': 'Two referrals closed without assessment.',
  'recurrent-themes': 'yes',
  'multi-agency': 'yes',
  'panel-referred': 'no',
  'single-agency': 'no',
  'no-agency': 'no',
  'cross-boundary': 'unclear',
  institutional: 'no',
};

/** Text that must never reach a log line. */
export const NEVER_LOGGED = [
  'Child A',
  'Sibling B',
  'Infant death at home',
  'found unresponsive',
  'rationale-marker',
];

// Free text of the test data and the Graph token: never in a log line (checked by the shared log sink after each suite).
sensitive(
  ...NEVER_LOGGED,
  NOTIFICATION.summary,
  FACTS.summary,
  FACTS.keyEpisodes,
  FACTS.immediateActionDetail,
  FACTS.learning,
  CRITERIA['improvements-evidence'],
  'local-graph-token',
  'local-connector-token',
);

/**
 * The outgoing token source the adapter uses for the Bot Connector when the bot has credentials
 * (in production the SDK's MSAL provider): one fixed token, every scope asked for recorded.
 */
export function localConnectorTokens(scopes: string[]): AuthProvider {
  const refuse = () => Promise.reject(new Error('not used by the bot'));
  return {
    getAccessToken: async (a: unknown, b?: string) => {
      scopes.push(typeof a === 'string' ? a : (b ?? ''));
      return 'local-connector-token';
    },
    getAgenticApplicationToken: refuse,
    getAgenticInstanceToken: refuse,
    getAgenticUserToken: refuse,
    acquireTokenOnBehalfOf: refuse,
  } as AuthProvider;
}

export interface Where {
  conversationId: string;
  kind: 'personal' | 'channel';
  channelId?: string;
}

export const personal = (u: User): Where => ({
  conversationId: `a:personal-chat-${u.key}`,
  kind: 'personal',
});
export const inChannel = (channelId: string): Where => ({
  conversationId: `${channelId};messageid=1`,
  kind: 'channel',
  channelId,
});

export interface InvokeResult {
  status: number;
  /** The card the invoke was answered with. */
  card: Record<string, unknown>;
  /** The card pressed, once the bot's work after the answer is done: updated in place, else the answer. */
  settled: Record<string, unknown>;
  /** The id of the message holding the pressed card (the invoke's replyToId). */
  messageId: string;
}

export class Harness {
  readonly fake = new FakeTeams();
  readonly logs: string[] = [];
  readonly clock = manualClock(NOW);
  readonly tokenCalls: (string | undefined)[] = [];
  /** Scopes the bot asked the connector token source for (with an issuer). */
  readonly connectorScopes: string[] = [];
  /** Every card seen (sent, updated or answered), for the 1.5 and size checks. */
  readonly cards: { where: string; card: Record<string, unknown> }[] = [];
  bot!: RunningBot;
  private dir = '';

  constructor(
    private readonly options: {
      graph?: boolean;
      env?: Record<string, string>;
      /** Wraps the store (e.g. to fail a chosen write, or to spy on every query); applied again on restart. */
      wrapStore?: (store: StorePort) => StorePort;
      /** Another partnership file (default PARTNERSHIPS_YAML), written once the fake Bot Connector is listening. */
      partnershipsYaml?: (fake: FakeTeams) => string;
      /** The built-in demo partnership (no partnership file), as `npm start` runs. */
      demo?: boolean;
      /** Turns authentication on against this local token issuer; every post then carries a valid token unless told otherwise. */
      issuer?: FakeIssuer;
    } = {},
  ) {}

  async start(): Promise<this> {
    for (const u of Object.values(USERS)) this.fake.people.set(u.aad, u.name);
    await this.fake.start();
    this.dir = mkdtempSync(join(tmpdir(), 'cspr-teams-'));
    writeFileSync(
      join(this.dir, 'partnerships.yaml'),
      this.options.partnershipsYaml?.(this.fake) ?? PARTNERSHIPS_YAML,
    );
    // Read again at each (re)start, as a process would: a restart after `rewritePartnerships` sees the new file.
    const configNow = () =>
      loadConfig({
        DATA_DIR: join(this.dir, 'data'),
        ...(this.options.demo ? {} : { CSPR_CONFIG: join(this.dir, 'partnerships.yaml') }),
        GRAPH_API_URL: this.fake.graphUrl,
        TEAMS_SERVICE_URL: this.fake.serviceUrl,
        ...this.options.issuer?.env(),
        ...this.options.env,
      });
    const log = createLogger({
      level: CAPTURE_LEVEL,
      destination: capturingDestination(this.logs),
    });
    const tokens: TokenProvider = {
      getToken: async (tenantId) => {
        this.tokenCalls.push(tenantId);
        return 'local-graph-token';
      },
    };
    this.boot = async () => {
      const config = configNow();
      const wrap = this.options.wrapStore;
      this.bot = await startBot(
        { ...config, port: 0 },
        {
          clock: this.clock,
          log,
          ...(wrap ? { store: wrap(await openSqliteStore(config.dataDir)) } : {}),
          teams: {
            ...(this.options.graph === false ? {} : { graphTokens: tokens }),
            ...(this.options.issuer
              ? { connectorTokens: localConnectorTokens(this.connectorScopes) }
              : {}),
          },
        },
      );
    };
    await this.boot();
    return this;
  }

  private boot: () => Promise<void> = async () => undefined;

  /** Replaces the partnership file (read at the next restart). */
  rewritePartnerships(yaml: string): void {
    writeFileSync(join(this.dir, 'partnerships.yaml'), yaml);
  }

  /** Stops the bot (not the fakes) and starts a new one on the same DATA_DIR: a process restart. */
  async restart(): Promise<void> {
    await this.bot.stop();
    await this.boot();
    await this.bot.idle();
  }

  async stop(): Promise<void> {
    this.fake.releaseGraph(); // the bot's stop waits for its work after the answers
    await this.bot?.stop();
    await this.fake.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.bot.port}/api/messages`;
  }

  activity(u: User, where: Where, extra: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      timestamp: this.clock.now().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.fake.serviceUrl,
      from: {
        id: u.mri,
        aadObjectId: u.aad,
        name: u.name,
        ...(u.tenantId ? { tenantId: u.tenantId } : {}),
      },
      recipient: { id: '28:cspr-bot', name: 'CSPR' },
      conversation: {
        id: where.conversationId,
        tenantId: TENANT,
        conversationType: where.kind,
        ...(where.kind === 'channel' ? { isGroup: true } : {}),
      },
      channelData: {
        tenant: { id: TENANT },
        ...(where.channelId
          ? { channel: { id: where.channelId }, team: { id: '19:team@thread.tacv2' } }
          : {}),
      },
      locale: 'en-GB',
      ...extra,
    };
  }

  /** Posts an activity; with an issuer it carries a valid token unless `authorization` is given ('' = none). */
  async post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const issuer = this.options.issuer;
    const auth: Record<string, string> =
      issuer && !('authorization' in headers) ? { authorization: `Bearer ${issuer.token()}` } : {};
    const given = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    return fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth, ...given },
      body: JSON.stringify(body),
    });
  }

  /** A message to the bot; in a channel it comes with the @mention, as Teams sends it. */
  async say(u: User, text: string, where: Where = personal(u)): Promise<Response> {
    const mention = where.kind === 'channel';
    const res = await this.post(
      this.activity(u, where, {
        type: 'message',
        text: mention ? `<at>CSPR</at> ${text}` : text,
        ...(mention
          ? {
              entities: [
                {
                  type: 'mention',
                  text: '<at>CSPR</at>',
                  mentioned: { id: '28:cspr-bot', name: 'CSPR' },
                },
              ],
            }
          : {}),
      }),
    );
    expect(res.status).toBe(200);
    return res;
  }

  /** The card of the last message the bot sent into a conversation. */
  lastSentCard(conversationId: string): Record<string, unknown> {
    const call = this.fake.sent(conversationId).at(-1);
    expect(call, `a message sent to ${conversationId}`).toBeDefined();
    return cardOf(call!);
  }

  /** Says something and returns the card the bot answered with. */
  async ask(u: User, text: string, where: Where = personal(u)): Promise<Record<string, unknown>> {
    const before = this.fake.sent(where.conversationId).length;
    await this.say(u, text, where);
    const sent = this.fake.sent(where.conversationId);
    expect(sent.length, `an answer to "${text}"`).toBeGreaterThan(before);
    return cardOf(sent.at(-1)!);
  }

  /** An `adaptiveCard/action` invoke with exactly this data (as Teams sends it: card data merged with inputs). */
  async invoke(
    u: User,
    verb: string,
    data: Record<string, unknown>,
    where: Where = personal(u),
    o: { settle?: boolean } = {},
  ): Promise<InvokeResult> {
    const messageId = `msg-${randomUUID()}`;
    const res = await this.post(
      this.activity(u, where, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: messageId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
    const body = (await res.json()) as {
      statusCode: number;
      type: string;
      value: Record<string, unknown>;
    };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    this.seen(`invoke ${verb}`, body.value);
    const result = { status: res.status, card: body.value, settled: body.value, messageId };
    if (o.settle === false) return result;
    await this.bot.idle();
    return { ...result, settled: this.updatedCard(where.conversationId, messageId) ?? body.value };
  }

  /** The latest in-place update of a message, if any. */
  updatedCard(conversationId: string, messageId: string): Record<string, unknown> | undefined {
    const update = this.fake
      .updates()
      .filter((c) => c.path === `/v3/conversations/${conversationId}/activities/${messageId}`)
      .at(-1);
    return update ? cardOf(update) : undefined;
  }

  /** Presses the card's button for `verb`, with these inputs typed into it. */
  async press(
    u: User,
    card: Record<string, unknown>,
    verb: string,
    inputs: Record<string, string> = {},
    where: Where = personal(u),
    o: { settle?: boolean } = {},
  ): Promise<InvokeResult> {
    return this.invoke(u, verb, submitData(card, verb, inputs), where, o);
  }

  seen(where: string, card: Record<string, unknown>): void {
    this.cards.push({ where, card });
  }

  /** Checks every card the bot produced: valid at 1.5, under budget, no pseudonym in a title. */
  checkAllCards(): void {
    for (const c of this.fake.calls)
      for (const card of cardsIn(c)) this.seen(`${c.method} ${c.path}`, card);
    for (const { where, card } of this.cards) {
      expect(cardProblems(card), where).toEqual([]);
      expect(cardSize(card), where).toBeLessThan(CARD_BUDGET);
      expect(utf16Bytes(card), `${where}: over 40 KB in UTF-16`).toBeLessThanOrEqual(
        CARD_LIMIT_UTF16_BYTES,
      );
      const title = ((card.body as { text?: string }[] | undefined)?.[0]?.text ?? '') as string;
      for (const secret of ['Child A', 'Sibling B'])
        expect(title, `title of ${where}`).not.toContain(secret);
    }
  }

  /** No log line holds a pseudonym or any text typed in a form. */
  checkLogs(): void {
    const all = this.logs.join('\n');
    for (const s of NEVER_LOGGED) expect(all, `logs must not contain "${s}"`).not.toContain(s);
  }

  async caseByRef(ref: string): Promise<Case> {
    const c = await this.bot.service.repo.findByRef(ref.split('-')[0]!.toLowerCase(), ref);
    expect(c, ref).toBeDefined();
    return c!;
  }

  /** How many times Graph was asked to create the channel of this reference. */
  graphPostsFor(ref: string): number {
    return this.fake
      .channelCreations()
      .filter((c) => (c.body as { displayName?: string }).displayName === ref).length;
  }

  async allCases(): Promise<Case[]> {
    return this.bot.service.repo.list(['north', 'south']);
  }
}

export function cardOf(call: Call): Record<string, unknown> {
  const cards = cardsIn(call);
  expect(cards.length, `a card in ${call.method} ${call.path}`).toBeGreaterThan(0);
  return cards[0]!;
}

export function cardsIn(call: Call): Record<string, unknown>[] {
  type A = { contentType?: string; content: Record<string, unknown> };
  const b = call.body as { attachments?: A[]; activity?: { attachments?: A[] } } | undefined;
  // Cards only: a file attachment beside a card (the export) is not a card.
  return [...(b?.attachments ?? []), ...(b?.activity?.attachments ?? [])]
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a) => a.content);
}

/** Every Action.Execute in a card (actions, ActionSets, refresh), depth first. */
export function executeActions(
  card: unknown,
): { verb: string; data: Record<string, unknown>; title?: string }[] {
  const out: { verb: string; data: Record<string, unknown>; title?: string }[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.type === 'Action.Execute' && typeof o.verb === 'string')
      out.push({
        verb: o.verb,
        data: (o.data as Record<string, unknown>) ?? {},
        ...(typeof o.title === 'string' ? { title: o.title } : {}),
      });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

/** The data Teams would send for pressing the `verb` button: the action's data plus the inputs. */
export function submitData(
  card: unknown,
  verb: string,
  inputs: Record<string, string> = {},
): Record<string, unknown> {
  const action = executeActions(card).find((a) => a.verb === verb);
  expect(action, `a ${verb} button on the card`).toBeDefined();
  return { ...action!.data, ...inputs };
}

/** All text of a card, for "does it say …" checks. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x)) {
      if (typeof v === 'string' && ['text', 'title', 'value', 'label'].includes(k)) parts.push(v);
      else walk(v);
    }
  };
  walk(card);
  return parts.join('\n');
}

/** The ids of the inputs of a card. */
export function inputIds(card: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string')
      out.push(o.id);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

export interface Opened {
  ref: string;
  caseId: string;
  /** The conversation the case card lives in (a channel, or the notifier's chat in local mode). */
  where: Where;
  /** The case card as first posted. */
  shared: Record<string, unknown>;
  /** The confirmation that replaced the notification form. */
  confirmation: Record<string, unknown>;
}

/** The LA lead notifies a case from a personal chat; returns where its card went. */
export async function notifyCase(
  h: Harness,
  inputs: Record<string, string> = NOTIFICATION,
): Promise<Opened> {
  const form = await h.ask(USERS.la, 'notify');
  const { settled: card } = await h.press(USERS.la, form, 'notify.submit', inputs);
  const ref = /Case ([A-Z]+-\d{4}-\d{3}) notified/.exec(cardText(card))?.[1];
  expect(ref, cardText(card)).toBeDefined();
  const c = await h.caseByRef(ref!);
  const ch = c.channels.find((x) => x.platform === 'teams');
  const meta = (ch?.meta ?? {}) as { local?: boolean; conversationId?: string };
  const where = !ch ? personal(USERS.la) : meta.local ? personal(USERS.la) : inChannel(ch.id);
  const posted = [...h.fake.channelPosts(ch?.id), ...h.fake.sent(where.conversationId)].filter(
    (call) =>
      cardText(call.body).includes(`Case ${ref}`) && cardText(call.body).includes('Deadlines'),
  );
  return {
    ref: ref!,
    caseId: c.id,
    where,
    shared: posted.length ? cardOf(posted[0]!) : {},
    confirmation: card,
  };
}

/** Facts and criteria recorded by the business manager: the case is in rapid review. */
export async function toRapidReview(h: Harness, o: Opened): Promise<void> {
  const facts = await h.press(USERS.bm, o.shared, 'facts.open', {}, o.where);
  await h.press(USERS.bm, facts.card, 'facts.submit', FACTS, o.where);
  const criteria = await h.press(USERS.bm, o.shared, 'criteria.open', {}, o.where);
  await h.press(USERS.bm, criteria.card, 'criteria.submit', CRITERIA, o.where);
  expect((await h.caseByRef(o.ref)).state).toBe('rapid-review');
}

/** A partner holder votes through their own (refreshed) view of the case card. */
export async function vote(
  h: Harness,
  u: User,
  o: Opened,
  outcome: string,
  rationale = `rationale-marker ${u.key}`,
): Promise<InvokeResult> {
  const view = await h.press(u, o.shared, 'case.refresh', {}, o.where);
  return h.press(u, view.card, 'vote.submit', { outcome, rationale }, o.where);
}
