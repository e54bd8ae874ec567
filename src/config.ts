/**
 * Configuration: the environment of PRODUCT.md and the partnership file (CSPR_CONFIG, YAML or
 * JSON), validated once at boot. Every problem is listed in one ConfigError; secrets never appear
 * in its message.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Yaml from 'yaml';
import * as z from 'zod';
import { isValidZone, DEFAULT_ZONE } from './domain/calendar.js';
import { DEFAULT_RETENTION_MONTHS } from './domain/erasure.js';
import {
  DEFAULT_PROCEDURE,
  PROCEDURE_IDS,
  timescalesFor,
  type Timescales,
} from './domain/procedure.js';
import { PARTNERS, ROLES, type Role } from './domain/roles.js';
import { parseDataKey, type DataKey } from './store/cipher.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const holderSchema = z.object({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]{0,63}$/,
      'use lower-case letters, digits, dot, dash or underscore',
    ),
  name: z.string().min(1).max(100),
  roles: z.array(z.enum(ROLES)).min(1),
  slackUserId: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id looks like U012ABCDEF')
    .optional(),
  /** A partner in another organisation's Slack workspace: invited to case channels through Slack Connect by this email. */
  slackEmail: z.string().max(254).email('a Slack email looks like name@example.org').optional(),
  teamsAadObjectId: z.string().uuid('a Teams AAD object id is a GUID').optional(),
  /** The holder's home tenant, when it is not the partnership's (a police or NHS partner in a shared channel). */
  teamsTenantId: z.string().uuid('a tenant id is a GUID').optional(),
});

const overridesSchema = z
  .object({
    notifyPanelWorkingDays: z.number().int().min(1).max(60),
    notifyPartnersWorkingDays: z.number().int().min(1).max(60),
    rapidReviewWorkingDays: z.number().int().min(1).max(120),
    rapidReviewFrom: z.enum(['aware', 'notification']),
    referralConfirmationHours: z.number().int().min(1).max(720).nullable(),
    referralConfirmation: z
      .object({ workingDays: z.number().int().min(1).max(60) })
      .strict()
      .nullable(),
    careLeaverNotifyWorkingDays: z.number().int().min(1).max(60),
    finalReportMonths: z.number().int().min(1).max(36),
    reportBeforePublicationWorkingDays: z.number().int().min(1).max(60),
    publishedForMonths: z.number().int().min(1).max(120),
    panelResponseWorkingDays: z.number().int().min(1).max(120),
    reviewerInformedWorkingDays: z.number().int().min(1).max(60),
    draftReportMonths: z.number().int().min(1).max(36),
    learningReviewMonths: z.number().int().min(1).max(36),
  })
  .partial()
  .strict();

const partnershipSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and dashes'),
    name: z.string().min(1).max(120),
    refPrefix: z.string().regex(/^[A-Z]{2,10}$/, 'use 2 to 10 capital letters, e.g. LINCS'),
    /** Pins one edition for every case; unset, each case takes the edition in force on its date of awareness. */
    procedure: z.enum(PROCEDURE_IDS).optional(),
    overrides: overridesSchema.default({}),
    timeZone: z.string().default(DEFAULT_ZONE).refine(isValidZone, 'not a known IANA time zone'),
    reminderTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, e.g. 09:00')
      .default('09:00'),
    votesHiddenUntilAllVoted: z.boolean().default(true),
    /**
     * Months a closed case keeps its personal fields before the daily retention job erases them.
     * The default (84: 7 years) is a placeholder for the partnership's information-governance lead to set.
     */
    retentionMonths: z.number().int().min(1).max(1200).default(DEFAULT_RETENTION_MONTHS),
    slack: z
      .object({ teamId: z.string().regex(/^T[A-Z0-9]+$/, 'a Slack team id looks like T012ABCDEF') })
      .optional(),
    teams: z
      .object({
        tenantId: z.string().uuid().optional(),
        casesTeamId: z.string().min(1),
        /** Case channels: private (members of the cases team's tenant) or shared (partners from their own tenants, B2B direct connect). */
        caseChannel: z.enum(['private', 'shared']).default('private'),
      })
      .optional(),
    holders: z.array(holderSchema).min(1),
    /** The review group (e.g. Lincolnshire's) that oversees every open case: the weekly oversight digest goes here too. */
    reviewGroup: z
      .object({
        slackChannelId: z
          .string()
          .regex(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id looks like C012ABCDEF')
          .optional(),
        teamsChannelId: z.string().min(1).optional(),
        teamsServiceUrl: z.string().url().optional(),
      })
      .strict()
      .optional(),
  })
  .superRefine(
    (p, ctx) => {
      // Also runs when other fields have problems (see `when`), so the holders may be unparsed input.
      const holders = p.holders as unknown[];
      const ids = new Set<unknown>();
      holders.forEach((h, i) => {
        const id = isObject(h) ? h.id : undefined;
        if (typeof id !== 'string') return;
        if (ids.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['holders', i, 'id'],
            message: `holder id "${id}" is used twice`,
          });
        ids.add(id);
      });
      for (const partner of PARTNERS)
        if (
          !holders.some((h) => isObject(h) && Array.isArray(h.roles) && h.roles.includes(partner))
        )
          ctx.addIssue({
            code: 'custom',
            path: ['holders'],
            message: `no holder has the statutory partner role "${partner}"`,
          });
    },
    // Report holder problems together with every other problem, not only once the rest is valid.
    { when: (payload) => isObject(payload.value) && Array.isArray(payload.value.holders) },
  );

const fileSchema = z.object({ partnerships: z.array(partnershipSchema).min(1) }).superRefine(
  (f, ctx) => {
    const ids = new Set<unknown>();
    const prefixes = new Set<unknown>();
    (f.partnerships as unknown[]).forEach((p, i) => {
      if (!isObject(p)) return;
      if (typeof p.id === 'string' && ids.has(p.id))
        ctx.addIssue({
          code: 'custom',
          path: ['partnerships', i, 'id'],
          message: `partnership id "${p.id}" is used twice`,
        });
      if (typeof p.refPrefix === 'string' && prefixes.has(p.refPrefix))
        ctx.addIssue({
          code: 'custom',
          path: ['partnerships', i, 'refPrefix'],
          message: `reference prefix "${p.refPrefix}" is used twice`,
        });
      ids.add(p.id);
      prefixes.add(p.refPrefix);
    });
  },
  { when: (payload) => isObject(payload.value) && Array.isArray(payload.value.partnerships) },
);

export type Holder = z.infer<typeof holderSchema>;
export type PartnershipConfig = z.infer<typeof partnershipSchema> & { timescales: Timescales };

export interface SlackEnv {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  /** SLACK_APP_TOKEN (xapp-…): the bot connects out over Socket Mode and needs no request URL (nor the signing secret). */
  appToken?: string;
}
export interface TeamsEnv {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  graphApiUrl: string;
  /** MicrosoftAppAuthority: the Entra authority (token endpoint, and signing keys of Entra-issued tokens); default login.microsoftonline.com. */
  authority?: string;
  /** MicrosoftAppIssuers: the token issuers accepted (comma-separated); default the SDK's list for the tenant. */
  issuers?: string[];
  /** TEAMS_APP_CATALOG_ID: the app's id in the organisation's app catalogue; set, the bot installs itself for each role holder. */
  appCatalogId?: string;
  /** TEAMS_SERVICE_URL: the Bot Connector for messages no conversation gave a URL for (default Microsoft's global one). */
  serviceUrl: string;
  /** MicrosoftAppCertificatePemFile / MicrosoftAppCertificateKeyFile: a certificate instead of the client secret. */
  certPemFile?: string;
  certKeyFile?: string;
  /** Set when Teams is not served: NODE_ENV=production without MicrosoftAppId (a Slack-only deployment). */
  off?: true;
}

/** The key ring for encryption at rest (see `dataKeysFrom`). */
export interface DataKeysConfig {
  /** CSPR_DATA_KEY: seals new data. When absent (never in production), `devKeyFile` holds it. */
  current?: DataKey;
  /** CSPR_DATA_KEYS_OLD: earlier keys, to open data sealed before a rotation. */
  old: DataKey[];
  /** DATA_DIR/dev-data-key: the development key, created on first use when CSPR_DATA_KEY is not set. */
  devKeyFile?: string;
}

export interface AppConfig {
  port: number;
  mongodbUri?: string;
  dataDir: string;
  /** Always set by `loadConfig`; when missing, the development key file under `dataDir` is used. */
  dataKeys?: DataKeysConfig;
  partnerships: PartnershipConfig[];
  slack?: SlackEnv;
  teams: TeamsEnv;
  /** True when the built-in demo partnership is in use. */
  demo: boolean;
  /** PUBLIC_URL without a trailing slash: the base of dashboard sign-in links and calendar feeds. */
  publicUrl?: string;
  /** The Teams tab's SSO token check: OpenID metadata (issuer, JWKS) and the audience (the tab app's Application ID URI). */
  teamsSso?: { metadataUrl: string; audience: string };
  warnings: string[];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `Configuration is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}

export const DEMO_PARTNERSHIPS = {
  partnerships: [
    {
      id: 'demo',
      name: 'Demo Safeguarding Children Partnership',
      refPrefix: 'DEMO',
      holders: [
        {
          id: 'demo-la',
          name: 'Demo LA lead',
          roles: ['la'],
          slackUserId: 'UDEMOLA01',
          teamsAadObjectId: '00000000-0000-4000-8000-0000000de001',
        },
        {
          id: 'demo-police',
          name: 'Demo police lead',
          roles: ['police'],
          slackUserId: 'UDEMOPOL1',
          teamsAadObjectId: '00000000-0000-4000-8000-0000000de002',
        },
        {
          id: 'demo-health',
          name: 'Demo health lead',
          roles: ['health'],
          slackUserId: 'UDEMOHLT1',
          teamsAadObjectId: '00000000-0000-4000-8000-0000000de003',
        },
        {
          id: 'demo-bm',
          name: 'Demo business manager',
          roles: ['business-manager'],
          slackUserId: 'UDEMOBM01',
          teamsAadObjectId: '00000000-0000-4000-8000-0000000de004',
        },
        {
          id: 'demo-chair',
          name: 'Demo chair',
          roles: ['chair'],
          slackUserId: 'UDEMOCHR1',
          teamsAadObjectId: '00000000-0000-4000-8000-0000000de005',
        },
        {
          id: 'demo-scrutineer',
          name: 'Demo scrutineer',
          roles: ['scrutineer'],
          slackUserId: 'UDEMOSCR1',
          teamsAadObjectId: '00000000-0000-4000-8000-0000000de006',
        },
      ],
    },
  ],
};

function issuesToProblems(error: z.ZodError, where: string): string[] {
  return error.issues.map(
    (i) => `${where}${i.path.length ? ` at ${i.path.join('.')}` : ''}: ${i.message}`,
  );
}

const require = createRequire(import.meta.url);
/** The YAML parser, loaded only for a file that is not plain JSON (it is a part of the cold start otherwise). */
const parseYaml = (text: string): unknown => (require('yaml') as typeof Yaml).parse(text);

/**
 * Parses a partnership file's text (YAML or JSON; JSON is YAML). A JSON object is read with
 * JSON.parse (a hundred times faster than the YAML parser on a large file: start-up time); anything
 * else, or JSON that does not parse, goes to the YAML parser, whose message says where it is wrong.
 */
export function parsePartnerships(
  text: string,
  where: string,
): { partnerships: PartnershipConfig[]; problems: string[] } {
  let raw: unknown;
  try {
    raw = jsonObject(text) ?? parseYaml(text);
  } catch (err) {
    return {
      partnerships: [],
      problems: [`${where}: not valid YAML or JSON (${(err as Error).message.split('\n')[0]})`],
    };
  }
  const result = fileSchema.safeParse(raw);
  if (!result.success) return { partnerships: [], problems: issuesToProblems(result.error, where) };
  const partnerships = result.data.partnerships.map((p) => ({
    ...p,
    timescales: timescalesFor(p.procedure ?? DEFAULT_PROCEDURE, p.overrides),
  }));
  return { partnerships, problems: [] };
}

/** The text as JSON when it is a JSON object, else undefined. */
function jsonObject(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(
  env: Env = process.env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): AppConfig {
  const problems: string[] = [];
  const warnings: string[] = [];

  const portText = env.PORT ?? '3978';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    problems.push(`PORT: "${portText}" is not a port number (0–65535; 0 picks a free port)`);

  const mongodbUri = env.MONGODB_URI || undefined;
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri))
    problems.push('MONGODB_URI: must start with mongodb:// or mongodb+srv://');

  let partnerships: PartnershipConfig[] = [];
  const demo = !env.CSPR_CONFIG;
  if (env.CSPR_CONFIG) {
    let text: string | undefined;
    try {
      text = readFile(env.CSPR_CONFIG);
    } catch {
      problems.push(`CSPR_CONFIG: cannot read the partnership file ${env.CSPR_CONFIG}`);
    }
    if (text !== undefined) {
      const parsed = parsePartnerships(text, env.CSPR_CONFIG);
      partnerships = parsed.partnerships;
      problems.push(...parsed.problems);
    }
  } else {
    warnings.push(
      'CSPR_CONFIG is not set: using the built-in demo partnership. Do not use it for real cases.',
    );
    partnerships = parsePartnerships(JSON.stringify(DEMO_PARTNERSHIPS), 'demo').partnerships;
  }

  let slack: SlackEnv | undefined;
  if (env.SLACK_BOT_TOKEN || env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) {
    if (!env.SLACK_BOT_TOKEN)
      problems.push(
        `SLACK_BOT_TOKEN: required when ${env.SLACK_SIGNING_SECRET ? 'SLACK_SIGNING_SECRET' : 'SLACK_APP_TOKEN'} is set`,
      );
    if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)
      problems.push('SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set');
    if (env.SLACK_APP_TOKEN && !env.SLACK_APP_TOKEN.startsWith('xapp-'))
      problems.push('SLACK_APP_TOKEN: an app-level token starts with xapp-');
    if (env.SLACK_BOT_TOKEN && !env.SLACK_BOT_TOKEN.startsWith('xoxb-'))
      problems.push('SLACK_BOT_TOKEN: a bot token starts with xoxb-');
    slack = {
      botToken: env.SLACK_BOT_TOKEN ?? '',
      signingSecret: env.SLACK_SIGNING_SECRET ?? '',
      apiUrl: urlOrProblem(env.SLACK_API_URL, 'https://slack.com/api/', 'SLACK_API_URL', problems),
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
    };
  }

  const appType = env.MicrosoftAppType ?? 'MultiTenant';
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType))
    problems.push('MicrosoftAppType: use MultiTenant, SingleTenant or UserAssignedMSI');
  const certificate = Boolean(
    env.MicrosoftAppCertificatePemFile && env.MicrosoftAppCertificateKeyFile,
  );
  if (
    env.MicrosoftAppId &&
    !env.MicrosoftAppPassword &&
    !certificate &&
    appType !== 'UserAssignedMSI'
  )
    problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set');
  if (appType === 'SingleTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId)
    problems.push('MicrosoftAppTenantId: required for a SingleTenant app');
  const teams: TeamsEnv = {
    appType: appType as TeamsEnv['appType'],
    graphApiUrl: urlOrProblem(
      env.GRAPH_API_URL,
      'https://graph.microsoft.com/v1.0/',
      'GRAPH_API_URL',
      problems,
    ),
    serviceUrl: urlOrProblem(
      env.TEAMS_SERVICE_URL,
      'https://smba.trafficmanager.net/teams/',
      'TEAMS_SERVICE_URL',
      problems,
    ),
    ...(env.TEAMS_APP_CATALOG_ID ? { appCatalogId: env.TEAMS_APP_CATALOG_ID } : {}),
    ...(env.MicrosoftAppId ? { appId: env.MicrosoftAppId } : {}),
    ...(env.MicrosoftAppPassword ? { appPassword: env.MicrosoftAppPassword } : {}),
    ...(env.MicrosoftAppTenantId ? { tenantId: env.MicrosoftAppTenantId } : {}),
    ...(env.MicrosoftAppAuthority
      ? {
          authority: urlOrProblem(env.MicrosoftAppAuthority, '', 'MicrosoftAppAuthority', problems),
        }
      : {}),
    ...(env.MicrosoftAppIssuers
      ? {
          issuers: env.MicrosoftAppIssuers.split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        }
      : {}),
    ...(certificate
      ? {
          certPemFile: env.MicrosoftAppCertificatePemFile!,
          certKeyFile: env.MicrosoftAppCertificateKeyFile!,
        }
      : {}),
  };
  // Local mode (anonymous) is for trying the bot; in production Teams needs the bot's Entra app, so without one it is off.
  if (!teams.appId && env.NODE_ENV === 'production') {
    teams.off = true;
    warnings.push(
      'MicrosoftAppId is not set: Teams is off (with NODE_ENV=production, Teams needs the bot’s app id and secret).',
    );
  } else if (!teams.appId)
    warnings.push('MicrosoftAppId is not set: Teams runs in local mode without authentication.');

  const dataDir = env.DATA_DIR || './.data';
  const dataKeys = dataKeysFrom(env, dataDir, problems, warnings);

  const web = webFrom(env, problems, warnings);

  if (problems.length) throw new ConfigError(problems);
  return {
    ...web,
    port,
    ...(mongodbUri ? { mongodbUri } : {}),
    dataDir,
    dataKeys,
    partnerships,
    ...(slack ? { slack } : {}),
    teams,
    demo,
    warnings,
  };
}

/**
 * The key ring from CSPR_DATA_KEY (`base64key` or `id:base64key`, 32 bytes: `openssl rand -base64 32`)
 * and CSPR_DATA_KEYS_OLD (the same, comma-separated). The key id is the first 8 hex digits of the
 * key's SHA-256 unless given. With NODE_ENV=production the current key is required; otherwise
 * its absence means the development key file DATA_DIR/dev-data-key (with a warning).
 * Problems name the variable, never the key.
 */
export function dataKeysFrom(
  env: Env,
  dataDir: string,
  problems: string[],
  warnings: string[],
): DataKeysConfig {
  const old: DataKey[] = [];
  (env.CSPR_DATA_KEYS_OLD ?? '')
    .split(',')
    .map((t) => t.trim())
    .forEach((text, i) => {
      if (!text) return;
      const key = parseDataKey(text);
      if (typeof key === 'string') problems.push(`CSPR_DATA_KEYS_OLD: entry ${i + 1} ${key}`);
      else old.push(key);
    });
  let current: DataKey | undefined;
  if (env.CSPR_DATA_KEY?.trim()) {
    const key = parseDataKey(env.CSPR_DATA_KEY);
    if (typeof key === 'string') problems.push(`CSPR_DATA_KEY: ${key}`);
    else current = key;
  } else if (env.NODE_ENV === 'production') {
    problems.push(
      'CSPR_DATA_KEY: required when NODE_ENV=production (32 random bytes in base64: openssl rand -base64 32)',
    );
  }
  const ids = new Map<string, Buffer>();
  for (const k of [...(current ? [current] : []), ...old]) {
    const known = ids.get(k.id);
    if (known && !known.equals(k.key))
      problems.push(`CSPR_DATA_KEYS_OLD: key id ${k.id} names two different keys`);
    ids.set(k.id, k.key);
  }
  if (current) return { current, old };
  const devKeyFile = path.join(dataDir, 'dev-data-key');
  if (env.NODE_ENV !== 'production')
    warnings.push(
      `CSPR_DATA_KEY is not set: data is encrypted with the development key in ${devKeyFile} (created if missing); ` +
        'anyone who can read that file can read the cases. Set CSPR_DATA_KEY (openssl rand -base64 32) before real cases.',
    );
  return { old, devKeyFile };
}

/**
 * PUBLIC_URL (dashboard and calendar links; without it, `http://localhost:PORT` with a warning) and
 * the Teams tab's SSO check: TEAMS_SSO_AUDIENCE (the tab's Application ID URI, `api://host/<app id>`)
 * and TEAMS_SSO_METADATA_URL (default Microsoft's multi-tenant OpenID metadata; tests point it at a
 * local issuer).
 */
function webFrom(
  env: Env,
  problems: string[],
  warnings: string[],
): Pick<AppConfig, 'publicUrl' | 'teamsSso'> {
  const out: Pick<AppConfig, 'publicUrl' | 'teamsSso'> = {};
  if (env.PUBLIC_URL)
    out.publicUrl = urlOrProblem(env.PUBLIC_URL, '', 'PUBLIC_URL', problems).replace(/\/+$/, '');
  else
    warnings.push('PUBLIC_URL is not set: dashboard and calendar links point at http://localhost.');
  if (env.TEAMS_SSO_AUDIENCE) {
    const metadataUrl =
      env.TEAMS_SSO_METADATA_URL ||
      'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration';
    urlOrProblem(metadataUrl, '', 'TEAMS_SSO_METADATA_URL', problems);
    out.teamsSso = { metadataUrl, audience: env.TEAMS_SSO_AUDIENCE };
  }
  return out;
}

function urlOrProblem(
  value: string | undefined,
  fallback: string,
  name: string,
  problems: string[],
): string {
  const url = value || fallback;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    problems.push(`${name}: "${url}" is not an http(s) URL`);
  }
  return url.endsWith('/') ? url : `${url}/`;
}

/** The holder of a platform user in a partnership, with their roles. */
export function holderBy(
  p: PartnershipConfig,
  key: 'slackUserId' | 'teamsAadObjectId' | 'id',
  value: string,
): Holder | undefined {
  return p.holders.find((h) => h[key] === value);
}

export function holdersWithRole(p: PartnershipConfig, role: Role): Holder[] {
  return p.holders.filter((h) => h.roles.includes(role));
}

/** The holders of any of these roles, each once. */
export function holdersWithAnyRole(p: PartnershipConfig, roles: readonly Role[]): Holder[] {
  return p.holders.filter((h) => h.roles.some((r) => roles.includes(r)));
}
