/**
 * Every read of a case goes through the permission table in the core (CaseService.visible, byRef,
 * byCaseId, list, timeline): every role × every read action × a case of its own partnership and of
 * another one, on a real (embedded) store. A refusal is the same error whether the case exists
 * (in another partnership, or in one's own with a role that may not) or not at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import type { Case } from '../../src/domain/case.js';
import { manualClock } from '../../src/domain/clock.js';
import { isDomainError } from '../../src/domain/errors.js';
import { PERMISSIONS, ROLES, type Action, type Role } from '../../src/domain/roles.js';
import { DataCipher } from '../../src/store/cipher.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { actor, notification, testPartnerships } from '../support/partnerships.js';

const READS: Action[] = ['view', 'view-timeline', 'export'];
const partnerships = testPartnerships();
let dir: string;
let engine: StorePort;
let service: CaseService;
const cases: Record<'north' | 'south', Case> = {} as never;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cspr-authz-'));
  engine = await openSqliteStore(dir);
  const repo = new CaseRepository(engine, undefined, {
    cipher: new DataCipher(DataCipher.generateKey()),
  });
  await repo.init();
  service = new CaseService(repo, partnerships, manualClock('2026-12-23T10:00:00Z'));
  for (const p of ['north', 'south'] as const)
    cases[p] = (await service.notify(actor(partnerships, p, 'la'), notification())).case;
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The error a read throws (or undefined when allowed), reduced to what a person would be told. */
async function outcome(
  read: () => Promise<unknown>,
): Promise<{ code: string; message: string } | undefined> {
  try {
    await read();
    return undefined;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return { code: err.code, message: err.message };
  }
}

const MATRIX = ROLES.flatMap((role) =>
  READS.flatMap((action) =>
    (['north', 'south'] as const).map((of) => ({
      role,
      action,
      of,
      expected: of === 'north' && PERMISSIONS[action].includes(role),
    })),
  ),
);

describe('CaseService reads: role × read action × own / other partnership (a north holder)', () => {
  it.each(MATRIX)(
    '$role → $action on the $of case: allowed $expected',
    async ({ role, action, of, expected }) => {
      const a = actor(partnerships, 'north', role);
      const c = cases[of];
      const reads = {
        visible: () => service.visible(a, c.id, action),
        byCaseId: () => service.byCaseId([a], c.id, action),
        byRef: () => service.byRef([a], c.ref, action),
        ...(action === 'view-timeline' ? { timeline: () => service.timeline(a, c.id, {}) } : {}),
      };
      const missing = {
        visible: () => service.visible(a, '00000000-0000-4000-8000-000000000000', action),
        byCaseId: () => service.byCaseId([a], '00000000-0000-4000-8000-000000000000', action),
        byRef: () => service.byRef([a], `${c.ref.slice(0, -3)}999`, action),
        timeline: () => service.timeline(a, '00000000-0000-4000-8000-000000000000', {}),
      };
      for (const [name, read] of Object.entries(reads)) {
        const got = await outcome(read);
        if (expected) {
          expect(got, `${name} allowed`).toBeUndefined();
          continue;
        }
        expect(got, `${name} refused`).toBeDefined();
        // Reveals nothing: exactly what a case that does not exist gets.
        expect(got, name).toEqual(await outcome(missing[name as keyof typeof missing]));
        const ownRoleAllows = PERMISSIONS[action].includes(role);
        expect(got!.code).toBe(ownRoleAllows ? 'case.not_found' : 'action.not_permitted');
      }
    },
  );

  it('lists, for each holder, only the cases of their own partnership', async () => {
    for (const role of ROLES as readonly Role[]) {
      for (const p of ['north', 'south'] as const) {
        const listed = await service.list([actor(partnerships, p, role)]);
        expect(
          listed.map((c) => c.partnershipId),
          `${p} ${role}`,
        ).toEqual([p]);
      }
    }
    const both = await service.list([
      actor(partnerships, 'north', 'member'),
      actor(partnerships, 'south', 'chair'),
    ]);
    expect(both.map((c) => c.partnershipId).sort()).toEqual(['north', 'south']);
  });

  it('finds, for a person of two partnerships, a case only through the actor whose roles allow the action', async () => {
    const person = [actor(partnerships, 'north', 'member'), actor(partnerships, 'south', 'chair')];
    expect(
      (await service.byRef(person, cases.south.ref, 'view-timeline')).actor.partnershipId,
    ).toBe('south');
    expect(await outcome(() => service.byRef(person, cases.north.ref, 'view-timeline'))).toEqual({
      code: 'case.not_found',
      message: 'No such case.',
    });
    expect((await service.byRef(person, cases.north.ref, 'view')).actor.partnershipId).toBe(
      'north',
    );
  });
});
