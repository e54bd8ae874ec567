/**
 * The case repository and the service's concurrency, idempotency and isolation rules, on the
 * embedded engine always and on MongoDB when MONGODB_URI is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import { manualClock } from '../../src/domain/clock.js';
import { DomainError } from '../../src/domain/errors.js';
import {
  CaseRepository,
  ConcurrencyError,
  RepeatedRequestError,
} from '../../src/store/case-repository.js';
import { DataCipher } from '../../src/store/cipher.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { actor, facts, notification, testPartnerships } from '../support/partnerships.js';
import { describeOnMongo } from '../support/mongodb.js';
import { wrapStore } from '../support/wrap-store.js';

const partnerships = testPartnerships();
const la = actor(partnerships, 'north', 'la');
const police = actor(partnerships, 'north', 'police');
const health = actor(partnerships, 'north', 'health');
const bm = actor(partnerships, 'north', 'business-manager');
const southLa = actor(partnerships, 'south', 'la');
const KEY = DataCipher.generateKey();

/** The real cipher, counting what it opens (each snapshot or event decrypted). */
class CountingCipher extends DataCipher {
  opened = 0;
  override open<T>(...args: Parameters<DataCipher['open']>): T {
    this.opened++;
    return super.open<T>(...args);
  }
}

function repositoryContract(
  name: string,
  open: () => Promise<{ engine: StorePort; reopen: () => Promise<StorePort> }>,
) {
  describe(name, () => {
    let engine: StorePort;
    let reopen: () => Promise<StorePort>;
    let repo: CaseRepository;
    let service: CaseService;
    const clock = manualClock('2026-12-23T10:00:00Z');

    beforeEach(async () => {
      ({ engine, reopen } = await open());
      repo = new CaseRepository(engine);
      await repo.init();
      service = new CaseService(repo, partnerships, clock);
    });
    afterEach(async () => {
      await engine.close();
    });

    it('numbers references per partnership and year', async () => {
      const a = await service.notify(la, notification());
      const b = await service.notify(la, notification());
      const c = await service.notify(southLa, notification());
      expect([a.case.ref, b.case.ref, c.case.ref]).toEqual([
        'NORTH-2026-001',
        'NORTH-2026-002',
        'SOUTH-2026-001',
      ]);
    });

    it('keeps the audit trail in order with actor and time', async () => {
      const { case: c } = await service.notify(la, notification());
      await service.run(bm, c.id, { type: 'record-facts', facts });
      const events = await repo.events(c.id);
      expect(events.map((e) => [e.seq, e.type, e.actor.id])).toEqual([
        [1, 'case.notified', 'north-la'],
        [2, 'facts.recorded', 'north-bm'],
      ]);
      expect(events[1]?.at).toBe('2026-12-23T10:00:00.000Z');
      expect(await repo.countEvents(c.id)).toBe(2);
      expect((await repo.events(c.id, { skip: 1, limit: 1 })).map((e) => e.seq)).toEqual([2]);
    });

    it('refuses a second writer on the same version with a conflict', async () => {
      const { case: c } = await service.notify(la, notification());
      const input = (type: 'panel.notified') => ({
        caseId: c.id,
        partnershipId: 'north',
        expectedVersion: c.version,
        events: [{ type, data: { on: '2026-12-23' } } as const],
        actor: { id: 'x', name: 'x', roles: [] },
        at: clock.now(),
      });
      const results = await Promise.allSettled([
        repo.append(input('panel.notified'), c),
        repo.append(input('panel.notified'), c),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConcurrencyError);
      expect((await repo.load(c.id))?.version).toBe(2);
    });

    it('loses no vote when the three partners vote at the same moment', async () => {
      const { case: c } = await service.notify(la, notification());
      await service.run(bm, c.id, { type: 'record-facts', facts });
      const vote = (a: typeof la, partner: 'la' | 'police' | 'health') =>
        service.run(a, c.id, {
          type: 'cast-vote',
          partner,
          outcome: 'lcspr',
          rationale: `${partner} rationale`,
          criteria: ['multi-agency'],
        });
      await Promise.all([vote(la, 'la'), vote(police, 'police'), vote(health, 'health')]);
      const after = await repo.load(c.id);
      expect(after?.state).toBe('decided');
      expect(after?.decision?.outcome).toBe('lcspr');
      expect(Object.keys(after?.decision?.votes ?? {}).sort()).toEqual(['health', 'la', 'police']);
      const types = (await repo.events(c.id)).map((e) => e.type);
      expect(types.filter((t) => t === 'vote.cast')).toHaveLength(3);
      expect(types.filter((t) => t === 'decision.recorded')).toHaveLength(1);
    });

    it('recognises a repeated delivery by its request key and creates nothing twice', async () => {
      const first = await service.notify(la, notification(), 'test:notify:1');
      const again = await service.notify(la, notification(), 'test:notify:1');
      expect(again.repeated).toBe(true);
      expect(again.case.id).toBe(first.case.id);
      expect(await repo.list(['north'])).toHaveLength(1);
      await service.run(bm, first.case.id, { type: 'record-facts', facts });
      const v1 = await service.run(
        la,
        first.case.id,
        { type: 'cast-vote', partner: 'la', outcome: 'lcspr', rationale: 'r', criteria: [] },
        'test:vote:1',
      );
      const v2 = await service.run(
        la,
        first.case.id,
        { type: 'cast-vote', partner: 'la', outcome: 'lcspr', rationale: 'r', criteria: [] },
        'test:vote:1',
      );
      expect([v1.repeated, v2.repeated]).toEqual([false, true]);
      expect((await repo.events(first.case.id)).filter((e) => e.type === 'vote.cast')).toHaveLength(
        1,
      );
    });

    it('reports a repeated key at append time when two deliveries race', async () => {
      const { case: c } = await service.notify(la, notification());
      const base = {
        caseId: c.id,
        partnershipId: 'north',
        actor: { id: 'x', name: 'x', roles: [] },
        at: clock.now(),
        requestKey: 'race:1',
      };
      await repo.append(
        {
          ...base,
          expectedVersion: 1,
          events: [{ type: 'panel.notified', data: { on: '2026-12-23' } }],
        },
        c,
      );
      await expect(
        repo.append(
          {
            ...base,
            expectedVersion: 2,
            events: [{ type: 'panel.notified', data: { on: '2026-12-23' } }],
          },
          c,
        ),
      ).rejects.toBeInstanceOf(RepeatedRequestError);
    });

    it('replays commits a crash left out of the snapshot', async () => {
      const { case: c } = await service.notify(la, notification());
      await engine.appendCommit({
        _id: `${c.id}:2`,
        caseId: c.id,
        partnershipId: 'north',
        seq: 2,
        lastSeq: 2,
        at: '2026-12-23T11:00:00.000Z',
        actor: { id: 'north-la', name: 'n', roles: ['la'] },
        events: [{ type: 'panel.notified', data: { on: '2026-12-23' } }],
      });
      const loaded = await repo.load(c.id);
      expect(loaded?.dates.panelNotifiedOn).toBe('2026-12-23');
      expect((await engine.snapshot(c.id))?.version).toBe(2);
    });

    it('rebuilds a case whose snapshot was never written', async () => {
      await engine.appendCommit({
        _id: 'orphan:1',
        caseId: 'orphan',
        partnershipId: 'north',
        seq: 1,
        lastSeq: 1,
        at: '2026-12-23T11:00:00.000Z',
        actor: { id: 'north-la', name: 'n', roles: ['la'] },
        events: [
          {
            type: 'case.notified',
            data: {
              caseId: 'orphan',
              partnershipId: 'north',
              ref: 'NORTH-2026-099',
              procedure: 'england-2023',
              notification: notification(),
              duties: { notifyPanel: true, rapidReview: true, notifySosOfsted: false },
              reasons: [],
            },
          },
        ],
      });
      await repo.init();
      expect((await repo.findByRef('north', 'NORTH-2026-099'))?.id).toBe('orphan');
    });

    it('never shows one partnership the other’s cases', async () => {
      const { case: c } = await service.notify(la, notification());
      await expect(service.visible(southLa, c.id)).rejects.toMatchObject({
        code: 'case.not_found',
      });
      await expect(service.byRef([southLa], c.ref)).rejects.toBeInstanceOf(DomainError);
      await expect(
        service.run(southLa, c.id, { type: 'record-facts', facts }),
      ).rejects.toMatchObject({ code: 'case.not_found' });
      expect(await service.list([southLa])).toEqual([]);
      expect((await service.list([la])).map((x) => x.ref)).toEqual([c.ref]);
    });

    it('keeps stored data unchanged when a command is refused', async () => {
      const { case: c } = await service.notify(la, notification());
      await expect(
        service.run(la, c.id, {
          type: 'cast-vote',
          partner: 'la',
          outcome: 'lcspr',
          rationale: 'r',
          criteria: [],
        }),
      ).rejects.toMatchObject({
        code: 'case.wrong_state',
      });
      await expect(
        service.notify(la, notification({ children: [{ pseudonym: 'Jane Smith', age: 3 }] })),
      ).rejects.toMatchObject({ code: 'field.invalid' });
      expect(await repo.countEvents(c.id)).toBe(1);
      expect(await repo.list(['north'])).toHaveLength(1);
      expect((await service.notify(la, notification())).case.ref).toBe('NORTH-2026-002'); // a refused notify uses no number
    });

    it('opens a snapshot read again unchanged only once, and sees at once what another writer changed', async () => {
      const cipher = new CountingCipher(KEY);
      const rowsRead: string[][] = [];
      const watched = wrapStore(engine, (_c, method, fn) =>
        method === 'snapshots'
          ? (...args) => (rowsRead.push(args[0] as string[]), fn(...args))
          : fn,
      );
      const mine = new CaseRepository(watched, undefined, { cipher });
      const theirs = new CaseRepository(engine, undefined, { cipher: new DataCipher(KEY) }); // another bot instance
      const c = (await new CaseService(theirs, partnerships, clock).notify(la, notification()))
        .case;
      const first = await mine.load(c.id);
      const opened = cipher.opened;
      expect(await mine.load(c.id)).toBe(first); // the same frozen case, not opened again
      expect((await mine.list(['north']))[0]).toBe(first);
      expect(rowsRead).toEqual([]); // found by a query at the version it was opened at: its row is not read
      expect(cipher.opened).toBe(opened);
      expect(Object.isFrozen(first) && Object.isFrozen(first!.children[0])).toBe(true);
      expect(() => (first!.children as unknown as unknown[]).push({})).toThrow(TypeError);

      await new CaseService(theirs, partnerships, clock).run(bm, c.id, {
        type: 'record-facts',
        facts,
      });
      const after = await mine.load(c.id);
      expect(after?.facts?.learning).toBe(facts.learning);
      expect((await mine.findByRef('north', c.ref))?.version).toBe(after!.version);
      expect(cipher.opened).toBeGreaterThan(opened);
      const changed = await new CaseService(theirs, partnerships, clock).run(bm, c.id, {
        type: 'record-panel-notified',
        on: '2026-12-23',
      });
      const [listed] = await mine.list(['north']);
      expect(listed?.version).toBe(changed.case.version); // a new version is read and opened
      expect(rowsRead).toEqual([[c.id]]);
    });

    it('reads none of the cases a caller already has at their version, and finds the rest in order', async () => {
      const made = [];
      for (let i = 0; i < 3; i++) {
        clock.advance(60_000);
        made.push((await service.notify(la, notification())).case);
      }
      const read: unknown[][] = [];
      const watched = wrapStore(engine, (_c, method, fn) =>
        method === 'snapshots' ? (...args) => (read.push([method, ...args]), fn(...args)) : fn,
      );
      const other = new CaseRepository(watched);
      const known = new Map([[made[1]!.id, made[1]!.version]]);
      const found = await other.find({ partnershipIds: ['north'] }, (id, v) => known.get(id) === v);
      expect(found.map((c) => c.id)).toEqual([made[2]!.id, made[0]!.id]);
      expect(read).toEqual([['snapshots', [made[2]!.id, made[0]!.id]]]);
      expect([...(await other.versions({ partnershipIds: ['north'] }))]).toEqual(
        [...made].reverse().map((c) => [c.id, c.version]),
      );
      expect(read).toHaveLength(1); // versions read no case
      read.length = 0;
      expect(await other.find({ partnershipIds: ['north'] }, () => true)).toEqual([]);
      expect(read).toEqual([]);
    });

    it('keeps at most openedCacheSize opened cases, and none with a size of 0', async () => {
      const made = [];
      for (let i = 0; i < 3; i++) made.push((await service.notify(la, notification())).case);
      const ids = made.map((c) => c.id);
      const cipher = new CountingCipher(KEY);
      const writer = new CaseRepository(engine, undefined, { cipher: new DataCipher(KEY) });
      for (const c of made)
        await writer.append(
          {
            caseId: c.id,
            partnershipId: 'north',
            expectedVersion: c.version,
            events: [{ type: 'panel.notified', data: { on: '2026-12-23' } }],
            actor: { id: 'north-la', name: 'n', roles: ['la'] },
            at: new Date('2026-12-23T11:00:00Z'),
          },
          c,
        );
      const two = new CaseRepository(engine, undefined, { cipher, openedCacheSize: 2 });
      for (const id of ids) await two.load(id); // the first is dropped for the third
      const n = cipher.opened;
      await two.load(ids[2]!);
      await two.load(ids[1]!);
      expect(cipher.opened).toBe(n);
      await two.load(ids[0]!);
      expect(cipher.opened).toBe(n + 1);

      const none = new CaseRepository(engine, undefined, { cipher, openedCacheSize: 0 });
      await none.load(ids[0]!);
      const m = cipher.opened;
      const again = await none.load(ids[0]!);
      expect(cipher.opened).toBe(m + 1);
      expect(Object.isFrozen(again)).toBe(false);
    });

    it('keeps everything across a restart', async () => {
      const { case: c } = await service.notify(la, notification());
      await service.run(bm, c.id, { type: 'record-facts', facts });
      await engine.close();
      engine = await reopen();
      const again = new CaseRepository(engine);
      await again.init();
      const loaded = await again.findByRef('north', c.ref);
      expect(loaded?.state).toBe('rapid-review');
      expect(loaded?.facts?.learning).toBe(facts.learning);
      await expect(again.nextRef('north', 'NORTH', 2026)).resolves.toBe('NORTH-2026-002');
    });
  });
}

repositoryContract('case repository on SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-repo-'));
  return { engine: await openSqliteStore(dir), reopen: () => openSqliteStore(dir) };
});

describeOnMongo('case repository', (db) => {
  repositoryContract('case repository on MongoDB', async () => {
    await db.reset();
    return { engine: await db.open(), reopen: () => db.open() };
  });
});
