/**
 * `cspr erase REF --reason … --actor <holder id>`: the permission table for `erase` over every role,
 * on a case of the actor's own partnership and of another one (refused the same way as a case that
 * does not exist); the actor and the reason on the audit trail; usage errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import { eraseCommand } from '../../src/cli/erase.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { loadConfig } from '../../src/config.js';
import { manualClock } from '../../src/domain/clock.js';
import { PERMISSIONS, ROLES, type Role } from '../../src/domain/roles.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import { dataCipherFor } from '../../src/store/data-keys.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { actor, notification, testPartnerships } from '../support/partnerships.js';

const partnerships = testPartnerships();
let dir: string;
let env: Record<string, string | undefined>;
/** One north case per role (each allowed erasure needs its own), and one south case. */
const refs = {} as Record<Role, string> & { south: string };

function io(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

async function withStore<T>(run: (service: CaseService) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const engine = await openSqliteStore(config.dataDir);
  try {
    const repo = new CaseRepository(engine, undefined, { cipher: dataCipherFor(config) });
    await repo.init();
    return await run(
      new CaseService(repo, config.partnerships, manualClock('2026-12-23T10:00:00Z')),
    );
  } finally {
    await engine.close();
  }
}

const erase = (ref: string, holderId: string, o = io()) =>
  eraseCommand(
    [ref, '--reason', 'IG request 2027/9: notified in error', '--actor', holderId],
    o,
    env,
  ).then((code) => ({ code, o }));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-cli-erase-'));
  const holders = (prefix: string) =>
    ROLES.map((r) => ({
      id: `${prefix}-${r === 'business-manager' ? 'bm' : r}`,
      name: `${prefix} ${r}`,
      roles: [r],
    }));
  fs.writeFileSync(
    path.join(dir, 'partnerships.json'),
    JSON.stringify({
      partnerships: [
        { id: 'north', name: 'North', refPrefix: 'NORTH', holders: holders('north') },
        { id: 'south', name: 'South', refPrefix: 'SOUTH', holders: holders('south') },
      ],
    }),
  );
  env = {
    DATA_DIR: path.join(dir, 'data'),
    CSPR_CONFIG: path.join(dir, 'partnerships.json'),
    CSPR_DATA_KEY: process.env.CSPR_DATA_KEY,
    NODE_ENV: 'test',
  };
  await withStore(async (service) => {
    for (const role of ROLES)
      refs[role] = (
        await service.notify(actor(partnerships, 'north', 'la'), notification())
      ).case.ref;
    refs.south = (
      await service.notify(actor(partnerships, 'south', 'la'), notification())
    ).case.ref;
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const holderId = (role: Role) => `north-${role === 'business-manager' ? 'bm' : role}`;
const rows = ROLES.flatMap((role) =>
  (['own', 'other'] as const).map((target) => ({
    role,
    target,
    expected: target === 'own' && PERMISSIONS.erase.includes(role),
  })),
);

describe('cspr erase: every role × own and other partnership', () => {
  it.each(rows)(
    '$role erasing a case of the $target partnership → allowed $expected',
    async ({ role, target, expected }) => {
      const ref = target === 'own' ? refs[role] : refs.south;
      const { code, o } = await erase(ref, holderId(role));
      const c = await withStore((s) => s.repo.findByRef(target === 'own' ? 'north' : 'south', ref));
      if (expected) {
        expect(code, o.errors.join('\n')).toBe(0);
        expect(o.lines.join('\n')).toContain(`erased ${ref}`);
        expect(c!.erased).toBeDefined();
        const last = (await withStore((s) => s.repo.events(c!.id))).at(-1)!;
        expect(last).toMatchObject({
          type: 'case.erased',
          actor: { id: holderId(role) },
          data: { reason: 'IG request 2027/9: notified in error' },
        });
        return;
      }
      expect(code).toBe(1);
      expect(c!.erased).toBeUndefined();
      // The same refusal as for a case that does not exist.
      const missing = await erase(
        target === 'own' ? 'NORTH-2026-999' : 'SOUTH-2026-999',
        holderId(role),
      );
      expect(missing.code).toBe(1);
      expect(o.errors).toEqual(missing.o.errors);
      expect(o.errors.join('\n')).not.toContain(ref);
    },
  );
});

describe('cspr erase: usage', () => {
  it('needs a reference, a reason and an actor (exit 2), and a known holder (exit 1)', async () => {
    const usage: [string[], string][] = [
      [[], 'give one case reference'],
      [[refs.la], '--reason is required'],
      [[refs.la, '--reason', 'x'], '--actor is required'],
      [['--bogus'], 'Unknown option'],
    ];
    for (const [args, message] of usage) {
      const o = io();
      expect(await runCli(['erase', ...args], o), args.join(' ')).toBe(2);
      expect(o.errors.join('\n')).toContain(message);
    }
    const unknown: [string[], string][] = [
      [[refs.la, '--reason', 'x', '--actor', 'nobody'], 'no holder "nobody"'],
      [
        [refs.la, '--reason', 'x', '--actor', 'north-bm', '--partnership', 'south'],
        'no holder "north-bm" in partnership south',
      ],
    ];
    for (const [args, message] of unknown) {
      const o = io();
      expect(await eraseCommand(args, o, env), args.join(' ')).toBe(1);
      expect(o.errors.join('\n')).toContain(message);
    }
    const o = io();
    expect(await runCli(['help'], o)).toBe(0);
    expect(o.lines.join('\n')).toContain('cspr erase REF --reason');
  });

  it('says an erased case is erased, and answers in JSON', async () => {
    const o = io();
    expect(
      await eraseCommand(
        [refs['business-manager'], '--reason', 'again', '--actor', 'north-chair'],
        o,
        env,
      ),
    ).toBe(1);
    expect(o.errors.join('\n')).toContain('was erased');
    const ref = await withStore(
      async (s) => (await s.notify(actor(partnerships, 'north', 'la'), notification())).case.ref,
    );
    const j = io();
    expect(
      await eraseCommand([ref, '--reason', 'IG', '--actor', 'north-chair', '--json'], j, env),
    ).toBe(0);
    expect(JSON.parse(j.lines.join('\n'))).toMatchObject({
      ref,
      partnershipId: 'north',
      erased: { from: 'notified', childCount: 1 },
      by: { id: 'north-chair' },
    });
  });
});
