/**
 * The permission table end to end in Teams, over real Bot Framework activities to one bot: for
 * every role and every action that Teams offers (typed commands and Action.Execute card actions),
 * a North holder of that role performs it on a North case (their own partnership) and on a South
 * case (another partnership served by the same bot), and the result is allowed or refused exactly
 * as `PERMISSIONS` says. A refusal reveals nothing: the same card as for a case that does not
 * exist. Then the isolation of lists, deadlines and reminders between the two partnerships.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../../src/app/identity.js';
import type { Case, Notification } from '../../../src/domain/case.js';
import { ACTIONS, PERMISSIONS, ROLES, type Action, type Role } from '../../../src/domain/roles.js';
import { cardText, CRITERIA, FACTS, Harness, inputIds, USERS, type User } from './harness.js';

const HOLDER: Record<Role, User> = {
  la: USERS.la,
  police: USERS.police,
  health: USERS.health,
  'business-manager': USERS.bm,
  chair: USERS.chair,
  scrutineer: USERS.scrutineer,
  member: USERS.member,
};
const OUTCOME: Partial<Record<Role, string>> = {
  la: 'lcspr',
  police: 'national',
  health: 'no-further-review',
}; // never three alike

type Target = 'own' | 'other' | 'missing';
const h = new Harness();
const cases = {} as Record<'own' | 'other', Case>;

const notification: Notification = {
  awareOn: '2026-12-22',
  incidentOn: '2026-12-20',
  harm: 'death',
  abuseOrNeglect: 'suspected',
  location: 'in-area',
  childStatus: 'none',
  children: [{ pseudonym: 'Child A', age: 4 }],
  notifyingAgency: 'Children’s social care',
  summary: 'Infant death at home; neglect suspected.',
};

async function caseIn(partnershipId: 'north' | 'south'): Promise<Case> {
  const service = h.bot.service;
  const p = service.partnership(partnershipId);
  const la = actorOf(
    p,
    p.holders.find((x) => x.roles.includes('la'))!,
  );
  const created = await service.notify(la, notification);
  const facts = {
    summary: 'What happened.',
    agencies: ['police'],
    keyEpisodes: 'Episodes.',
    immediateAction: false,
    learning: 'Learning.',
    complexOrNational: false,
    themes: ['neglect'],
  };
  return (await service.run(la, created.case.id, { type: 'record-facts', facts })).case;
}

const refOf = (t: Target) => (t === 'missing' ? 'NORTH-2026-999' : cases[t].ref);
const idOf = (t: Target) => (t === 'missing' ? randomUUID() : cases[t].id);

const ask = async (u: User, text: string) => h.ask(u, text);
const invoke = async (u: User, verb: string, t: Target, inputs: Record<string, string> = {}) =>
  (await h.invoke(u, verb, { cspr: { verb, caseId: idOf(t), requestId: randomUUID() }, ...inputs }))
    .card;

interface Probe {
  action: Action;
  run: (u: User, role: Role, t: Target) => Promise<Record<string, unknown>>;
  allowed: (card: Record<string, unknown>, t: Target) => boolean;
}
const hasInputs = (id: string) => (card: Record<string, unknown>) => inputIds(card).includes(id);
const mentionsCase = (card: Record<string, unknown>, t: Target) =>
  cardText(card).includes(refOf(t));
const says = (text: string) => (card: Record<string, unknown>) => cardText(card).includes(text);

const PROBES: Record<string, Probe> = {
  'notify (command)': {
    action: 'notify',
    run: (u) => ask(u, 'notify'),
    allowed: hasInputs('awareOn'),
  },
  'facts (command)': {
    action: 'record-facts',
    run: (u, _r, t) => ask(u, `facts ${refOf(t)}`),
    allowed: hasInputs('summary'),
  },
  'facts.open': {
    action: 'record-facts',
    run: (u, _r, t) => invoke(u, 'facts.open', t),
    allowed: hasInputs('summary'),
  },
  'facts.submit': {
    action: 'record-facts',
    run: (u, _r, t) => invoke(u, 'facts.submit', t, FACTS),
    allowed: says('Rapid-review facts recorded.'),
  },
  'criteria (command)': {
    action: 'assess-criteria',
    run: (u, _r, t) => ask(u, `criteria ${refOf(t)}`),
    allowed: hasInputs('improvements'),
  },
  'criteria.open': {
    action: 'assess-criteria',
    run: (u, _r, t) => invoke(u, 'criteria.open', t),
    allowed: hasInputs('improvements'),
  },
  'criteria.submit': {
    action: 'assess-criteria',
    run: (u, _r, t) => invoke(u, 'criteria.submit', t, CRITERIA),
    allowed: says('Criteria assessment recorded.'),
  },
  'vote (command)': {
    action: 'vote',
    run: (u, _r, t) => ask(u, `vote ${refOf(t)}`),
    allowed: hasInputs('outcome'),
  },
  'vote.open': {
    action: 'vote',
    run: (u, _r, t) => invoke(u, 'vote.open', t),
    allowed: hasInputs('outcome'),
  },
  'vote.submit': {
    action: 'vote',
    run: (u, r, t) =>
      invoke(u, 'vote.submit', t, {
        outcome: OUTCOME[r] ?? 'lcspr',
        rationale: `rationale-marker of the ${r} holder`,
      }),
    allowed: says('Your vote is recorded'),
  },
  'notified (command)': {
    action: 'record-notification',
    run: (u, _r, t) => ask(u, `notified ${refOf(t)}`),
    allowed: hasInputs('panelNotifiedOn'),
  },
  'notified.open': {
    action: 'record-notification',
    run: (u, _r, t) => invoke(u, 'notified.open', t),
    allowed: hasInputs('panelNotifiedOn'),
  },
  'notified.submit': {
    action: 'record-notification',
    // A new reference each time, so that every allowed submission records something.
    run: (u, r, t) =>
      invoke(u, 'notified.submit', t, {
        panelNotifiedOn: '2026-12-23',
        panelReference: `CSPRP-${r}-${t}`,
      }),
    allowed: says('Notification recorded'),
  },
  'status (command)': {
    action: 'view',
    run: (u, _r, t) => ask(u, `status ${refOf(t)}`),
    allowed: mentionsCase,
  },
  'case.refresh (card refresh)': {
    action: 'view',
    run: (u, _r, t) => invoke(u, 'case.refresh', t),
    allowed: mentionsCase,
  },
  'remind pause (command)': {
    action: 'pause-reminders',
    run: (u, _r, t) => ask(u, `remind pause ${refOf(t)}`),
    allowed: mentionsCase,
  },
  'timeline (command)': {
    action: 'view-timeline',
    run: (u, _r, t) => ask(u, `timeline ${refOf(t)}`),
    allowed: mentionsCase,
  },
  'export (command)': {
    action: 'export',
    run: (u, _r, t) => ask(u, `export ${refOf(t)}`),
    allowed: mentionsCase,
  },
  'step (command)': {
    action: 'post-decision',
    run: (u, _r, t) => ask(u, `step ${refOf(t)}`),
    allowed: mentionsCase,
  },
  'step.choose': {
    action: 'post-decision',
    run: (u, _r, t) => invoke(u, 'step.choose', t),
    allowed: mentionsCase,
  },
  'action.open': {
    action: 'post-decision',
    run: (u, _r, t) => invoke(u, 'action.open', t),
    allowed: mentionsCase,
  },
  'actions (command)': {
    action: 'view',
    run: (u, _r, t) => ask(u, `actions ${refOf(t)}`),
    allowed: mentionsCase,
  },
  'actions.list': {
    action: 'view',
    run: (u, _r, t) => invoke(u, 'actions.list', t),
    allowed: mentionsCase,
  },
};
/** Actions with no Teams entry yet: the core refuses them for everyone else (tests/domain/permissions.test.ts); erase is `cspr erase`. */
const NOT_IN_TEAMS: Action[] = ['refer', 'correct-decision', 'erase', 'view-dashboard']; // view-dashboard: `dashboard` and the page, role by role in tests/web/

beforeAll(async () => {
  await h.start();
  cases.own = await caseIn('north');
  cases.other = await caseIn('south');
}, 30_000);
afterAll(() => h.stop());

describe('Teams: every role × every action × own and other partnership', () => {
  it('covers every action of the table: each is probed in Teams or has no Teams entry', () => {
    const probed = new Set(Object.values(PROBES).map((p) => p.action));
    expect(ACTIONS.filter((a) => !probed.has(a)).sort()).toEqual([...NOT_IN_TEAMS].sort());
  });

  const rows = ROLES.flatMap((role) =>
    Object.entries(PROBES).flatMap(([name, { action }]) =>
      (['own', 'other'] as const)
        .filter((t) => action !== 'notify' || t === 'own')
        .map((target) => ({
          role,
          name,
          target,
          expected: target === 'own' && PERMISSIONS[action].includes(role),
        })),
    ),
  );

  it.each(rows)(
    '$role: $name on the $target partnership’s case → allowed $expected',
    async ({ role, name, target, expected }) => {
      const probe = PROBES[name]!;
      const u = HOLDER[role];
      const card = await probe.run(u, role, target);
      expect(
        probe.allowed(card, target),
        `${name} as ${role} on ${target}: ${cardText(card).slice(0, 300)}`,
      ).toBe(expected);
      if (expected) return;
      // A refusal reveals nothing: the same card as for a case that does not exist, and no case in it.
      const missing = await probe.run(u, role, 'missing');
      expect(cardText(card)).toBe(cardText(missing));
      expect(inputIds(card)).toEqual([]);
      expect(cardText(card)).not.toContain(cases.other.ref);
      expect(cardText(card)).not.toContain(cases.own.ref);
    },
  );

  it.each(ROLES)(
    '%s: a notification submitted by this holder never creates a case in the other partnership',
    async (role) => {
      const before = await h.bot.service.repo.list(['south']);
      await h.invoke(HOLDER[role], 'notify.submit', {
        cspr: { verb: 'notify.submit', requestId: randomUUID() },
        partnership: 'south',
      });
      expect(await h.bot.service.repo.list(['south'])).toHaveLength(before.length);
    },
  );
});

describe('Teams: one bot, two partnerships, nothing crosses', () => {
  const NORTH = /NORTH-\d{4}-\d{3}/;
  const SOUTH = /SOUTH-\d{4}-\d{3}/;

  it('lists and deadlines show each holder only their own partnership’s cases', async () => {
    for (const role of ROLES) {
      for (const verb of ['list', 'deadlines'])
        expect(cardText(await ask(HOLDER[role], verb)), `${verb} for ${role}`).not.toMatch(SOUTH);
    }
    const south = cardText(await ask(USERS.southLa, 'list'));
    expect(south).toMatch(SOUTH);
    expect(south).not.toMatch(NORTH);
    expect(cardText(await ask(USERS.southLa, 'deadlines'))).not.toMatch(NORTH);
  });

  it('never tells anyone else’s partnership in every card it produced', () => {
    for (const call of h.fake.sent(`a:personal-chat-${USERS.southLa.key}`))
      expect(cardText(call.body)).not.toMatch(NORTH);
    h.checkAllCards();
    h.checkLogs();
  });
});
