/** Who may do what, over real HTTP: refusals are plain sentences and nothing is stored. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ROLE, NOT_FOUND } from '../../../src/app/messages.js';
import { VOTE_REFUSAL } from '../../../src/domain/roles.js';
import {
  cardText,
  executeActions,
  Harness,
  inputIds,
  notifyCase,
  personal,
  toRapidReview,
  USERS,
  vote,
  type Opened,
} from './harness.js';

describe('Teams: refusals', () => {
  const h = new Harness();
  let o: Opened;
  beforeAll(async () => {
    await h.start();
    h.fake.members = Object.values(USERS).map((u) => ({
      id: u.mri,
      aadObjectId: u.aad,
      name: u.name,
    }));
    o = await notifyCase(h);
    await toRapidReview(h, o);
  });
  afterAll(() => h.stop());

  const eventCount = async () => (await h.bot.service.repo.events(o.caseId)).length;

  it('answers someone without a role with the no-role message, for commands and card actions', async () => {
    for (const text of ['notify', 'list', `status ${o.ref}`, 'vote'])
      expect(cardText(await h.ask(USERS.outsider, text))).toContain(NO_ROLE);
    const before = await eventCount();
    const r = await h.press(USERS.outsider, o.shared, 'case.refresh', {}, o.where);
    expect(cardText(r.card)).toContain(NO_ROLE);
    const forged = await h.invoke(
      USERS.outsider,
      'vote.submit',
      {
        cspr: {
          verb: 'vote.submit',
          caseId: o.caseId,
          requestId: 'f0f0f0f0-0000-4000-8000-000000000001',
        },
        outcome: 'lcspr',
        rationale: 'x',
      },
      o.where,
    );
    expect(cardText(forged.card)).toContain(NO_ROLE);
    expect(await eventCount()).toBe(before);
  });

  it('lets only the local authority or the business manager notify', async () => {
    expect(cardText(await h.ask(USERS.member, 'notify'))).toContain(
      'Your role does not allow this: notify an incident.',
    );
    expect(cardText(await h.ask(USERS.police, 'notify'))).toContain(
      'Your role does not allow this: notify an incident.',
    );
    // A notification card forwarded to a member and submitted: refused, nothing created.
    const form = await h.ask(USERS.la, 'notify');
    const before = (await h.allCases()).length;
    const r = await h.press(USERS.member, form, 'notify.submit', {});
    expect(cardText(r.card)).toContain('Your role does not allow this: notify an incident.');
    expect(await h.allCases()).toHaveLength(before);
  });

  it('lets only holders of la, police or health vote, each for their own partner', async () => {
    const before = await eventCount();
    for (const u of [USERS.bm, USERS.member, USERS.chair, USERS.scrutineer]) {
      expect(cardText(await h.ask(u, `vote ${o.ref}`))).toContain(VOTE_REFUSAL);
      const view = await h.press(u, o.shared, 'case.refresh', {}, o.where);
      expect(inputIds(view.card)).toEqual([]);
      const forged = await h.invoke(
        u,
        'vote.submit',
        {
          cspr: {
            verb: 'vote.submit',
            caseId: o.caseId,
            requestId: `f0f0f0f0-0000-4000-8000-00000000000${u.key.length}`,
          },
          outcome: 'lcspr',
          rationale: 'forged vote',
        },
        o.where,
      );
      expect(cardText(forged.card)).toContain(VOTE_REFUSAL);
    }
    // The LA lead's card carries no partner choice: they can only vote for the LA.
    const la = await h.press(USERS.la, o.shared, 'case.refresh', {}, o.where);
    expect(inputIds(la.card)).not.toContain('partner');
    const forged = await h.press(
      USERS.la,
      la.card,
      'vote.submit',
      { partner: 'police', outcome: 'national', rationale: 'for the police' },
      o.where,
    );
    expect(cardText(forged.card)).toContain('Your vote is recorded.');
    const c = await h.caseByRef(o.ref);
    expect(Object.keys(c.votes)).toEqual(['la']);
    expect(await eventCount()).toBe(before + 1);
  });

  it('refuses what a role does not allow, and hides other partnerships’ cases', async () => {
    const before = await eventCount();
    // A member may add facts but not assess the criteria.
    const memberCriteria = await h.ask(USERS.member, `criteria ${o.ref}`);
    expect(cardText(memberCriteria)).toContain(
      'Your role does not allow this: assess the criteria.',
    );
    expect(inputIds(memberCriteria)).toEqual([]);
    const forged = await h.invoke(
      USERS.member,
      'criteria.submit',
      {
        cspr: {
          verb: 'criteria.submit',
          caseId: o.caseId,
          requestId: 'f0f0f0f0-0000-4000-8000-0000000000aa',
        },
        improvements: 'no',
      },
      o.where,
    );
    expect(cardText(forged.card)).toContain('Your role does not allow this');
    const forgedFull = await h.invoke(
      USERS.member,
      'criteria.submit',
      {
        cspr: {
          verb: 'criteria.submit',
          caseId: o.caseId,
          requestId: 'f0f0f0f0-0000-4000-8000-0000000000ab',
        },
        improvements: 'no',
        'recurrent-themes': 'no',
        'multi-agency': 'no',
        'panel-referred': 'no',
        'single-agency': 'no',
        'no-agency': 'no',
        'cross-boundary': 'no',
        institutional: 'no',
      },
      o.where,
    );
    expect(cardText(forgedFull.card)).toContain('Your role does not allow this');
    // Another partnership's LA lead: the case does not exist for them.
    expect(cardText(await h.ask(USERS.southLa, `status ${o.ref}`))).toContain(NOT_FOUND);
    const south = await h.invoke(
      USERS.southLa,
      'case.refresh',
      { cspr: { verb: 'case.refresh', caseId: o.caseId } },
      personal(USERS.southLa),
    );
    expect(cardText(south.card)).toContain(NOT_FOUND);
    const southVote = await h.invoke(
      USERS.southLa,
      'vote.submit',
      {
        cspr: {
          verb: 'vote.submit',
          caseId: o.caseId,
          requestId: 'f0f0f0f0-0000-4000-8000-0000000000ac',
        },
        outcome: 'lcspr',
        rationale: 'x',
      },
      personal(USERS.southLa),
    );
    expect(cardText(southVote.card)).toContain(NOT_FOUND);
    expect(await eventCount()).toBe(before);
  });

  it('answers a card without its request id as out of date, and unknown commands with help', async () => {
    const before = await eventCount();
    const stale = await h.invoke(
      USERS.bm,
      'facts.submit',
      { cspr: { verb: 'facts.submit', caseId: o.caseId } },
      o.where,
    );
    expect(cardText(stale.card)).toContain('This card is out of date');
    const unknown = await h.invoke(
      USERS.bm,
      'case.delete',
      { cspr: { verb: 'case.delete', caseId: o.caseId } },
      o.where,
    );
    expect(cardText(unknown.card)).toContain('This card is out of date');
    expect(cardText(await h.ask(USERS.bm, 'dance'))).toContain('CSPR bot: what you can ask');
    expect(cardText(await h.ask(USERS.bm, 'status'))).toContain('Say which case');
    expect(await eventCount()).toBe(before);
  });

  it('refuses a vote once the decision is recorded', async () => {
    await vote(h, USERS.la, o, 'lcspr');
    await vote(h, USERS.police, o, 'lcspr');
    const view = await h.press(USERS.health, o.shared, 'case.refresh', {}, o.where);
    await h.press(
      USERS.health,
      view.card,
      'vote.submit',
      { outcome: 'lcspr', rationale: 'agreed' },
      o.where,
    );
    expect((await h.caseByRef(o.ref)).state).toBe('decided');
    const before = await eventCount();
    // The health lead's old card, with a fresh request id: refused by the core.
    const data = { ...executeActions(view.card).find((a) => a.verb === 'vote.submit')!.data };
    (data.cspr as { requestId: string }).requestId = 'f0f0f0f0-0000-4000-8000-0000000000ad';
    const late = await h.invoke(
      USERS.health,
      'vote.submit',
      { ...data, outcome: 'national', rationale: 'changed my mind' },
      o.where,
    );
    expect(cardText(late.card)).toContain('votes can no longer change');
    // The facts can no longer change either.
    const facts = await h.ask(USERS.bm, `facts ${o.ref}`);
    expect(cardText(facts)).toContain('past the rapid review');
    expect(inputIds(facts)).toEqual([]);
    expect(await eventCount()).toBe(before);
    h.checkAllCards();
    h.checkLogs();
  });
});
