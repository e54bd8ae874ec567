/**
 * The whole lifecycle over Teams (PRODUCT.md: referred → notified → rapid-review → deciding →
 * escalated → decided → sent-to-panel → review-commissioned → report-drafting → report-sent →
 * published → monitoring → closed): messages and `adaptiveCard/action` invokes to the running
 * bot, the fake Bot Connector recording what it sends. Every out-of-order step is refused in the
 * core's words and nothing is stored; the action plan, the weekly oversight digest and the earlier
 * cases with the same themes only ever show the user's own partnership.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { actorOf } from '../../../src/app/identity.js';
import { instantAt } from '../../../src/domain/calendar.js';
import { CASE_STATES, type Case, type CaseState } from '../../../src/domain/case.js';
import { sensitive } from '../../support/log-sink.js';
import {
  cardOf,
  cardText,
  executeActions,
  Harness,
  inputIds,
  notifyCase,
  PARTNERSHIPS_YAML,
  toRapidReview,
  USERS,
  vote,
  type Opened,
} from './harness.js';

const SECRET_REC = 'South-only recommendation about home visits.';
const NORTH_REC = 'Escalate missed health visits to the named nurse.';
const SOUTH_CHAIR = 'aaaaaaaa-0000-4000-8000-000000000042';
sensitive(
  'Independent reviewer Ruth Bell',
  'Systems methodology with practitioner workshop.',
  SECRET_REC,
  NORTH_REC,
  'Audit every referral closed without assessment.',
);

let h: Harness;
afterEach(async () => {
  h.checkAllCards();
  await h.stop();
});

async function start(yaml?: (serviceUrl: string) => string): Promise<void> {
  h = new Harness(yaml ? { partnershipsYaml: (fake) => yaml(fake.serviceUrl) } : {});
  await h.start();
  h.fake.members = Object.values(USERS).map((u) => ({
    id: u.mri,
    aadObjectId: u.aad,
    name: u.name,
  }));
}

const load = async (id: string): Promise<Case> => (await h.bot.service.repo.load(id))!;

/** The case card as last updated in place in the channel. */
function sharedNow(): Record<string, unknown> {
  return cardOf(h.fake.updates().at(-1)!);
}

describe('Teams: every state of the lifecycle', () => {
  it('walks a case from notification to closed, refusing each step out of order; a referral is closed too', async () => {
    await start();
    const visited = new Set<CaseState>();
    const at = async (id: string, state: CaseState) => {
      expect((await load(id)).state).toBe(state);
      visited.add(state);
    };
    /** A step typed to the bot that must be refused: the refusal, and nothing stored. */
    const refused = async (
      o: { caseId: string; where: Opened['where'] },
      text: string,
      u = USERS.bm,
    ) => {
      const events = await h.bot.service.repo.countEvents(o.caseId);
      const card = await h.ask(u, text, o.where);
      expect(inputIds(card), `no form for "${text}"`).toEqual([]);
      expect(await h.bot.service.repo.countEvents(o.caseId)).toBe(events);
      return cardText(card);
    };
    /** `step <name>` typed in the case channel, then its form submitted: the answer's text. */
    const step = async (o: Opened, name: string, inputs: Record<string, string>, u = USERS.bm) => {
      const form = await h.ask(u, `step ${name}`, o.where);
      expect(executeActions(form).map((a) => a.verb)).toContain('step.submit');
      const done = await h.press(u, form, 'step.submit', inputs, o.where);
      return cardText(done.card);
    };

    // notified
    const o = await notifyCase(h);
    await at(o.caseId, 'notified');
    expect(await refused(o, 'step send-to-panel')).toContain(
      `${o.ref} is notified: cannot send the rapid review to the Panel now.`,
    );
    expect(await refused(o, 'step publish')).toContain(
      `${o.ref} is notified: cannot record publication now.`,
    );

    // rapid-review → deciding → escalated → decided
    await toRapidReview(h, o);
    await at(o.caseId, 'rapid-review');
    expect(await refused(o, 'step close', USERS.chair)).toContain(
      `${o.ref} is rapid-review: cannot close the case now.`,
    );
    await vote(h, USERS.police, o, 'lcspr');
    await at(o.caseId, 'deciding');
    expect(await refused(o, 'step commission')).toContain(
      `${o.ref} is deciding: cannot commission a review now.`,
    );
    await vote(h, USERS.la, o, 'lcspr');
    await vote(h, USERS.health, o, 'no-further-review');
    await at(o.caseId, 'escalated');
    expect(await refused(o, 'step send-to-panel')).toContain(
      `${o.ref} is escalated: cannot send the rapid review to the Panel now.`,
    );
    await vote(h, USERS.health, o, 'lcspr');
    await at(o.caseId, 'decided');

    // The shared card now has "Next step"; a partner may not use it.
    const shared = sharedNow();
    expect(executeActions(shared.actions).map((a) => a.verb)).toEqual(
      expect.arrayContaining(['step.choose', 'actions.list']),
    );
    expect(cardText((await h.press(USERS.la, shared, 'step.choose', {}, o.where)).card)).toContain(
      'Your role does not allow this: record the steps after the decision.',
    );

    // sent-to-panel from "Next step" (the one step open: its form at once); a stale second form is refused.
    const sendForm = (await h.press(USERS.bm, shared, 'step.choose', {}, o.where)).card;
    expect(inputIds(sendForm)).toEqual(['on']);
    const stale = await h.ask(USERS.chair, 'step send-to-panel', o.where);
    expect(
      cardText(
        (await h.press(USERS.bm, sendForm, 'step.submit', { on: '2026-12-23' }, o.where)).card,
      ),
    ).toContain(`Recorded on ${o.ref}: rapid review sent to the Panel.`);
    await at(o.caseId, 'sent-to-panel');
    expect(
      cardText(
        (await h.press(USERS.chair, stale, 'step.submit', { on: '2026-12-23' }, o.where)).card,
      ),
    ).toContain(`${o.ref} is sent-to-panel: cannot send the rapid review to the Panel now.`);
    expect(
      (await h.bot.service.repo.events(o.caseId)).filter((e) => e.type === 'rapid-review.sent'),
    ).toHaveLength(1);
    expect(await refused(o, 'step drafting')).toContain(
      `${o.ref} is sent-to-panel: cannot start drafting the report now.`,
    );

    // The Panel's response, then review-commissioned; several steps open: a choice first.
    h.clock.set('2027-01-20T10:00:00Z');
    expect(await step(o, 'panel-response', { response: 'agrees', on: '2027-01-11' })).toContain(
      'the panel agrees with the partnership',
    );
    expect(
      await step(
        o,
        'commission',
        { reviewer: 'Independent reviewer Ruth Bell', on: '2027-01-20' },
        USERS.chair,
      ),
    ).toContain('Next: tell the Panel, Ofsted and DfE');
    await at(o.caseId, 'review-commissioned');
    expect(await refused(o, 'step publish')).toContain(
      `${o.ref} is review-commissioned: cannot record publication now.`,
    );
    expect(await refused(o, 'step share-learning')).toContain('has a local review');
    const chooser = (await h.press(USERS.bm, sharedNow(), 'step.choose', {}, o.where)).card;
    expect(inputIds(chooser)).toEqual(['step']);
    expect(cardText(chooser)).toContain('Methodology agreed');
    const methodology = (
      await h.press(USERS.bm, chooser, 'step.open', { step: 'methodology' }, o.where)
    ).card;
    expect(inputIds(methodology)).toEqual(['methodology', 'on']);
    await h.press(
      USERS.bm,
      methodology,
      'step.submit',
      { methodology: 'Systems methodology with practitioner workshop.', on: '2027-01-20' },
      o.where,
    );
    expect((await load(o.caseId)).dates.methodologyAgreedOn).toBe('2027-01-20');
    await step(o, 'reviewer-informed', { on: '2027-01-20' });
    await step(o, 'involvement', { who: 'practitioners', on: '2027-01-20' });
    await step(o, 'involvement', { who: 'family', on: '2027-01-20' });

    // report-drafting: the final report only after the draft.
    h.clock.set('2027-06-01T10:00:00Z');
    await step(o, 'drafting', { on: '2027-03-01', plannedPublicationOn: '2027-06-15' });
    await at(o.caseId, 'report-drafting');
    expect(await refused(o, 'step final-report')).toContain(
      `Record the draft report on ${o.ref} before the final report.`,
    );
    await step(o, 'draft-report', { on: '2027-04-20' });
    await step(o, 'final-report', { on: '2027-06-01' });

    // report-sent, late: recorded, with a warning.
    h.clock.set('2027-06-08T10:00:00Z');
    expect(
      await step(o, 'send-report', { on: '2027-06-08', plannedPublicationOn: '2027-06-15' }),
    ).toContain('only 5 working days before publication: at least 7 are required');
    await at(o.caseId, 'report-sent');
    expect(await refused(o, 'step monitoring')).toContain(
      `${o.ref} is report-sent: cannot start monitoring the action plan now.`,
    );

    // published
    h.clock.set('2027-06-29T10:00:00Z');
    expect(await step(o, 'publish', { on: '2027-06-29' }, USERS.chair)).toContain(
      'It must stay published until at least 2028-06-29.',
    );
    await at(o.caseId, 'published');

    // The action plan: a partner sees it but cannot change it; the business manager adds an item.
    expect(
      executeActions(await h.ask(USERS.police, 'actions', o.where)).map((a) => a.verb),
    ).toEqual(['case.refresh']);
    const plan = await h.ask(USERS.bm, 'actions', o.where);
    expect(cardText(plan)).toContain('No recommendations recorded yet.');
    const addForm = (await h.press(USERS.bm, plan, 'action.open', {}, o.where)).card;
    expect(inputIds(addForm)).toEqual(['recommendation', 'agency', 'required', 'due', 'status']);
    const missing = await h.press(
      USERS.bm,
      addForm,
      'action.submit',
      { recommendation: 'x', agency: 'police', required: 'y', status: 'open' },
      o.where,
    );
    expect(cardText(missing.card)).toContain('Due date is required.');
    const added = await h.press(
      USERS.bm,
      missing.card,
      'action.submit',
      {
        recommendation: 'Run an audit of referrals.',
        agency: 'police',
        required: 'Audit every referral closed without assessment.',
        due: '2027-09-01',
        status: 'open',
      },
      o.where,
    );
    expect(cardText(added.card)).toContain('Item A1 added.');
    expect(cardText(added.card)).toContain('Police');
    expect(await refused(o, 'step close', USERS.chair)).toContain('has 1 open action plan item');

    // monitoring; the item done through "Update an item"; then closed.
    await step(o, 'monitoring', { on: '2027-06-29' });
    await at(o.caseId, 'monitoring');
    h.clock.set('2027-08-20T10:00:00Z');
    const list = await h.ask(USERS.bm, 'actions', o.where);
    const update = executeActions(list).filter((a) => a.verb === 'action.open')[1]!;
    const pick = (await h.invoke(USERS.bm, 'action.open', update.data, o.where)).card;
    expect(inputIds(pick)).toEqual(['item']);
    const itemForm = (await h.press(USERS.bm, pick, 'action.open', { item: 'A1' }, o.where)).card;
    expect(inputIds(itemForm)).toEqual(['status', 'due', 'required']);
    expect(
      cardText(
        (
          await h.press(
            USERS.bm,
            itemForm,
            'action.submit',
            { status: 'done', due: '2027-09-01' },
            o.where,
          )
        ).card,
      ),
    ).toContain('Item A1 updated.');
    expect((await load(o.caseId)).actionPlan?.[0]).toMatchObject({
      status: 'done',
      doneOn: '2027-08-20',
    });
    expect(await step(o, 'close', { reason: 'Action plan complete' }, USERS.chair)).toContain(
      `${o.ref} is closed.`,
    );
    await at(o.caseId, 'closed');
    expect(await refused(o, 'step close', USERS.chair)).toContain(
      `${o.ref} is closed: cannot close the case now.`,
    );
    expect(cardText(sharedNow())).toContain('Report sent to the Panel and the Secretary of State');

    // referred: a referral (recorded through the service: there is no chat command to refer), closed from Teams.
    const p = h.bot.service.partnership('north');
    const referral = await h.bot.service.refer(
      actorOf(
        p,
        p.holders.find((x) => x.id === 'bm')!,
      ),
      {
        referredAt: '2027-08-20T09:00:00Z',
        referringAgency: 'School nursing',
        summary: 'Concern about bruising.',
        children: [{ pseudonym: 'Child C', age: 5 }],
      },
    );
    await at(referral.case.id, 'referred');
    const r = {
      caseId: referral.case.id,
      where: { conversationId: `a:personal-chat-${USERS.chair.key}`, kind: 'personal' as const },
    };
    expect(await refused(r, `step send-to-panel ${referral.case.ref}`, USERS.chair)).toContain(
      `${referral.case.ref} is referred: cannot send the rapid review to the Panel now.`,
    );
    expect(await refused(r, `step close ${referral.case.ref}`, USERS.la)).toContain(
      'Your role does not allow this',
    );
    const closeForm = await h.ask(USERS.chair, `step close ${referral.case.ref}`);
    await h.press(USERS.chair, closeForm, 'step.submit', { reason: 'Threshold not met' });
    await at(referral.case.id, 'closed');

    expect([...CASE_STATES].filter((s) => !visited.has(s))).toEqual([]);
    const types = (await h.bot.service.repo.events(o.caseId))
      .map((e) => e.type)
      .filter((t) => !t.startsWith('channel.') && t !== 'step.failed');
    expect(types.slice(types.indexOf('decision.recorded'))).toEqual([
      'decision.recorded',
      'rapid-review.sent',
      'panel.responded',
      'review.commissioned',
      'methodology.agreed',
      'reviewer.informed',
      'involvement.recorded',
      'involvement.recorded',
      'report.drafting',
      'report.drafted',
      'report.finalised',
      'report.sent',
      'report.published',
      'action.added',
      'monitoring.started',
      'action.updated',
      'case.closed',
    ]);
    h.checkLogs();
  });
});

describe('Teams: only the user’s own partnership', () => {
  const yaml = (serviceUrl: string) =>
    PARTNERSHIPS_YAML.replace(
      '    teams: {',
      '    reviewGroup: { teamsChannelId: "19:review-group@thread.tacv2" }\n    teams: {',
    ).replace(
      '      - { id: south-health, name: South health lead, roles: [health] }',
      `      - { id: south-health, name: South health lead, roles: [health] }\n      - { id: south-chair, name: South chair, roles: [chair], teamsAadObjectId: ${SOUTH_CHAIR} }\n    reviewGroup: { teamsServiceUrl: "${serviceUrl}" }`,
    );

  /** A case carried to `sent-to-panel` with one action plan item, through the service. */
  async function earlierCase(
    partnershipId: string,
    themes: string[],
    recommendation: string,
  ): Promise<Case> {
    const p = h.bot.service.partnership(partnershipId);
    const as = (role: string) =>
      actorOf(
        p,
        p.holders.find((x) => x.roles.includes(role as never))!,
      );
    const lead = p.holders.some((x) => x.roles.includes('business-manager'))
      ? as('business-manager')
      : as('chair');
    h.clock.set('2026-12-01T10:00:00Z');
    const c = (
      await h.bot.service.notify(as('la'), {
        awareOn: '2026-11-30',
        harm: 'death',
        abuseOrNeglect: 'suspected',
        location: 'in-area',
        childStatus: 'none',
        children: [{ pseudonym: 'Child Z', age: 2 }],
        notifyingAgency: 'CSC',
        summary: 'Earlier incident.',
      })
    ).case;
    await h.bot.service.run(as('la'), c.id, {
      type: 'record-facts',
      facts: {
        summary: 's',
        agencies: ['police'],
        keyEpisodes: 'k',
        immediateAction: false,
        learning: 'l',
        complexOrNational: false,
        themes,
      },
    });
    for (const role of ['la', 'police', 'health'] as const)
      await h.bot.service.run(as(role), c.id, {
        type: 'cast-vote',
        partner: role,
        outcome: 'lcspr',
        rationale: 'Agreed.',
        criteria: [],
      });
    await h.bot.service.run(lead, c.id, { type: 'send-to-panel', on: '2026-12-01' });
    await h.bot.service.run(lead, c.id, {
      type: 'add-action',
      recommendation,
      agency: 'health-visiting',
      required: 'Retrain.',
      due: '2027-03-01',
    });
    h.clock.set('2026-12-23T10:00:00Z');
    return c;
  }

  it('shows the partnership’s earlier cases with the same themes, and their recommendations, in the criteria form — never another partnership’s', async () => {
    await start(yaml);
    const mine = await earlierCase('north', ['neglect'], NORTH_REC);
    await earlierCase('south', ['neglect', 'safe-sleep'], SECRET_REC);
    const o = await notifyCase(h);
    const facts = await h.press(USERS.bm, o.shared, 'facts.open', {}, o.where);
    await h.press(
      USERS.bm,
      facts.card,
      'facts.submit',
      {
        summary: 'What happened.',
        agencies: 'police',
        keyEpisodes: 'Episodes.',
        immediateAction: 'no',
        learning: 'Learning.',
        complexOrNational: 'no',
        themes: 'neglect,safe-sleep',
      },
      o.where,
    );
    const form = cardText(
      (await h.press(USERS.police, o.shared, 'criteria.open', {}, o.where)).card,
    );
    expect(form).toContain(
      `Earlier cases in your partnership with the same themes: ${mine.ref} (Neglect)`,
    );
    expect(form).toContain(`${mine.ref} A1 Health visiting / school nursing: ${NORTH_REC} (open)`);
    expect(form).not.toContain('SOUTH-2026-001');
    expect(form).not.toContain(SECRET_REC);
  });

  it('sends the weekly oversight digest once to each chair and the review group, each with its own partnership’s cases only', async () => {
    await start(yaml);
    const o = await notifyCase(h); // NORTH-2026-001, with its Teams channel (and service URL)
    await earlierCase('south', ['neglect'], SECRET_REC);
    const digests = () =>
      h.fake.connectorCalls('POST').filter((c) => cardText(c.body).includes('Weekly oversight'));
    h.clock.set(instantAt('2027-01-04', '09:05', 'Europe/London'));
    await h.bot.oversight.tick();
    await h.bot.oversight.tick(); // the same week again: nothing twice
    const sent = digests();
    expect(sent).toHaveLength(3);
    const toNorthChair = h.fake
      .sent(`a:personal-${USERS.chair.aad}`)
      .filter((c) => cardText(c.body).includes('Weekly oversight'));
    const toSouthChair = h.fake
      .sent(`a:personal-${SOUTH_CHAIR}`)
      .filter((c) => cardText(c.body).includes('Weekly oversight'));
    const toGroup = h.fake.channelPosts('19:review-group@thread.tacv2');
    expect([toNorthChair.length, toSouthChair.length, toGroup.length]).toEqual([1, 1, 1]);
    for (const call of [...toNorthChair, ...toGroup]) {
      expect(cardText(call.body)).toContain(o.ref);
      expect(cardText(call.body)).not.toContain('SOUTH-2026-001');
    }
    expect(cardText(toSouthChair[0]!.body)).toContain('SOUTH-2026-001');
    expect(cardText(toSouthChair[0]!.body)).toContain(
      'A1 Health visiting / school nursing: due 2027-03-01, open',
    );
    expect(cardText(toSouthChair[0]!.body)).not.toContain(o.ref);
    for (const call of sent)
      for (const secret of ['Child A', 'Child Z', SECRET_REC])
        expect(cardText(call.body)).not.toContain(secret);
  });
});
