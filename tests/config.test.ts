import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import {
  ConfigError,
  holderBy,
  holdersWithRole,
  loadConfig,
  parsePartnerships,
  type AppConfig,
} from '../src/config.js';
import { timescalesFor } from '../src/domain/procedure.js';

type Env = Record<string, string | undefined>;

/** An in-memory file system: path → text. Records every path read. */
function files(contents: Record<string, string>) {
  const reads: string[] = [];
  const readFile = (path: string): string => {
    reads.push(path);
    const text = contents[path];
    if (text === undefined)
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
        code: 'ENOENT',
      });
    return text;
  };
  return { readFile, reads };
}

/** The ConfigError `loadConfig` throws (fails the test if it returns). */
function configError(
  env: Env,
  readFile: (path: string) => string = files({}).readFile,
): ConfigError {
  try {
    loadConfig(env, readFile);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

const LINCS = {
  id: 'lincs',
  name: 'Lincolnshire Safeguarding Children Partnership',
  refPrefix: 'LINCS',
  procedure: 'england-2018',
  timeZone: 'Europe/London',
  reminderTime: '08:30',
  slack: { teamId: 'T0LINCS01' },
  teams: { casesTeamId: '19:cases@thread.tacv2', tenantId: '6f1c2b3a-1d2e-4f5a-8b9c-0d1e2f3a4b5c' },
  holders: [
    { id: 'la.lead', name: 'LA lead', roles: ['la'], slackUserId: 'U0LALEAD1' },
    {
      id: 'la.deputy',
      name: 'LA deputy',
      roles: ['la'],
      teamsAadObjectId: '0e8b7c6d-5a4f-4e3d-9c2b-1a0f9e8d7c6b',
    },
    { id: 'police', name: 'DCI Police', roles: ['police'], slackUserId: 'U0POLICE1' },
    { id: 'icb', name: 'ICB designated nurse', roles: ['health'] },
    {
      id: 'bm',
      name: 'Business manager',
      roles: ['business-manager', 'member'],
      slackUserId: 'U0BMBMBM1',
    },
    { id: 'chair', name: 'Independent chair', roles: ['chair', 'scrutineer'] },
  ],
};

const VALID_YAML = `
# Lincolnshire's partnership
partnerships:
  - id: lincs
    name: Lincolnshire Safeguarding Children Partnership
    refPrefix: LINCS
    procedure: england-2018
    timeZone: Europe/London
    reminderTime: "08:30"
    slack:
      teamId: T0LINCS01
    teams:
      casesTeamId: "19:cases@thread.tacv2"
      tenantId: 6f1c2b3a-1d2e-4f5a-8b9c-0d1e2f3a4b5c
    holders:
      - { id: la.lead, name: LA lead, roles: [la], slackUserId: U0LALEAD1 }
      - { id: la.deputy, name: LA deputy, roles: [la], teamsAadObjectId: 0e8b7c6d-5a4f-4e3d-9c2b-1a0f9e8d7c6b }
      - { id: police, name: DCI Police, roles: [police], slackUserId: U0POLICE1 }
      - { id: icb, name: ICB designated nurse, roles: [health] }
      - { id: bm, name: Business manager, roles: [business-manager, member], slackUserId: U0BMBMBM1 }
      - { id: chair, name: Independent chair, roles: [chair, scrutineer] }
`;

const partnershipFile = (...partnerships: object[]) => JSON.stringify({ partnerships });

describe('loadConfig: the demo partnership', () => {
  it('uses the built-in demo partnership, with a warning, when CSPR_CONFIG is unset', () => {
    const fs = files({});
    const config = loadConfig({}, fs.readFile);
    expect(fs.reads).toEqual([]);
    expect(config.demo).toBe(true);
    expect(config.warnings).toContain(
      'CSPR_CONFIG is not set: using the built-in demo partnership. Do not use it for real cases.',
    );
    expect(config.partnerships).toHaveLength(1);
    const demo = config.partnerships[0];
    expect(demo).toMatchObject({
      id: 'demo',
      refPrefix: 'DEMO',
      timeZone: 'Europe/London',
      reminderTime: '09:00',
      votesHiddenUntilAllVoted: true,
      overrides: {},
    });
    expect(demo?.procedure).toBeUndefined(); // not pinned: each case takes the edition of its date of awareness
    expect(demo?.timescales).toEqual(timescalesFor('england-2023'));
    for (const role of [
      'la',
      'police',
      'health',
      'business-manager',
      'chair',
      'scrutineer',
    ] as const)
      expect(demo && holdersWithRole(demo, role)).toHaveLength(1);
  });

  it('has the environment defaults of the product', () => {
    const config = loadConfig({}, files({}).readFile);
    expect(config.port).toBe(3978);
    expect(config.dataDir).toBe('./.data');
    expect(config).not.toHaveProperty('mongodbUri');
    expect(config).not.toHaveProperty('slack');
    expect(config.teams).toEqual({
      appType: 'MultiTenant',
      graphApiUrl: 'https://graph.microsoft.com/v1.0/',
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
    });
    expect(config.warnings).toContain(
      'MicrosoftAppId is not set: Teams runs in local mode without authentication.',
    );
  });

  it('treats an empty CSPR_CONFIG as unset', () => {
    expect(loadConfig({ CSPR_CONFIG: '' }, files({}).readFile).demo).toBe(true);
  });
});

describe('loadConfig: a partnership file', () => {
  it('reads a valid YAML file', () => {
    const fs = files({ '/etc/cspr/partnerships.yaml': VALID_YAML });
    const config = loadConfig({ CSPR_CONFIG: '/etc/cspr/partnerships.yaml' }, fs.readFile);
    expect(fs.reads).toEqual(['/etc/cspr/partnerships.yaml']);
    expect(config.demo).toBe(false);
    expect(config.warnings.join(' ')).not.toContain('CSPR_CONFIG');
    expect(config.partnerships).toHaveLength(1);
    const p = config.partnerships[0]!;
    expect(p).toMatchObject({ ...LINCS, overrides: {}, votesHiddenUntilAllVoted: true });
    expect(p.timescales).toEqual(timescalesFor('england-2018'));
    expect(holderBy(p, 'slackUserId', 'U0POLICE1')?.id).toBe('police');
    expect(holderBy(p, 'teamsAadObjectId', '0e8b7c6d-5a4f-4e3d-9c2b-1a0f9e8d7c6b')?.name).toBe(
      'LA deputy',
    );
    expect(holderBy(p, 'id', 'nobody')).toBeUndefined();
    expect(holdersWithRole(p, 'la').map((h) => h.id)).toEqual(['la.lead', 'la.deputy']);
    expect(holdersWithRole(p, 'scrutineer').map((h) => h.id)).toEqual(['chair']);
  });

  it('reads the same partnerships from the same file written as JSON', () => {
    const fromYaml = loadConfig(
      { CSPR_CONFIG: 'p.yaml' },
      files({ 'p.yaml': VALID_YAML }).readFile,
    );
    const fromJson = loadConfig(
      { CSPR_CONFIG: 'p.json' },
      files({ 'p.json': partnershipFile(LINCS) }).readFile,
    );
    expect(fromJson).toEqual(fromYaml);
    // And the YAML of the same object, as written by a tool.
    const fromTool = loadConfig(
      { CSPR_CONFIG: 'q.yml' },
      files({ 'q.yml': toYaml({ partnerships: [LINCS] }) }).readFile,
    );
    expect(fromTool.partnerships).toEqual(fromYaml.partnerships);
  });

  it('reads a YAML flow mapping that starts like JSON but is not JSON (the JSON fast path falls back to YAML)', () => {
    const fromJson = loadConfig(
      { CSPR_CONFIG: 'p.json' },
      files({ 'p.json': partnershipFile(LINCS) }).readFile,
    );
    // Unquoted keys and a comment: YAML, not JSON.
    const flow = `{ partnerships: ${JSON.stringify([LINCS])} } # one partnership`;
    const fromFlow = loadConfig({ CSPR_CONFIG: 'p.yaml' }, files({ 'p.yaml': flow }).readFile);
    expect(fromFlow.partnerships).toEqual(fromJson.partnerships);
  });

  it('applies the partnership’s overrides to its timescales', () => {
    const p = {
      ...LINCS,
      procedure: 'england-2023',
      overrides: { rapidReviewFrom: 'notification', referralConfirmationHours: 48 },
    };
    const config = loadConfig(
      { CSPR_CONFIG: 'p.json' },
      files({ 'p.json': partnershipFile(p) }).readFile,
    );
    expect(config.partnerships[0]?.timescales).toEqual({
      ...timescalesFor('england-2023'),
      rapidReviewFrom: 'notification',
      referralConfirmationHours: 48,
    });
    expect(config.partnerships[0]?.timescales.rapidReviewWorkingDays).toBe(15);
  });

  it('takes the referral confirmation in working days (referralConfirmation: { workingDays: 2 }), and refuses a bad one', () => {
    const p = { ...LINCS, overrides: { referralConfirmation: { workingDays: 2 } } };
    const config = loadConfig(
      { CSPR_CONFIG: 'p.json' },
      files({ 'p.json': partnershipFile(p) }).readFile,
    );
    expect(config.partnerships[0]?.timescales.referralConfirmation).toEqual({ workingDays: 2 });
    const bad = { ...LINCS, overrides: { referralConfirmation: { workingDays: 0 } } };
    expect(() =>
      loadConfig({ CSPR_CONFIG: 'p.json' }, files({ 'p.json': partnershipFile(bad) }).readFile),
    ).toThrow(/referralConfirmation/);
  });

  it('keeps several partnerships apart, each with its own procedure', () => {
    const ports = {
      ...LINCS,
      id: 'portsmouth',
      refPrefix: 'PORTS',
      procedure: 'england-2023',
      overrides: { referralConfirmationHours: 48 },
      slack: undefined,
      teams: undefined,
    };
    const config = loadConfig(
      { CSPR_CONFIG: 'p.json' },
      files({ 'p.json': partnershipFile(LINCS, ports) }).readFile,
    );
    expect(
      config.partnerships.map((p) => [p.id, p.refPrefix, p.timescales.referralConfirmationHours]),
    ).toEqual([
      ['lincs', 'LINCS', null],
      ['portsmouth', 'PORTS', 48],
    ]);
  });

  it('refuses an unknown override and an out-of-range one', () => {
    const p = {
      ...LINCS,
      overrides: { rapidReviewWorkingDays: 0, rapidReviewFromm: 'notification' },
    };
    const err = configError(
      { CSPR_CONFIG: 'p.json' },
      files({ 'p.json': partnershipFile(p) }).readFile,
    );
    expect(err.problems).toHaveLength(2);
    expect(
      err.problems.some((x) =>
        x.startsWith('p.json at partnerships.0.overrides.rapidReviewWorkingDays:'),
      ),
    ).toBe(true);
    expect(err.problems.some((x) => x.includes('rapidReviewFromm'))).toBe(true);
  });

  it('lists every problem of an invalid file in one ConfigError', () => {
    const bad = `
partnerships:
  - id: lincs
    name: Lincolnshire
    refPrefix: lincs
    procedure: england-2099
    timeZone: Europe/Lincoln
    reminderTime: "9am"
    holders:
      - { id: la, name: LA lead, roles: [la] }
      - { id: la, name: LA deputy, roles: [la] }
      - { id: icb, name: ICB nurse, roles: [health, wizard] }
`;
    const err = configError({ CSPR_CONFIG: 'bad.yaml' }, files({ 'bad.yaml': bad }).readFile);
    const expected = [
      'bad.yaml at partnerships.0.refPrefix: use 2 to 10 capital letters, e.g. LINCS',
      'bad.yaml at partnerships.0.procedure: Invalid option: expected one of "england-2018"|"england-2023"',
      'bad.yaml at partnerships.0.timeZone: not a known IANA time zone',
      'bad.yaml at partnerships.0.reminderTime: use HH:MM, e.g. 09:00',
      'bad.yaml at partnerships.0.holders.2.roles.1: Invalid option: expected one of "la"|"police"|"health"|"business-manager"|"chair"|"scrutineer"|"member"',
      'bad.yaml at partnerships.0.holders.1.id: holder id "la" is used twice',
      'bad.yaml at partnerships.0.holders: no holder has the statutory partner role "police"',
    ];
    for (const problem of expected) expect(err.problems).toContain(problem);
    expect(err.problems.length).toBe(expected.length);
    expect(err.message).toContain(`Configuration is not valid (${expected.length} problems):`);
    for (const problem of expected) expect(err.message).toContain(`  - ${problem}`);
  });

  it('lists the problems of every partnership, including repeated ids and prefixes', () => {
    const second = { ...LINCS, reminderTime: '24:00' };
    const err = configError(
      { CSPR_CONFIG: 'p.json' },
      files({ 'p.json': partnershipFile(LINCS, second) }).readFile,
    );
    expect(err.problems).toEqual([
      'p.json at partnerships.1.reminderTime: use HH:MM, e.g. 09:00',
      'p.json at partnerships.1.id: partnership id "lincs" is used twice',
      'p.json at partnerships.1.refPrefix: reference prefix "LINCS" is used twice',
    ]);
  });

  it('refuses a file without partnerships, and text that is not YAML or JSON', () => {
    expect(
      configError(
        { CSPR_CONFIG: 'empty.yaml' },
        files({ 'empty.yaml': 'partnerships: []' }).readFile,
      ).problems,
    ).toHaveLength(1);
    const err = configError(
      { CSPR_CONFIG: 'x.json' },
      files({ 'x.json': '{"partnerships": [' }).readFile,
    );
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^x\.json: not valid YAML or JSON \(/);
  });

  it('reports an unreadable file by its path, as one problem', () => {
    const err = configError({ CSPR_CONFIG: '/etc/cspr/missing.yaml' }, files({}).readFile);
    expect(err.problems).toEqual([
      'CSPR_CONFIG: cannot read the partnership file /etc/cspr/missing.yaml',
    ]);
    expect(err.message).not.toContain('ENOENT');
  });
});

describe('loadConfig: the environment', () => {
  it('reads PORT, MONGODB_URI and DATA_DIR', () => {
    const config = loadConfig(
      { PORT: '8080', MONGODB_URI: 'mongodb+srv://db.example.org/cspr', DATA_DIR: '/var/lib/cspr' },
      files({}).readFile,
    );
    expect(config).toMatchObject({
      port: 8080,
      mongodbUri: 'mongodb+srv://db.example.org/cspr',
      dataDir: '/var/lib/cspr',
    });
  });

  it('refuses a PORT that is not a port number', () => {
    for (const PORT of ['abc', '65536', '80.5', '-1', ' 80', '']) {
      const err = configError({ PORT });
      expect(err.problems).toHaveLength(1);
      expect(err.problems[0]).toContain(`PORT: "${PORT}" is not a port number (`);
    }
    expect(loadConfig({ PORT: '65535' }, files({}).readFile).port).toBe(65535);
    expect(loadConfig({ PORT: '0' }, files({}).readFile).port).toBe(0); // 0: the system picks a free port
  });

  it('refuses a MONGODB_URI that is not a MongoDB connection string', () => {
    expect(configError({ MONGODB_URI: 'postgres://db/cspr' }).problems).toEqual([
      'MONGODB_URI: must start with mongodb:// or mongodb+srv://',
    ]);
  });

  it('reads the Slack credentials and API URL', () => {
    const config = loadConfig(
      {
        SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
        SLACK_SIGNING_SECRET: 'signing',
        SLACK_API_URL: 'http://localhost:9000/api',
      },
      files({}).readFile,
    );
    expect(config.slack).toEqual({
      botToken: 'xoxb-1-2-abc',
      signingSecret: 'signing',
      apiUrl: 'http://localhost:9000/api/',
    });
    const defaults = loadConfig(
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' },
      files({}).readFile,
    );
    expect(defaults.slack?.apiUrl).toBe('https://slack.com/api/');
  });

  it('needs the Slack signing secret with the bot token, and the token with the secret', () => {
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }).problems).toEqual([
      'SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set',
    ]);
    expect(configError({ SLACK_SIGNING_SECRET: 'abc' }).problems).toEqual([
      'SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set',
    ]);
  });

  it('runs Slack in Socket Mode with an app-level token: no signing secret needed, the bot token still is', () => {
    const config = loadConfig(
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' },
      files({}).readFile,
    );
    expect(config.slack).toEqual({
      botToken: 'xoxb-1',
      signingSecret: '',
      apiUrl: 'https://slack.com/api/',
      appToken: 'xapp-1-A1-2-abc',
    });
    expect(configError({ SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' }).problems).toEqual([
      'SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set',
    ]);
    expect(
      configError({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-not-an-app-token' }).problems,
    ).toEqual(['SLACK_APP_TOKEN: an app-level token starts with xapp-']);
    expect(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, files({}).readFile).slack
        ?.appToken,
    ).toBeUndefined();
  });

  it('takes a holder’s slackEmail (a partner of another workspace, through Slack Connect) and refuses one that is no email', () => {
    const file = (email: string) =>
      `partnerships:\n  - id: p\n    name: P\n    refPrefix: PP\n    holders:\n      - { id: a, name: A, roles: [la, police, health], slackEmail: '${email}' }\n`;
    expect(
      parsePartnerships(file('priya@police.example.org'), 'f').partnerships[0]!.holders[0]!
        .slackEmail,
    ).toBe('priya@police.example.org');
    expect(parsePartnerships(file('not an email'), 'f').problems).toEqual([
      'f at partnerships.0.holders.0.slackEmail: a Slack email looks like name@example.org',
    ]);
  });

  it('refuses a Slack token that is not a bot token, and a Slack API URL that is not http(s)', () => {
    const err = configError({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: 'ftp://slack.example',
    });
    expect(err.problems).toEqual([
      'SLACK_BOT_TOKEN: a bot token starts with xoxb-',
      'SLACK_API_URL: "ftp://slack.example" is not an http(s) URL',
    ]);
  });

  it('reads the Bot Framework credentials', () => {
    const config = loadConfig(
      {
        MicrosoftAppId: 'app-id',
        MicrosoftAppPassword: 'app-password',
        MicrosoftAppTenantId: 'tenant',
        MicrosoftAppType: 'SingleTenant',
        GRAPH_API_URL: 'http://localhost:9001/graph',
      },
      files({}).readFile,
    );
    expect(config.teams).toEqual({
      appId: 'app-id',
      appPassword: 'app-password',
      tenantId: 'tenant',
      appType: 'SingleTenant',
      graphApiUrl: 'http://localhost:9001/graph/',
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
    });
    expect(config.warnings.join(' ')).not.toContain('MicrosoftAppId');
  });

  it('needs MicrosoftAppPassword with MicrosoftAppId, except for a managed identity', () => {
    expect(configError({ MicrosoftAppId: 'app-id' }).problems).toEqual([
      'MicrosoftAppPassword: required when MicrosoftAppId is set',
    ]);
    const msi = loadConfig(
      { MicrosoftAppId: 'app-id', MicrosoftAppType: 'UserAssignedMSI' },
      files({}).readFile,
    );
    expect(msi.teams).toMatchObject({ appId: 'app-id', appType: 'UserAssignedMSI' });
  });

  it('needs a tenant for a single-tenant app, and a known app type', () => {
    expect(
      configError({
        MicrosoftAppId: 'a',
        MicrosoftAppPassword: 'p',
        MicrosoftAppType: 'SingleTenant',
      }).problems,
    ).toEqual(['MicrosoftAppTenantId: required for a SingleTenant app']);
    expect(configError({ MicrosoftAppType: 'Anonymous' }).problems).toEqual([
      'MicrosoftAppType: use MultiTenant, SingleTenant or UserAssignedMSI',
    ]);
  });

  it('lists the environment’s and the file’s problems together', () => {
    const err = configError(
      { PORT: 'http', CSPR_CONFIG: 'p.json', MicrosoftAppId: 'a' },
      files({ 'p.json': partnershipFile({ ...LINCS, refPrefix: 'L' }) }).readFile,
    );
    expect(err.problems).toHaveLength(3);
    expect(err.problems[0]).toMatch(/^PORT: "http" is not a port number/);
    expect(err.problems.slice(1)).toEqual([
      'p.json at partnerships.0.refPrefix: use 2 to 10 capital letters, e.g. LINCS',
      'MicrosoftAppPassword: required when MicrosoftAppId is set',
    ]);
    expect(err.message).toContain('(3 problems)');
  });

  it('never puts a secret in the error', () => {
    const secrets = {
      SLACK_BOT_TOKEN: 'not-a-bot-token-SECRET-TOKEN-4821',
      SLACK_SIGNING_SECRET: 'SIGNING-SECRET-9f8e7d6c5b4a',
      MicrosoftAppPassword: 'APP-PASSWORD-1a2b3c4d',
      MicrosoftAppId: 'app-id',
      MicrosoftAppType: 'SingleTenant', // no tenant: one more problem in the same error
    };
    const err = configError({ ...secrets, PORT: 'x' });
    expect(err.problems).toHaveLength(3);
    const everything = [err.message, String(err), JSON.stringify(err), ...err.problems].join('\n');
    for (const secret of [
      secrets.SLACK_BOT_TOKEN,
      secrets.SLACK_SIGNING_SECRET,
      secrets.MicrosoftAppPassword,
    ])
      expect(everything).not.toContain(secret);
  });

  it('has the secrets in the configuration itself, when valid', () => {
    const config: AppConfig = loadConfig(
      {
        SLACK_BOT_TOKEN: 'xoxb-secret',
        SLACK_SIGNING_SECRET: 'signing-secret',
        MicrosoftAppId: 'id',
        MicrosoftAppPassword: 'pw',
      },
      files({}).readFile,
    );
    expect(config.slack?.signingSecret).toBe('signing-secret');
    expect(config.teams.appPassword).toBe('pw');
  });
});
