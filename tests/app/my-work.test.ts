/**
 * "My work", the platform-neutral view model behind Slack's Home (and, later, Teams' personal
 * scope): on the real CaseService and embedded store, each person gets the pending actions of
 * their own roles (overdue first, with what opens them), their cases and their mutes — and
 * nothing of another partnership's cases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { myWork, type MuteLookup } from '../../src/app/my-work.js';
import { caseAt, openFixture, who, type Fixture } from './case-fixture.js';

let f: Fixture;
beforeEach(async () => {
  f = await openFixture();
});
afterEach(async () => {
  await f.close();
});

const work = (role: string, partnershipId = 'north', mutes?: MuteLookup) =>
  myWork(f.service, [who(f, role, partnershipId)], f.clock.now(), mutes);

describe('myWork', () => {
  it('one vote in: the partners still to vote have their vote, with the vote form; the police none', async () => {
    await caseAt(f, 'one-vote');
    const la = await work('la');
    expect(la.actions.map((a) => [a.key, a.opens])).toEqual([
      ['vote-la', { kind: 'form', form: 'vote' }],
    ]);
    expect(la.actions[0]).toMatchObject({
      ref: 'NORTH-2026-001',
      due: '2027-01-15',
      dueInWords: '9 working days left',
      overdue: false,
    });
    expect((await work('health')).actions.map((a) => a.key)).toEqual(['vote-health']);
    expect((await work('police')).actions).toEqual([]);
    expect((await work('chair')).actions).toEqual([]);
    expect((await work('member')).cases.map((c) => [c.ref, c.stateLabel, c.roles])).toEqual([
      ['NORTH-2026-001', 'Partners deciding', 'Member'],
    ]);
  });

  it('overdue first; a notification duty opens the notification form; the business manager’s step opens its form', async () => {
    await caseAt(f, 'notified');
    f.clock.set('2027-01-05T10:00:00Z'); // the Panel was due on 31 December
    const la = await work('la');
    expect(la.actions[0]).toMatchObject({
      key: 'notify-panel',
      overdue: true,
      dueInWords: '2 working days overdue',
    });
    expect(la.actions[0]!.opens).toEqual({ kind: 'form', form: 'notified' });
    expect(
      (await work('business-manager')).actions.find((a) => a.key === 'notify-panel'),
    ).toBeUndefined(); // the LA's duty, not the business manager's
    const overdue = la.actions.map((a) => a.overdue);
    expect(overdue).toContain(false);
    expect(overdue).toEqual([...overdue].sort((a, b) => Number(b) - Number(a))); // every overdue one before every other
    const decided = await caseAt(f, 'decided');
    const bm = await work('business-manager');
    expect(bm.actions.filter((a) => a.caseId === decided).map((a) => a.opens)).toContainEqual({
      kind: 'step',
      step: 'commission',
    });
  });

  it('nothing of another partnership; mutes as the lookup gives them; no role: no work at all', async () => {
    await caseAt(f, 'one-vote');
    const south = await work('la', 'south', {
      mutedKinds: async (p, h) => new Set(p === 'south' && h === 'south-la' ? ['escalation'] : []),
    });
    expect(south.cases).toEqual([]);
    expect(south.actions).toEqual([]);
    expect(south.reminders).toEqual([
      { kind: 'personal', muted: false },
      { kind: 'escalation', muted: true },
    ]);
    expect(await myWork(f.service, [], f.clock.now())).toEqual({
      hasRole: false,
      actions: [],
      cases: [],
      reminders: [],
    });
  });
});
