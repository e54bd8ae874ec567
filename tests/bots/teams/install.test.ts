/**
 * Proactive install: with TEAMS_APP_CATALOG_ID set, each start installs the app (Graph) for every
 * role holder, so the chair and scrutineer get escalations without installing it themselves. A
 * holder Graph refuses, or one with no Entra id in the file, is reported by name to the business
 * manager, never skipped in silence; an app already installed is no error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, Harness, PARTNERSHIPS_YAML, USERS } from './harness.js';

const CATALOG_ID = 'c4a7a106-0000-4000-8000-00000000ca7a';
const YAML = PARTNERSHIPS_YAML.replace(
  '      - { id: member,',
  '      - { id: no-teams, name: Nadia Noteams, roles: [member] }\n      - { id: member,',
);

describe('Teams: the app installed for each role holder', () => {
  const h = new Harness({
    env: { TEAMS_APP_CATALOG_ID: CATALOG_ID },
    partnershipsYaml: (fake) => (fake.installRefusals.set(USERS.scrutineer.aad, 403), YAML),
  });
  beforeAll(async () => {
    await h.start();
    await h.bot.idle();
  });
  afterAll(() => h.stop());

  it('installs the catalogue app for every holder with an Entra id, in their tenant', () => {
    for (const u of [USERS.la, USERS.police, USERS.health, USERS.bm, USERS.chair, USERS.member])
      expect(h.fake.installs.get(u.aad), u.name).toEqual([CATALOG_ID]);
    expect(h.fake.installs.has(USERS.scrutineer.aad)).toBe(false);
    const calls = h.fake
      .graphCalls('POST')
      .filter((c) => c.path.endsWith('/teamwork/installedApps'));
    expect((calls[0]!.body as Record<string, string>)['teamsApp@odata.bind']).toBe(
      `${h.fake.graphUrl}appCatalogs/teamsApps/${CATALOG_ID}`,
    );
  });

  it('tells the business manager, by name, who cannot be reached and why', () => {
    const told = h.fake
      .sent(`a:personal-${USERS.bm.aad}`)
      .map((c) => cardText(c.body))
      .join('\n');
    expect(told).toContain('Some role holders cannot be reached in Teams');
    expect(told).toContain(
      `${USERS.scrutineer.name}: Teams refused to install the app for them (graph.403)`,
    );
    expect(told).toContain('Nadia Noteams: no Teams (Entra) object id in the partnership file');
    expect(told).not.toContain(USERS.chair.name);
    expect(h.logs.join('\n')).toContain('teams app installed for role holders');
    h.checkLogs();
  });

  it('at the next start an app already installed is no error; only the unreachable are told again', async () => {
    const before = h.fake.sent(`a:personal-${USERS.bm.aad}`).length;
    await h.restart();
    expect(h.fake.installs.get(USERS.la.aad)).toEqual([CATALOG_ID]);
    const told = h.fake
      .sent(`a:personal-${USERS.bm.aad}`)
      .slice(before)
      .map((c) => cardText(c.body));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(USERS.scrutineer.name);
  });
});
