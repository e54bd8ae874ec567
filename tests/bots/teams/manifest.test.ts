/**
 * The Teams app manifest validates against the official schema bundled in @microsoft/app-manifest
 * (offline), and `npm run package:teams` produces the zip to side-load.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const manifestPath = join(process.cwd(), 'manifest', 'teams', 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown> & {
  manifestVersion: string;
};

function bundledSchema(version: string): Record<string, unknown> {
  const dir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const text = readFileSync(
    join(dir, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json'),
    'utf8',
  );
  // The published schema has a regex with "\a" that JSON Schema validators reject (the library does the same).
  return JSON.parse(text.replace(/\\a/g, '\\x07')) as Record<string, unknown>;
}

const validate = (m: unknown) =>
  AppManifestUtils.validateAgainstSchema(
    m as never,
    bundledSchema(manifest.manifestVersion) as never,
  );
const tmp = mkdtempSync(join(tmpdir(), 'cspr-teams-pkg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Teams app manifest', () => {
  it('is valid against the official schema of its version', async () => {
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(22);
    expect(await validate(manifest)).toEqual([]);
  });

  it('the validation can fail', async () => {
    const broken = { ...manifest, bots: [{ botId: 'not-a-guid', scopes: ['galaxy'] }] };
    expect((await validate(broken)).length).toBeGreaterThan(0);
  });

  it('declares the bot for team and personal scopes, the commands, channel-creation consent and webApplicationInfo', () => {
    const bot = (
      manifest.bots as {
        scopes: string[];
        commandLists: { scopes: string[]; commands: { title: string }[] }[];
      }[]
    )[0]!;
    expect(bot.scopes.sort()).toEqual(['personal', 'team']);
    for (const list of bot.commandLists)
      expect(list.commands.map((c) => c.title).sort()).toEqual([
        'criteria',
        'deadlines',
        'facts',
        'help',
        'list',
        'notify',
        'roles',
        'status',
        'timeline',
        'vote',
      ]);
    const rsc = (
      manifest.authorization as {
        permissions: { resourceSpecific: { name: string; type: string }[] };
      }
    ).permissions.resourceSpecific;
    expect(rsc).toContainEqual({ name: 'Channel.Create.Group', type: 'Application' });
    // Case channels are private or shared: the bot must be allowed in them.
    expect(manifest.supportedChannelTypes).toEqual(
      expect.arrayContaining(['privateChannels', 'sharedChannels']),
    );
    expect(manifest.webApplicationInfo).toMatchObject({ id: manifest.id });
  });

  it('declares the dashboard as a personal static tab and a configurable channel tab, at PUBLIC_URL once packaged', async () => {
    const tabs = manifest as unknown as {
      staticTabs: { contentUrl: string; scopes: string[] }[];
      configurableTabs: { configurationUrl: string; scopes: string[] }[];
    };
    expect(tabs.staticTabs[0]).toMatchObject({
      contentUrl: 'https://cspr.example.org/dashboard/tab',
      scopes: ['personal'],
    });
    expect(tabs.configurableTabs[0]).toMatchObject({
      configurationUrl: 'https://cspr.example.org/dashboard/tab/config',
      scopes: ['team'],
    });
    const out = join(tmp, 'cspr-tabs.zip');
    execFileSync(process.execPath, ['scripts/package-teams.mjs', out], {
      env: {
        ...process.env,
        PUBLIC_URL: 'https://cspr.north.example.gov.uk/',
        MicrosoftAppId: '',
        TEAMS_APP_ID: '',
      },
      stdio: 'pipe',
    });
    const packed = JSON.parse(
      await (await JSZip.loadAsync(readFileSync(out))).file('manifest.json')!.async('string'),
    ) as typeof tabs & { validDomains: string[] };
    expect(packed.staticTabs[0]!.contentUrl).toBe(
      'https://cspr.north.example.gov.uk/dashboard/tab',
    );
    expect(packed.configurableTabs[0]!.configurationUrl).toBe(
      'https://cspr.north.example.gov.uk/dashboard/tab/config',
    );
    expect(packed.validDomains).toEqual(['cspr.north.example.gov.uk']);
    expect(await validate(packed)).toEqual([]);
  });

  it('npm run package:teams zips the manifest (with the app id filled in) and both icons', async () => {
    const out = join(tmp, 'cspr-teams.zip');
    const appId = '0b0b0b0b-0000-4000-8000-000000000b07';
    execFileSync(process.execPath, ['scripts/package-teams.mjs', out], {
      env: { ...process.env, MicrosoftAppId: appId, TEAMS_APP_ID: '' },
      stdio: 'pipe',
    });
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packed = JSON.parse(await zip.file('manifest.json')!.async('string')) as Record<
      string,
      unknown
    >;
    expect(packed.id).toBe(appId);
    expect((packed.bots as { botId: string }[])[0]!.botId).toBe(appId);
    expect(packed.webApplicationInfo).toEqual({ id: appId, resource: `api://botid-${appId}` });
    expect(await validate(packed)).toEqual([]);
    for (const [icon, size] of [
      ['color.png', 192],
      ['outline.png', 32],
    ] as const) {
      const png = await zip.file(icon)!.async('nodebuffer');
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('refuses an app id that is not a GUID', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/package-teams.mjs', join(tmp, 'x.zip')], {
        env: { ...process.env, MicrosoftAppId: 'nope', TEAMS_APP_ID: '' },
        stdio: 'pipe',
      }),
    ).toThrow();
  });
});
