/**
 * The permission table end to end in Slack, over real signed HTTP to one bot: for every role and
 * every action that Slack offers, a Lincolnshire holder of that role performs it on a Lincolnshire
 * case (their own partnership) and on a Portsmouth case (another partnership served by the same
 * bot), and the result is allowed or refused exactly as `PERMISSIONS` says. A refusal reveals
 * nothing: it is the same answer as for a case that does not exist. Then the isolation of the
 * lists, deadlines and reminders between the two partnerships.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../../src/app/identity.js';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import type { Case, Notification } from '../../../src/domain/case.js';
import { ACTIONS, PERMISSIONS, ROLES, type Action, type Role } from '../../../src/domain/roles.js';
import { retentionActor } from '../../../src/scheduler/retention.js';
import {
  CRITERIA,
  FACTS,
  NOTIFICATION,
  openedView,
  startHarness,
  textOf,
  U,
  type Harness,
} from './harness.js';

/** The Lincolnshire holder of each role (harness partnership file). */
const HOLDER: Record<Role, string> = {
  la: U.la,
  police: U.police,
  health: U.health,
  'business-manager': U.bm,
  chair: U.chair,
  scrutineer: U.scrutineer,
  member: U.member,
};
const OUTCOME: Partial<Record<Role, string>> = {
  la: 'lcspr',
  police: 'national',
  health: 'no-further-review',
}; // never three alike: no decision

type Obj = Record<string, unknown>;
type Target = 'own' | 'other' | 'missing';
/** What a person saw: a modal opened, or the text of the reply. */
interface Seen {
  opened?: Obj;
  text: string;
}

let h: Harness;
const cases = {} as Record<'own' | 'other', Case>;
const views = {} as Record<'notification' | 'facts' | 'criteria' | 'vote' | 'notified', Obj>;

const notificationOf = (children: Notification['children']): Notification => ({
  awareOn: '2026-12-22',
  incidentOn: '2026-12-20',
  harm: 'death',
  abuseOrNeglect: 'suspected',
  location: 'in-area',
  childStatus: 'none',
  children,
  notifyingAgency: 'Children’s social care',
  summary: 'Infant death at home; neglect suspected.',
});

async function caseIn(partnershipId: 'lincs' | 'ports'): Promise<Case> {
  const service = h.bot.service;
  const p = service.partnership(partnershipId);
  const la = actorOf(
    p,
    p.holders.find((x) => x.roles.includes('la'))!,
  );
  const bm = actorOf(
    p,
    p.holders.find((x) => x.roles.includes('business-manager')) ?? p.holders[0]!,
  );
  const created = await service.notify(la, notificationOf([{ pseudonym: 'Child A', age: 4 }]));
  const facts = {
    summary: 'What happened.',
    agencies: ['police'],
    keyEpisodes: 'Episodes.',
    immediateAction: false,
    learning: 'Learning.',
    complexOrNational: false,
    themes: ['neglect'],
  };
  await service.run(bm.roles.includes('business-manager') ? bm : la, created.case.id, {
    type: 'record-facts',
    facts,
  });
  for (let i = 0; i < 200; i++) {
    const c = (await service.repo.load(created.case.id))!;
    if (c.channels.some((ch) => ch.platform === 'slack' && ch.meta?.messageTs)) return c;
    await h.bot.idle();
  }
  throw new Error(`no Slack channel for the ${partnershipId} case`);
}

const refOf = (t: Target) => (t === 'missing' ? 'LINCS-2026-999' : cases[t].ref);
const idOf = (t: Target) => (t === 'missing' ? randomUUID() : cases[t].id);

/** A slash command: the modal it opened, or its ephemeral reply. */
async function command(user: string, text: string): Promise<Seen> {
  const replies = h.fake.callsTo('response_url').length;
  const opens = h.fake.callsTo('views.open').length;
  const ack = await h.slack.command(user, text);
  expect(ack.status).toBe(200);
  return h.fake.waitFor(() => {
    if (h.fake.callsTo('views.open').length > opens)
      return { opened: h.fake.callsTo('views.open')[opens]!.args.view as Obj, text: '' };
    const reply = h.fake.callsTo('response_url')[replies];
    return reply
      ? {
          text:
            String(reply.args.text ?? '') +
            textOf(reply).replace(/"response_url"|https?:[^"]*/g, ''),
        }
      : undefined;
  }, `an answer to /cspr ${text}`);
}

/** A button of the case message: the modal it opened, or the ephemeral reply. */
async function button(user: string, action: string, caseId: string): Promise<Seen> {
  const replies = h.fake.callsTo('chat.postEphemeral').length;
  const opens = h.fake.callsTo('views.open').length;
  const ack = await h.slack.click(user, action, caseId, { channel: 'C0GENERAL1' });
  expect(ack.status).toBe(200);
  return h.fake.waitFor(() => {
    if (h.fake.callsTo('views.open').length > opens)
      return { opened: h.fake.callsTo('views.open')[opens]!.args.view as Obj, text: '' };
    const reply = h.fake.callsTo('chat.postEphemeral')[replies];
    return reply ? { text: String(reply.args.text ?? '') } : undefined;
  }, `an answer to the ${action} button`);
}

/** A modal submitted for a case (its private metadata pointing at `caseId`): '' when saved, else the notice. */
async function submit(
  user: string,
  view: Obj,
  caseId: string,
  answers: Record<string, string | string[]>,
): Promise<Seen> {
  const forged = { ...view, private_metadata: JSON.stringify({ caseId }) };
  const ack = await h.slack.submit(
    user,
    forged,
    answers,
    `V${randomUUID().slice(0, 8).toUpperCase()}`,
  );
  expect(ack.status).toBe(200);
  return { text: ack.json ? JSON.stringify(ack.json) : ack.text };
}

/** How each action is done in Slack, on a target case; `allowed` says whether what was seen is the action going through. */
interface Probe {
  run: (user: string, role: Role, t: Target) => Promise<Seen>;
  allowed: (seen: Seen, t: Target) => boolean;
}
const opensModal = (callback: string) => (seen: Seen) => seen.opened?.callback_id === callback;
const mentionsCase = (seen: Seen, t: Target) => seen.text.includes(refOf(t));
const saved = (seen: Seen) => seen.text === '';

const PROBES: Record<string, { action: Action; probe: Probe }> = {
  'notify (command)': {
    action: 'notify',
    probe: { run: (u) => command(u, 'notify'), allowed: opensModal('cspr_notification') },
  },
  'facts (command)': {
    action: 'record-facts',
    probe: {
      run: (u, _r, t) => command(u, `facts ${refOf(t)}`),
      allowed: opensModal('cspr_facts'),
    },
  },
  'facts (button)': {
    action: 'record-facts',
    probe: {
      run: (u, _r, t) => button(u, ACTION_IDS.facts, idOf(t)),
      allowed: opensModal('cspr_facts'),
    },
  },
  'facts (submit)': {
    action: 'record-facts',
    probe: { run: (u, _r, t) => submit(u, views.facts, idOf(t), FACTS), allowed: saved },
  },
  'criteria (command)': {
    action: 'assess-criteria',
    probe: {
      run: (u, _r, t) => command(u, `criteria ${refOf(t)}`),
      allowed: opensModal('cspr_criteria'),
    },
  },
  'criteria (button)': {
    action: 'assess-criteria',
    probe: {
      run: (u, _r, t) => button(u, ACTION_IDS.criteria, idOf(t)),
      allowed: opensModal('cspr_criteria'),
    },
  },
  'criteria (submit)': {
    action: 'assess-criteria',
    probe: { run: (u, _r, t) => submit(u, views.criteria, idOf(t), CRITERIA), allowed: saved },
  },
  'vote (command)': {
    action: 'vote',
    probe: { run: (u, _r, t) => command(u, `vote ${refOf(t)}`), allowed: opensModal('cspr_vote') },
  },
  'vote (button)': {
    action: 'vote',
    probe: {
      run: (u, _r, t) => button(u, ACTION_IDS.vote, idOf(t)),
      allowed: opensModal('cspr_vote'),
    },
  },
  'vote (submit)': {
    action: 'vote',
    probe: {
      run: (u, r, t) =>
        submit(u, views.vote, idOf(t), {
          outcome: OUTCOME[r] ?? 'lcspr',
          rationale: `Rationale of the ${r} holder.`,
        }),
      allowed: saved,
    },
  },
  'notified (command)': {
    action: 'record-notification',
    probe: {
      run: (u, _r, t) => command(u, `notified ${refOf(t)}`),
      allowed: opensModal('cspr_record_notification'),
    },
  },
  'notified (button)': {
    action: 'record-notification',
    probe: {
      run: (u, _r, t) => button(u, ACTION_IDS.notified, idOf(t)),
      allowed: opensModal('cspr_record_notification'),
    },
  },
  'notified (submit)': {
    action: 'record-notification',
    // A new reference each time, so that every allowed submission records something.
    probe: {
      run: (u, r, t) =>
        submit(u, views.notified, idOf(t), {
          panelNotifiedOn: '2026-12-23',
          panelReference: `CSPRP-${r}-${t}`,
        }),
      allowed: saved,
    },
  },
  status: {
    action: 'view',
    probe: { run: (u, _r, t) => command(u, `status ${refOf(t)}`), allowed: mentionsCase },
  },
  timeline: {
    action: 'view-timeline',
    probe: { run: (u, _r, t) => command(u, `timeline ${refOf(t)}`), allowed: mentionsCase },
  },
  export: {
    action: 'export',
    probe: { run: (u, _r, t) => command(u, `export ${refOf(t)}`), allowed: mentionsCase },
  },
  'remind pause': {
    action: 'pause-reminders',
    probe: { run: (u, _r, t) => command(u, `remind pause ${refOf(t)}`), allowed: mentionsCase },
  },
  'step (command)': {
    action: 'post-decision',
    probe: {
      run: (u, _r, t) => command(u, `step ${refOf(t)}`),
      allowed: (seen, t) => Boolean(seen.opened) || mentionsCase(seen, t),
    },
  },
  'action plan: add (button)': {
    action: 'post-decision',
    probe: {
      run: (u, _r, t) => button(u, ACTION_IDS.actionAdd, idOf(t)),
      allowed: (seen, t) => Boolean(seen.opened) || mentionsCase(seen, t),
    },
  },
  'action plan (command)': {
    action: 'view',
    probe: { run: (u, _r, t) => command(u, `actions ${refOf(t)}`), allowed: mentionsCase },
  },
};
/** Actions with no Slack entry: the core refuses them for everyone else (tests/domain/permissions.test.ts); erase is the `cspr erase` command (tests/cli/erase.test.ts). */
const NOT_IN_SLACK: Action[] = ['refer', 'correct-decision', 'erase', 'view-dashboard']; // view-dashboard: `/cspr dashboard` and the page, role by role in tests/web/

beforeAll(async () => {
  h = await startHarness();
  cases.own = await caseIn('lincs');
  cases.other = await caseIn('ports');
  // Modals as the bot opened them, to submit (and forge) later.
  let count = h.fake.callsTo('views.open').length;
  await h.slack.command(U.la, 'notify');
  views.notification = await openedView(h, ++count);
  for (const [kind, user] of [
    ['facts', U.bm],
    ['criteria', U.bm],
    ['vote', U.la],
    ['notified', U.la],
  ] as const) {
    await h.slack.click(user, ACTION_IDS[kind], cases.own.id, { channel: 'C0GENERAL1' });
    views[kind] = await openedView(h, ++count);
  }
}, 30_000);
afterAll(async () => {
  expect(h.fake.problems).toEqual([]);
  await h.stop();
});

describe('Slack: every role × every action × own and other partnership', () => {
  it('covers every action of the table: each is probed in Slack or has no Slack entry', () => {
    const probed = new Set(Object.values(PROBES).map((p) => p.action));
    expect(ACTIONS.filter((a) => !probed.has(a)).sort()).toEqual([...NOT_IN_SLACK].sort());
  });

  const rows = ROLES.flatMap((role) =>
    Object.entries(PROBES).flatMap(([name, { action }]) =>
      (['own', 'other'] as const)
        .filter((t) => action !== 'notify' || t === 'own')
        .map((target) => ({
          role,
          name,
          action,
          target,
          expected: target === 'own' && PERMISSIONS[action].includes(role),
        })),
    ),
  );

  it.each(rows)(
    '$role: $name on the $target partnership’s case → allowed $expected',
    async ({ role, name, target, expected }) => {
      const { probe } = PROBES[name]!;
      const user = HOLDER[role];
      const seen = await probe.run(user, role, target);
      expect(
        probe.allowed(seen, target),
        `${name} as ${role} on ${target}: ${seen.opened ? 'modal opened' : seen.text}`,
      ).toBe(expected);
      if (expected) return;
      // A refusal reveals nothing: the same answer as for a case that does not exist, and no reference.
      const missing = await probe.run(user, role, 'missing');
      expect(seen.opened).toBeUndefined();
      expect(seen.text).toBe(missing.text);
      expect(seen.text).not.toContain(cases.other.ref);
      expect(seen.text).not.toContain(cases.own.ref);
    },
  );

  it.each(ROLES)(
    '%s: a notification submitted by this holder never creates a case in the other partnership',
    async (role) => {
      const before = await h.bot.service.repo.list(['ports']);
      const ack = await h.slack.submit(
        HOLDER[role],
        views.notification,
        NOTIFICATION,
        `VNOTIFY${role.slice(0, 3).toUpperCase()}`,
      );
      expect(ack.status).toBe(200);
      expect(await h.bot.service.repo.list(['ports'])).toHaveLength(before.length);
      if (!PERMISSIONS.notify.includes(role))
        expect(JSON.stringify(ack.json)).toContain(
          'Your role does not allow this: notify an incident.',
        );
    },
  );

  it('has no chat command to erase a case, for anyone', async () => {
    for (const role of ROLES) {
      const seen = await command(HOLDER[role], `erase ${cases.own.ref}`);
      expect(seen.text).toContain('I don’t know that command');
    }
    expect((await h.bot.service.repo.load(cases.own.id))!.erased).toBeUndefined();
  });
});

describe('Slack: one bot, two partnerships, nothing crosses', () => {
  const LINCS = /LINCS-\d{4}-\d{3}/;
  const PORTS = /PORTS-\d{4}-\d{3}/;

  it('lists and deadlines show each holder only their own partnership’s cases', async () => {
    for (const role of ROLES) {
      for (const verb of ['list', 'deadlines']) {
        const seen = await command(HOLDER[role], verb);
        expect(seen.text, `${verb} for ${role}`).not.toMatch(PORTS);
      }
    }
    const ports = await command(U.portsLa, 'list');
    expect(ports.text).toMatch(PORTS);
    expect(ports.text).not.toMatch(LINCS);
    expect((await command(U.portsLa, 'deadlines')).text).not.toMatch(LINCS);
  });

  it('sends each partnership’s reminders only to its own channels and people', async () => {
    const before = h.fake.callsTo('chat.postMessage').length;
    await h.bot.scheduler.tick();
    const sent = h.fake.callsTo('chat.postMessage').slice(before);
    expect(sent.length).toBeGreaterThan(0);
    const channelOf = (c: Case) => c.channels.find((ch) => ch.platform === 'slack')!.id;
    const portsChannel = channelOf((await h.bot.service.repo.load(cases.other.id))!);
    const lincsPeople = new Set(Object.values(HOLDER));
    for (const call of sent) {
      const text = textOf(call);
      const to = String(call.args.channel);
      if (to === portsChannel || to === U.portsLa) expect(text, `to ${to}`).not.toMatch(LINCS);
      if (lincsPeople.has(to as never) || (to !== portsChannel && to.startsWith('G')))
        expect(text, `to ${to}`).not.toMatch(PORTS);
    }
  });

  it('keeps each case channel’s members to its own partnership’s holders', async () => {
    const ports = (await h.bot.service.repo.load(cases.other.id))!;
    const channel = h.fake.channels.get(ports.channels.find((ch) => ch.platform === 'slack')!.id)!;
    for (const user of Object.values(HOLDER)) expect(channel.members.has(user), user).toBe(false);
  });
});

describe('Slack: erasure by the retention schedule', () => {
  it('redacts the case message in its channel in place', async () => {
    const channel = cases.own.channels.find((ch) => ch.platform === 'slack')!;
    const shown = [...h.fake.callsTo('chat.postMessage'), ...h.fake.callsTo('chat.update')].filter(
      (c) => c.args.channel === channel.id,
    );
    expect(
      shown.some((c) => textOf(c).includes('Child A')),
      'the card showed the pseudonym before',
    ).toBe(true);
    const before = h.fake.callsTo('chat.update').length;
    await h.bot.service.run(retentionActor('lincs'), cases.own.id, {
      type: 'erase',
      reason: 'Retention period ended.',
    });
    const update = await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.update')
          .slice(before)
          .find((c) => c.args.channel === channel.id),
      'the case message updated',
    );
    expect(update.args.ts).toBe(channel.meta?.messageTs);
    const text = textOf(update);
    expect(text).toContain(cases.own.ref);
    for (const s of ['Child A', 'Infant death at home']) expect(text).not.toContain(s);
  });

  it('still answers status, timeline and export on the erased case, without its personal data, and refuses changes', async () => {
    for (const verb of ['status', 'timeline', 'export']) {
      const seen = await command(U.bm, `${verb} ${cases.own.ref}`);
      expect(seen.text, verb).toContain(cases.own.ref);
      for (const s of ['Child A', 'Infant death at home', 'What happened.'])
        expect(seen.text, `${verb}: ${s}`).not.toContain(s);
    }
    const facts = await submit(U.bm, views.facts, cases.own.id, FACTS);
    expect(facts.text).toContain('was erased');
  });
});
