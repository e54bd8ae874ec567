/**
 * The Slack app manifest: display information within Slack's limits, the /cspr command and
 * interactivity on the one endpoint (placeholder host), and exactly the bot scopes the Web API
 * methods called in src/bots/slack need: no more, no fewer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '../../..');
interface Manifest {
  display_information: {
    name: string;
    description: string;
    long_description: string;
    background_color: string;
  };
  features: {
    slash_commands: { command: string; url?: string; description: string; usage_hint: string }[];
    bot_user: { display_name: string };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
    event_subscriptions?: { request_url?: string; bot_events: string[] };
  };
}
const load = (file: string) =>
  parse(readFileSync(join(root, 'manifest/slack', file), 'utf8')) as Manifest;
const manifest = load('manifest.yaml');
const socketManifest = load('manifest.socket.yaml');

/** The scope each Web API method needs, as the bot uses it (private channels only). */
const SCOPE_OF: Record<string, string | null> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'conversations.create': 'groups:write',
  'conversations.invite': 'groups:write',
  'conversations.list': 'groups:read',
  'files.uploadV2': 'files:write',
  'views.open': null,
  'views.publish': null,
  'auth.test': null,
  'conversations.inviteShared': 'conversations.connect:write',
  'users.lookupByEmail': 'users:read.email',
};

function methodsCalled(): Set<string> {
  const dir = join(root, 'src/bots/slack');
  const found = new Set<string>();
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(
      /\.(chat|conversations|views|users|auth|reactions|pins|files|team)\.(\w+)\(/g,
    ))
      found.add(`${m[1]}.${m[2]}`);
  }
  return found;
}

describe('manifest/slack/manifest.yaml', () => {
  it('has display information within Slack’s limits', () => {
    const d = manifest.display_information;
    expect(d.name.length).toBeLessThanOrEqual(35);
    expect(d.description.length).toBeLessThanOrEqual(140);
    expect(d.long_description.length).toBeGreaterThanOrEqual(175);
    expect(d.long_description.length).toBeLessThanOrEqual(4000);
    expect(d.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });

  it('sends /cspr and interactivity to POST /slack/events on a placeholder host', () => {
    const [cmd] = manifest.features.slash_commands;
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(cmd!.command).toBe('/cspr');
    expect(cmd!.url).toBe('https://YOUR-BOT-HOST/slack/events');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: cmd!.url });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for exactly the bot scopes the code needs', () => {
    const methods = methodsCalled();
    expect(methods.size).toBeGreaterThan(0);
    for (const m of methods)
      expect(
        Object.keys(SCOPE_OF),
        `${m} needs an entry (and its scope in the manifest)`,
      ).toContain(m);
    const needed = new Set([
      'commands',
      ...[...methods].map((m) => SCOPE_OF[m]).filter((s): s is string => Boolean(s)),
    ]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});

describe('the shortcuts in both manifests', () => {
  it('are the ones the bot handles, with names and descriptions within Slack’s limits', async () => {
    const { SHORTCUTS } = await import('../../../src/bots/slack/shortcuts.js');
    for (const m of [manifest, socketManifest]) {
      const shortcuts =
        (
          m.features as {
            shortcuts?: { name: string; type: string; callback_id: string; description: string }[];
          }
        ).shortcuts ?? [];
      expect(shortcuts.map((s) => [s.type, s.callback_id, s.name])).toEqual([
        ['global', SHORTCUTS.notify, 'Notify an incident'],
        ['message', SHORTCUTS.addToFacts, "Add to a case's facts"],
      ]);
      for (const s of shortcuts) {
        expect(s.name.length).toBeLessThanOrEqual(24);
        expect(s.description.length).toBeLessThanOrEqual(80);
      }
    }
  });
});

describe('manifest/slack/manifest.socket.yaml', () => {
  it('turns Socket Mode on and names no request URL anywhere', () => {
    expect(socketManifest.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socketManifest)).not.toMatch(/url|YOUR-BOT-HOST/i);
    expect(socketManifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('is the HTTP manifest but for the URLs and the mode', () => {
    const withoutUrls = (m: Manifest): unknown =>
      JSON.parse(
        JSON.stringify(m, (k, v: unknown) =>
          k === 'url' || k === 'request_url' || k === 'socket_mode_enabled' ? undefined : v,
        ),
      );
    expect(withoutUrls(socketManifest)).toEqual(withoutUrls(manifest));
  });
});
