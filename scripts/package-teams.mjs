#!/usr/bin/env node
/**
 * `npm run package:teams`: zips manifest/teams (manifest.json + icons) into build/teams/cspr-teams.zip
 * for side-loading. The bot's Entra app id replaces the placeholder id when MicrosoftAppId is set
 * (or TEAMS_APP_ID), in `id`, `bots[0].botId` and `webApplicationInfo`. Uses jszip (a dev dependency).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import JSZip from 'jszip';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'manifest', 'teams');
const out = process.argv[2]
  ? resolve(process.argv[2])
  : join(root, 'build', 'teams', 'cspr-teams.zip');
const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8'));
const appId = process.env.TEAMS_APP_ID || process.env.MicrosoftAppId || '';
if (appId) {
  if (!GUID.test(appId)) {
    console.error(
      "MicrosoftAppId (or TEAMS_APP_ID) must be the bot's Entra application id, a GUID.",
    );
    process.exit(1);
  }
  manifest.id = appId;
  for (const bot of manifest.bots ?? []) bot.botId = appId;
  for (const extension of manifest.composeExtensions ?? []) extension.botId = appId;
  manifest.webApplicationInfo = { id: appId, resource: `api://botid-${appId}` };
} else if (manifest.id === PLACEHOLDER) {
  console.warn(
    'MicrosoftAppId is not set: the package keeps the placeholder app id (fine for the Agents Playground, not for a tenant).',
  );
}

// The dashboard tabs live at PUBLIC_URL (the manifest holds a placeholder host).
const publicUrl = (process.env.PUBLIC_URL || '').replace(/\/+$/, '');
if (publicUrl) {
  if (!publicUrl.startsWith('https://')) {
    console.error('PUBLIC_URL must be an https:// URL for the Teams tabs.');
    process.exit(1);
  }
  const swap = (url) => url.replace('https://cspr.example.org', publicUrl);
  for (const tab of manifest.staticTabs ?? [])
    Object.assign(tab, { contentUrl: swap(tab.contentUrl), websiteUrl: swap(tab.websiteUrl) });
  for (const tab of manifest.configurableTabs ?? [])
    tab.configurationUrl = swap(tab.configurationUrl);
  manifest.validDomains = [new URL(publicUrl).host];
}

const zip = new JSZip();
// Fixed dates keep the package byte-for-byte reproducible.
const date = new Date('2026-01-01T00:00:00Z');
zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
for (const icon of [manifest.icons.color, manifest.icons.outline])
  zip.file(icon, readFileSync(join(source, icon)), { date });
const bytes = await zip.generateAsync({
  type: 'nodebuffer',
  compression: 'DEFLATE',
  compressionOptions: { level: 9 },
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
console.log(`Teams app package: ${out} (${bytes.length} bytes)`);
