/**
 * The permission table, exhaustively and in the pure core: every role × every action × a case of
 * the actor's own partnership and of another one. The expected table is written out here, apart
 * from `PERMISSIONS`, so that a change to who may do what is a deliberate change to both. Every
 * action that is a command is also run through `decide` on a case where it would otherwise succeed:
 * allowed exactly when the table says, and a refusal on another partnership's case is
 * `case.not_found` (it reveals nothing).
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/lifecycle.js';
import {
  ACTIONS,
  can,
  notPermitted,
  notYourVote,
  PERMISSIONS,
  permittedActors,
  ROLES,
  VOTE_REFUSAL,
  type Action,
  type Actor,
  type Role,
} from '../../src/domain/roles.js';
import {
  CaseLog,
  closedCase,
  criteria,
  decidedCase,
  facts,
  identity,
  makeActor,
  notification,
  notifiedCase,
  P1,
  P2,
  rapidReviewCase,
  referral,
  TODAY,
} from './helpers.js';

const Y = true;
const N = false;
/** The policy, one row per action, columns in the order of ROLES: la, police, health, business-manager, chair, scrutineer, member. */
const EXPECTED: Record<Action, readonly boolean[]> = {
  //                   la police health  bm  chair scrut member
  refer: /*         */ [Y, Y, Y, Y, Y, N, Y],
  notify: /*        */ [Y, N, N, Y, N, N, N],
  'record-facts': [Y, Y, Y, Y, Y, N, Y],
  'assess-criteria': [Y, Y, Y, Y, Y, N, N],
  vote: /*          */ [Y, Y, Y, N, N, N, N],
  view: /*          */ [Y, Y, Y, Y, Y, Y, Y],
  'view-timeline': [Y, Y, Y, Y, Y, Y, N],
  export: /*        */ [Y, Y, Y, Y, Y, Y, N],
  'post-decision': [N, N, N, Y, Y, N, N],
  'correct-decision': [N, N, N, N, Y, N, N],
  'pause-reminders': [N, N, N, Y, Y, N, N],
  erase: /*         */ [N, N, N, Y, Y, N, N],
  'record-notification': [Y, N, N, Y, N, N, N],
  'view-dashboard': [Y, Y, Y, Y, Y, Y, N],
};

const allowed = (role: Role, action: Action) => EXPECTED[action][ROLES.indexOf(role)]!;
const MATRIX = ROLES.flatMap((role) =>
  ACTIONS.flatMap((action) =>
    [true, false].map((own) => ({ role, action, own, expected: own && allowed(role, action) })),
  ),
);
const holder = (role: Role, own: boolean): Actor =>
  makeActor(`${role}-holder`, [role], own ? P1 : P2);

describe('the permission table', () => {
  it('is the table above, for every role and action', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ACTIONS].sort());
    for (const action of ACTIONS)
      expect([...PERMISSIONS[action]].sort(), action).toEqual(
        ROLES.filter((r) => allowed(r, action)).sort(),
      );
  });

  it.each(MATRIX)(
    'can($role, $action) on a case of its own partnership: $own → $expected',
    ({ role, action, own, expected }) => {
      expect(can(holder(role, own), action, P1)).toBe(expected);
    },
  );

  it('never lets the bot itself act on another partnership, and someone with no role nothing', () => {
    for (const action of ACTIONS) {
      expect(can({ id: 'system', name: 'bot', partnershipId: P2, roles: [] }, action, P1)).toBe(
        false,
      );
      expect(can(makeActor('nobody', []), action, P1)).toBe(false);
    }
  });

  it('keeps, of a person serving several partnerships, the actors allowed the action', () => {
    const both = [makeActor('x', ['member'], P1), makeActor('x', ['chair'], P2)];
    expect(permittedActors(both, 'view-timeline').map((a) => a.partnershipId)).toEqual([P2]);
    expect(permittedActors(both, 'view')).toHaveLength(2);
    expect(permittedActors(both, 'vote')).toEqual([]);
  });

  it('refuses with a sentence that names the action and no case', () => {
    for (const action of ACTIONS.filter((a) => a !== 'vote')) {
      const err = notPermitted(action);
      expect(err.code).toBe('action.not_permitted');
      expect(err.details).toEqual({ action });
      expect(err.message).toMatch(/^Your role does not allow this: .+\.$/);
    }
  });
});

describe('the one refusal of a vote', () => {
  it('is one code and one sentence, naming no case, from the permission check and from decide alike', () => {
    const fromTable = notPermitted('vote');
    expect({ code: fromTable.code, message: fromTable.message }).toEqual({
      code: 'vote.not_your_role',
      message: VOTE_REFUSAL,
    });
    expect(notYourVote('police')).toMatchObject({
      code: 'vote.not_your_role',
      message: VOTE_REFUSAL,
      details: { partner: 'police' },
    });
    for (const actor of [makeActor('bm', ['business-manager']), makeActor('police', ['police'])]) {
      const err = rapidReviewCase().refusal(actor, {
        type: 'cast-vote',
        partner: 'la',
        outcome: 'lcspr',
        rationale: 'Rationale.',
        criteria: [],
      });
      expect({ code: err.code, message: err.message }).toEqual({
        code: 'vote.not_your_role',
        message: VOTE_REFUSAL,
      });
    }
  });
});

/** For each action that is a command: a case where the command would succeed, and the command for an actor. */
const COMMANDS: Partial<Record<Action, { log: () => CaseLog; command: (a: Actor) => Command }>> = {
  refer: {
    log: () => new CaseLog(),
    command: () => ({ type: 'refer', identity: identity(), referral: referral() }),
  },
  notify: {
    log: () => new CaseLog(),
    command: () => ({ type: 'notify', identity: identity(), notification: notification() }),
  },
  'record-facts': { log: notifiedCase, command: () => ({ type: 'record-facts', facts: facts() }) },
  'assess-criteria': {
    log: notifiedCase,
    command: () => ({ type: 'assess-criteria', criteria: criteria() }),
  },
  vote: {
    log: rapidReviewCase,
    command: (a) => ({
      type: 'cast-vote',
      partner: (['la', 'police', 'health'] as const).find((p) => a.roles.includes(p)) ?? 'la',
      outcome: 'lcspr',
      rationale: 'Rationale.',
      criteria: [],
    }),
  },
  'post-decision': {
    log: () => decidedCase(),
    command: () => ({ type: 'send-to-panel', on: TODAY }),
  },
  'correct-decision': {
    log: () => decidedCase(),
    command: () => ({ type: 'correct-decision', note: 'A typo in a rationale.' }),
  },
  'pause-reminders': { log: notifiedCase, command: () => ({ type: 'pause-reminders' }) },
  erase: {
    log: closedCase,
    command: () => ({ type: 'erase', reason: 'Information-governance request 42.' }),
  },
  'record-notification': {
    log: notifiedCase,
    command: () => ({ type: 'record-notification', partnersNotifiedOn: TODAY }),
  },
};
const READS: Action[] = ['view', 'view-timeline', 'export', 'view-dashboard']; // not commands: the CaseService reads (tests/app/authorisation.test.ts)

describe('decide enforces the table for every command', () => {
  it('has a command for every action but the reads', () => {
    expect(ACTIONS.filter((a) => !COMMANDS[a]).sort()).toEqual([...READS].sort());
  });

  const commandMatrix = MATRIX.filter((m) => COMMANDS[m.action]);
  it.each(commandMatrix)(
    '$role → $action on a case of its own partnership: $own → allowed $expected',
    ({ role, action, own, expected }) => {
      const { log, command } = COMMANDS[action]!;
      const l = log();
      const actor = holder(role, own);
      if (expected) {
        expect(l.run(actor, command(actor)).length).toBeGreaterThan(0);
        return;
      }
      const err = l.refusal(actor, command(actor));
      const creating = action === 'refer' || action === 'notify';
      if (!own && !creating)
        expect(err.code, 'another partnership’s case does not exist for them').toBe(
          'case.not_found',
        );
      else expect(err.code).toBe(action === 'vote' ? 'vote.not_your_role' : 'action.not_permitted');
    },
  );

  it('refuses another partnership’s case exactly as a case that does not exist', () => {
    const other = holder('chair', false);
    const existing = decidedCase().refusal(other, { type: 'correct-decision', note: 'x' });
    const missing = new CaseLog().refusal(other, { type: 'correct-decision', note: 'x' });
    expect({ code: existing.code, message: existing.message, details: existing.details }).toEqual({
      code: missing.code,
      message: missing.message,
      details: missing.details,
    });
  });
});
