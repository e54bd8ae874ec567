/**
 * A partnership that chooses shared channels (`teams.caseChannel: shared`): the police lead takes
 * part from the police force's own tenant (B2B direct connect). The channel is created shared, the
 * external partner is added with their tenant id, the whole flow runs to a decision with the police
 * vote coming from that tenant, and the same person arriving from an unexpected tenant is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardText,
  Harness,
  notifyCase,
  PARTNERSHIPS_YAML,
  TENANT,
  toRapidReview,
  USERS,
  vote,
  type User,
} from './harness.js';

const POLICE_TENANT = '7d1f0000-0000-4000-8000-0000000b0b0b';
const OTHER_TENANT = '7d1f0000-0000-4000-8000-0000000e0e0e';
const policeAtHome: User = { ...USERS.police, tenantId: POLICE_TENANT };

const SHARED_YAML = PARTNERSHIPS_YAML.replace(
  `casesTeamId: `,
  `caseChannel: shared, casesTeamId: `,
).replace(
  `roles: [police], teamsAadObjectId: ${USERS.police.aad} }`,
  `roles: [police], teamsAadObjectId: ${USERS.police.aad}, teamsTenantId: ${POLICE_TENANT} }`,
);

describe('Teams: a shared channel with a partner from another tenant', () => {
  const h = new Harness({ partnershipsYaml: () => SHARED_YAML });
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('the yaml really names the shared channel and the police tenant', () => {
    expect(SHARED_YAML).toContain('caseChannel: shared');
    expect(SHARED_YAML).toContain(`teamsTenantId: ${POLICE_TENANT}`);
  });

  it('creates a shared channel, adds the police lead with their own tenant, and runs to a decision with their vote', async () => {
    const o = await notifyCase(h);
    expect(
      (h.fake.channelCreations().at(-1)!.body as { membershipType: string }).membershipType,
    ).toBe('shared');
    expect(cardText(o.confirmation)).toContain(
      "It is shared: only the case's role holders are members.",
    );
    const channel = h.fake.channel(o.where.channelId!)!;
    const police = channel.members.find((m) => m.userId === USERS.police.aad);
    expect(police?.tenantId).toBe(POLICE_TENANT);
    // Everyone else is a member of the host tenant: no tenant id is given for them.
    expect(
      channel.members
        .filter((m) => m.userId !== USERS.police.aad)
        .every((m) => m.tenantId === undefined),
    ).toBe(true);

    await toRapidReview(h, o);
    await vote(h, USERS.la, o, 'lcspr');
    const fromPolice = await vote(h, policeAtHome, o, 'lcspr');
    expect(cardText(fromPolice.card)).toContain('Your vote is recorded.');
    const decided = await vote(h, USERS.health, o, 'lcspr');
    expect(cardText(decided.card)).toContain('the decision with it');
    const c = await h.caseByRef(o.ref);
    expect(c.state).toBe('decided');
    expect(c.votes.police?.by.name).toBe(USERS.police.name);
    h.checkAllCards();
    h.checkLogs();
  });

  it.each([
    ['the host tenant', TENANT],
    ['a third tenant', OTHER_TENANT],
  ])(
    'refuses the police lead signed in from %s: no role, nothing stored',
    async (_what, tenantId) => {
      const o = await notifyCase(h);
      const before = (await h.bot.service.repo.events(o.caseId)).length;
      const impostor: User = { ...USERS.police, tenantId };
      const view = await h.press(impostor, o.shared, 'case.refresh', {}, o.where);
      expect(cardText(view.card)).not.toContain('Rationale');
      const answer = await h.ask(impostor, 'status');
      expect(cardText(answer)).toContain('No role');
      expect((await h.bot.service.repo.events(o.caseId)).length).toBe(before);
    },
  );
});
