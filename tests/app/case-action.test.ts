/**
 * The case action step (src/app/case-action.ts) on the real CaseService and embedded store: the
 * roles against the permission table before any case is read, the case among the person's own
 * partnerships, each form's open states from the core, one sentence per refusal, and a store that
 * does not answer told as such — never as "I can't find that case".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAction, refusalText, roleRefusal, type CaseStep } from '../../src/app/case-action.js';
import { CASE_FORMS } from '../../src/app/case-forms.js';
import { CaseService } from '../../src/app/case-service.js';
import { NO_ROLE, NOT_FOUND, STORE_DOWN } from '../../src/app/messages.js';
import type { Case } from '../../src/domain/case.js';
import { manualClock } from '../../src/domain/clock.js';
import { isDomainError } from '../../src/domain/errors.js';
import { formOpen, VOTING_OPENS, type CaseFormKind } from '../../src/domain/form-states.js';
import {
  ACTIONS,
  notPermitted,
  PERMISSIONS,
  ROLES,
  systemActor,
  VOTE_REFUSAL,
  type Action,
} from '../../src/domain/roles.js';
import { openNotificationDuties } from '../../src/domain/status.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { failingReads, type ReadFaults } from '../support/failing-reads.js';
import { OPERATOR_OBJECTS } from '../support/hostile.js';
import { actor, facts, notification, testPartnerships } from '../support/partnerships.js';

const partnerships = testPartnerships();
const north = (role: string) => actor(partnerships, 'north', role);
const FORM_KINDS = Object.keys(CASE_FORMS) as CaseFormKind[];

const reads: ReadFaults = { failing: false, failed: 0 };
const logged: string[] = [];
const log = pino(
  { level: 'info' },
  new Writable({
    write: (chunk: Buffer, _enc, done) => void (logged.push(chunk.toString()), done()),
  }),
);
let dir: string;
let engine: StorePort;
let service: CaseService;
const deps = () => ({ service, log });
let notified: Case;
let southCase: Case;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cspr-case-action-'));
  engine = failingReads(await openSqliteStore(dir), reads);
  const repo = new CaseRepository(engine);
  await repo.init();
  service = new CaseService(repo, partnerships, manualClock('2026-12-23T10:00:00Z'));
  notified = (await service.notify(north('la'), notification())).case;
  await service.run(systemActor('north'), notified.id, {
    type: 'record-channel',
    channel: { platform: 'slack', id: 'G0NORTH01', name: 'cspr-north' },
    isNew: true,
  });
  notified = (await service.recorded(notified.id))!;
  southCase = (await service.notify(actor(partnerships, 'south', 'la'), notification())).case;
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const codeOf = (step: CaseStep) => ('ok' in step ? 'ok' : step.refused.code);
const textOf = (step: CaseStep) => ('ok' in step ? '' : refusalText(step.refused));

describe('the case action step: the permission table, once, before any case is read', () => {
  const rows = ROLES.flatMap((role) =>
    ACTIONS.map((action) => ({ role, action, allowed: PERMISSIONS[action].includes(role) })),
  );

  it.each(rows)(
    '$role, $action: allowed $allowed; a refusal names no case and reads nothing',
    async ({ role, action, allowed }) => {
      const who = [north(role)];
      if (allowed) {
        expect(roleRefusal(who, action)).toBeUndefined();
        const step = await caseAction(deps(), who, { caseId: notified.id }, action);
        expect('ok' in step && step.ok.case.id).toBe(notified.id);
        return;
      }
      reads.failing = true; // a refusal from the roles alone does not even need the store
      try {
        const own = await caseAction(deps(), who, { caseId: notified.id }, action);
        const missing = await caseAction(deps(), who, { caseId: 'no-such-case' }, action);
        const other = await caseAction(deps(), who, { ref: southCase.ref }, action);
        expect(codeOf(own)).toBe(action === 'vote' ? 'vote.not_your_role' : 'action.not_permitted');
        expect(textOf(own)).toBe(notPermitted(action).message);
        expect(textOf(missing)).toBe(textOf(own));
        expect(textOf(other)).toBe(textOf(own));
        expect(textOf(own)).not.toContain(notified.ref);
      } finally {
        reads.failing = false;
      }
    },
  );

  it('refuses a vote by a non-partner in the core’s one sentence', async () => {
    for (const role of ['business-manager', 'chair', 'scrutineer', 'member']) {
      const step = await caseAction(
        deps(),
        [north(role)],
        { caseId: notified.id },
        CASE_FORMS.vote,
      );
      expect(textOf(step)).toBe(VOTE_REFUSAL);
    }
  });

  it('someone with no role: the no-role sentence, whatever they ask', async () => {
    for (const what of [...ACTIONS, ...Object.values(CASE_FORMS)] as (
      Action | (typeof CASE_FORMS)[CaseFormKind]
    )[]) {
      const step = await caseAction(deps(), [], { caseId: notified.id }, what);
      expect(codeOf(step)).toBe('person.no_role');
      expect(textOf(step)).toBe(NO_ROLE);
    }
  });
});

describe('the case action step: which case', () => {
  it('finds nothing for another partnership’s case, an unknown id or a posted value that is no id: one sentence', async () => {
    const la = [north('la')];
    for (const caseId of [southCase.id, 'no-such-case', '', 42, ['x'], ...OPERATOR_OBJECTS]) {
      const step = await caseAction(deps(), la, { caseId }, 'view');
      expect(codeOf(step)).toBe('case.not_found');
      expect(textOf(step)).toBe(NOT_FOUND);
    }
    expect(codeOf(await caseAction(deps(), la, { ref: southCase.ref }, 'view'))).toBe(
      'case.not_found',
    );
  });

  it('a reference, the case channel, or neither (the platform says how to name a case)', async () => {
    const la = [north('la')];
    const byRef = await caseAction(deps(), la, { ref: notified.ref.toLowerCase() }, 'view');
    expect('ok' in byRef && byRef.ok).toMatchObject({
      case: { id: notified.id },
      inChannel: false,
    });
    const refHere = await caseAction(
      deps(),
      la,
      { ref: notified.ref, channel: { platform: 'slack', id: 'G0NORTH01' } },
      'view',
    );
    expect('ok' in refHere && refHere.ok.inChannel).toBe(true);
    const here = await caseAction(
      deps(),
      la,
      { channel: { platform: 'slack', id: 'G0NORTH01' } },
      'view',
    );
    expect('ok' in here && here.ok).toMatchObject({
      case: { id: notified.id },
      actor: { partnershipId: 'north' },
      inChannel: true,
    });
    // The channel's case is no other partnership holder's.
    expect(
      codeOf(
        await caseAction(
          deps(),
          [actor(partnerships, 'south', 'la')],
          { channel: { platform: 'slack', id: 'G0NORTH01' } },
          'view',
        ),
      ),
    ).toBe('case.unnamed');
    const nowhere = await caseAction(
      deps(),
      la,
      { channel: { platform: 'slack', id: 'C0GENERAL1' } },
      'view',
    );
    expect(codeOf(nowhere)).toBe('case.unnamed');
    expect(refusalText((nowhere as { refused: never }).refused, 'Say which case.')).toBe(
      'Say which case.',
    );
  });
});

describe('the case action step: each form open where the core says', () => {
  it('at every stage, a form is open exactly where the core would take it, and refused with the form’s own sentence', async () => {
    const c = (await service.notify(north('la'), notification({ harm: 'death' }))).case;
    const holder = {
      facts: 'business-manager',
      criteria: 'business-manager',
      vote: 'police',
      notified: 'la',
    } as const;
    const stages: Case[] = [];
    const check = async () => {
      const stage = (await service.recorded(c.id))!;
      stages.push(stage);
      for (const kind of FORM_KINDS) {
        const step = await caseAction(
          deps(),
          [north(holder[kind])],
          { caseId: c.id },
          CASE_FORMS[kind],
        );
        const open =
          kind === 'notified' ? openNotificationDuties(stage).length > 0 : formOpen(stage, kind);
        expect(codeOf(step), `${kind} at ${stage.state}`).toBe(open ? 'ok' : 'form.closed');
        if (!open) expect(textOf(step)).toBe(CASE_FORMS[kind].closed(stage));
      }
    };
    await check();
    await service.run(north('business-manager'), c.id, { type: 'record-facts', facts });
    await check();
    for (const partner of ['la', 'police', 'health'] as const)
      await service.run(north(partner), c.id, {
        type: 'cast-vote',
        partner,
        outcome: 'lcspr',
        rationale: 'Agreed.',
        criteria: [],
      });
    await check();
    expect(stages.map((s) => s.state)).toEqual(['notified', 'rapid-review', 'decided']);
    const [atNotified, , decided] = stages as [Case, Case, Case];
    expect(CASE_FORMS.vote.closed(atNotified)).toContain(VOTING_OPENS.slice(1));
    expect(CASE_FORMS.facts.closed(decided)).toBe(
      `${decided.ref} is past the rapid review (decided): the facts can no longer change.`,
    );
    // The refusal of a late vote is the core's own sentence, word for word.
    const late = await service
      .run(north('police'), c.id, {
        type: 'cast-vote',
        partner: 'police',
        outcome: 'national',
        rationale: 'Late.',
        criteria: [],
      })
      .catch((err: unknown) => err);
    expect(isDomainError(late) && late.message).toBe(CASE_FORMS.vote.closed(decided));
  });

  it('an erased case takes no form: the core’s words', async () => {
    const c = (await service.notify(north('la'), notification())).case;
    await service.run(north('business-manager'), c.id, {
      type: 'erase',
      reason: 'Retention period ended.',
    });
    for (const kind of FORM_KINDS) {
      const step = await caseAction(
        deps(),
        [north('la'), north('business-manager')].filter((a) =>
          PERMISSIONS[CASE_FORMS[kind].permission].some((r) => a.roles.includes(r)),
        ),
        { caseId: c.id },
        CASE_FORMS[kind],
      );
      expect(textOf(step), kind).toBe(`${c.ref} was erased: it can no longer change.`);
    }
  });
});

describe('the case action step: the store does not answer', () => {
  it('says so (nothing saved, try again), never “not found”, and logs it as an error without request data', async () => {
    logged.length = 0;
    reads.failing = true;
    let steps: CaseStep[];
    try {
      steps = [
        await caseAction(deps(), [north('la')], { caseId: notified.id }, 'view'),
        await caseAction(deps(), [north('la')], { ref: notified.ref }, CASE_FORMS.notified),
        await caseAction(
          deps(),
          [north('la')],
          { channel: { platform: 'slack', id: 'G0NORTH01' } },
          'view-timeline',
        ),
      ];
    } finally {
      reads.failing = false;
    }
    for (const step of steps) {
      expect(codeOf(step)).toBe('store.unavailable');
      expect(textOf(step)).toBe(STORE_DOWN);
    }
    expect(logged).toHaveLength(3);
    for (const line of logged) {
      expect(JSON.parse(line)).toMatchObject({ level: 50, msg: 'store read failed' });
      expect(line).not.toContain(notified.ref);
      expect(line).not.toContain(notified.id);
    }
  });
});
