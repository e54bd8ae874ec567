/**
 * One behavioural contract for every adapter of the store port: it runs on SQLite always, and on
 * MongoDB when MONGODB_URI is set (in a throw-away database dropped afterwards).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRecord, CommitRecord, StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { describeOnMongo } from '../support/mongodb.js';

const actor = { id: 'north-la', name: 'North LA lead', roles: ['la' as const] };

function commit(
  caseId: string,
  seq: number,
  events = 1,
  extra: Partial<CommitRecord> = {},
): CommitRecord {
  return {
    _id: `${caseId}:${seq}`,
    caseId,
    partnershipId: 'north',
    seq,
    lastSeq: seq + events - 1,
    at: '2026-12-23T10:00:00.000Z',
    actor,
    events: Array.from({ length: events }, (_, i) => ({
      type: 'panel.notified' as const,
      data: { sealed: { k: 'k1', iv: 'iv', tag: 'tag', ct: `ct-${caseId}-${seq + i}` } },
    })),
    ...extra,
  };
}

function snapshot(
  id: string,
  over: Partial<CaseRecord> & { index?: Record<string, unknown> } = {},
): CaseRecord {
  return {
    _id: id,
    id,
    partnershipId: 'north',
    ref: `NORTH-2026-${id.replace(/\D/g, '').padStart(3, '0')}`,
    state: 'notified',
    procedure: 'england-2023',
    version: 1,
    createdAt: `2026-12-0${Math.min(9, Number(id.replace(/\D/g, '')) || 1)}T10:00:00.000Z`,
    updatedAt: '2026-12-23T10:00:00.000Z',
    dates: { awareOn: '2026-12-22' },
    duties: { notifyPanel: true, rapidReview: true, notifySosOfsted: false },
    channels: [],
    themes: [],
    remindersPaused: false,
    index: {},
    sealed: { k: 'k1', iv: 'iv', tag: 'tag', ct: `snap-${id}` },
    ...over,
  } as CaseRecord;
}

function storeContract(
  name: string,
  open: () => Promise<{ store: StorePort; reopen: () => Promise<StorePort> }>,
): void {
  describe(name, () => {
    let store: StorePort;
    let reopen: () => Promise<StorePort>;
    beforeEach(async () => {
      ({ store, reopen } = await open());
    });
    afterEach(async () => {
      await store.close();
    });

    it('appends commits with optimistic concurrency and recognises a repeated request key', async () => {
      expect(await store.appendCommit(commit('c1', 1, 1, { requestKey: 'req-1' }))).toBeUndefined();
      expect(await store.appendCommit(commit('c1', 2, 2))).toBeUndefined();
      // Two writers at the same version: the second is refused, nothing of it stored.
      expect(await store.appendCommit({ ...commit('c1', 2), at: 'other' })).toEqual({
        conflict: 'version',
      });
      // The same request delivered again (at the next version): the case it was recorded on.
      expect(await store.appendCommit(commit('c1', 4, 1, { requestKey: 'req-1' }))).toEqual({
        conflict: 'request',
        caseId: 'c1',
      });
      expect((await store.commits('c1')).map((c) => [c.seq, c.lastSeq, c.at])).toEqual([
        [1, 1, '2026-12-23T10:00:00.000Z'],
        [2, 3, '2026-12-23T10:00:00.000Z'],
      ]);
      expect(await store.caseIdByRequestKey('req-1')).toBe('c1');
      expect(await store.caseIdByRequestKey('req-2')).toBeUndefined();
      expect(await store.eventCount('c1')).toBe(3);
      expect(await store.eventCount('nothing')).toBe(0);
    });

    it('reads commits after a version, and the commits of a page of events', async () => {
      await store.appendCommit(commit('c1', 1));
      await store.appendCommit(commit('c1', 2, 3)); // events 2, 3, 4
      await store.appendCommit(commit('c1', 5));
      await store.appendCommit(commit('c2', 1));
      expect((await store.commits('c1', { afterSeq: 1 })).map((c) => c.seq)).toEqual([2, 5]);
      expect(
        (await store.commits('c1', { fromEventSeq: 3, toEventSeq: 4 })).map((c) => c.seq),
      ).toEqual([2]);
      expect(
        (await store.commits('c1', { fromEventSeq: 4, toEventSeq: 5 })).map((c) => c.seq),
      ).toEqual([2, 5]);
      expect((await store.commits('c1', { fromEventSeq: 6 })).map((c) => c.seq)).toEqual([]);
    });

    it('rewrites commits (erasure) and finds erasures and unredacted commits', async () => {
      await store.appendCommit(commit('c1', 1));
      await store.appendCommit(commit('c1', 2));
      await store.appendCommit(commit('c1', 3, 1, { erasure: true }));
      expect(await store.erasures()).toEqual([{ caseId: 'c1', seq: 3 }]);
      expect((await store.unredactedCommits('c1', 3)).map((c) => c.seq)).toEqual([1, 2]);
      const events = [
        {
          type: 'panel.notified' as const,
          data: { sealed: { k: 'k2', iv: 'i', tag: 't', ct: 'redacted' } },
        },
      ];
      await store.rewriteCommits([
        { id: 'c1:1', events, redacted: true },
        { id: 'c1:2', events, redacted: true },
      ]);
      expect(await store.unredactedCommits('c1', 3)).toEqual([]);
      const [first] = await store.commits('c1');
      expect(first).toMatchObject({ redacted: true, events, actor, seq: 1 });
      await store.purgeOverwritten();
    });

    it('keeps snapshots moving forward only, and replaces one at a version (key rotation)', async () => {
      await store.saveSnapshot(snapshot('c1', { version: 2, state: 'deciding' }), 0);
      await store.saveSnapshot(snapshot('c1', { version: 1 }), 0); // a slower writer
      expect((await store.snapshot('c1'))?.version).toBe(2);
      await store.saveSnapshot(snapshot('c1', { version: 3, state: 'decided' }), 2);
      expect((await store.snapshot('c1'))?.state).toBe('decided');
      expect(
        await store.replaceSnapshotAt(
          snapshot('c1', {
            version: 3,
            state: 'decided',
            sealed: { k: 'k2', iv: 'i', tag: 't', ct: 'x' },
          }),
          2,
        ),
      ).toBe(false);
      expect(
        await store.replaceSnapshotAt(
          snapshot('c1', {
            version: 3,
            state: 'decided',
            sealed: { k: 'k2', iv: 'i', tag: 't', ct: 'x' },
          }),
          3,
        ),
      ).toBe(true);
      expect((await store.snapshot('c1'))?.sealed?.k).toBe('k2');
      expect((await store.snapshotByRef('north', 'NORTH-2026-001'))?._id).toBe('c1');
      expect(await store.snapshotByRef('south', 'NORTH-2026-001')).toBeUndefined();
      expect(await store.snapshot('missing')).toBeUndefined();
    });

    it('finds cases by partnership, state, channel, theme, reminder day and retention, newest first, paged', async () => {
      await store.saveSnapshot(
        snapshot('c1', {
          channels: [{ platform: 'slack', id: 'C111', name: 'one' }],
          themes: ['neglect'],
          index: { nextReminderOn: '2026-12-23' },
        }),
        0,
      );
      await store.saveSnapshot(
        snapshot('c2', {
          state: 'closed',
          dates: { awareOn: '2026-01-01', closedAt: '2026-02-01T00:00:00.000Z' },
          themes: ['neglect', 'safe-sleep'],
        } as never),
        0,
      );
      await store.saveSnapshot(
        snapshot('c3', {
          partnershipId: 'south',
          ref: 'SOUTH-2026-001',
          channels: [{ platform: 'teams', id: 'C111', name: 'x' }],
          index: { nextReminderOn: '2026-12-01' },
        }),
        0,
      );
      await store.saveSnapshot(
        snapshot('c4', {
          state: 'closed',
          erased: { at: '2026-03-01', from: 'closed', childCount: 1 },
          dates: { awareOn: '2026-01-01', closedAt: '2026-02-01T00:00:00.000Z' },
        } as never),
        0,
      );
      await store.saveSnapshot(snapshot('c5', { index: { nextReminderOn: '2026-12-24' } }), 0);
      const ids = async (q: Parameters<StorePort['caseVersions']>[0]) =>
        (await store.caseVersions(q)).map((v) => v.id);
      expect(await ids({ partnershipIds: ['north'] })).toEqual(['c5', 'c4', 'c2', 'c1']);
      expect(await ids({ partnershipIds: ['north'], limit: 2 })).toEqual(['c5', 'c4']);
      expect(await ids({ partnershipIds: ['north'], limit: 2, offset: 2 })).toEqual(['c2', 'c1']);
      expect(await ids({ partnershipIds: ['north', 'south'], states: ['notified'] })).toEqual([
        'c5',
        'c3',
        'c1',
      ]);
      expect(await ids({ partnershipIds: ['north'], notStates: ['closed'] })).toEqual(['c5', 'c1']);
      expect(await ids({ partnershipIds: ['north', 'south'], channel: { id: 'C111' } })).toEqual([
        'c3',
        'c1',
      ]);
      expect(
        await ids({
          partnershipIds: ['north', 'south'],
          channel: { platform: 'slack', id: 'C111' },
        }),
      ).toEqual(['c1']);
      expect(
        await ids({ partnershipIds: ['north'], channel: { platform: 'teams', id: 'C111' } }),
      ).toEqual([]);
      expect(
        await ids({
          partnershipIds: ['north'],
          anyTheme: ['safe-sleep', 'neglect'],
          excludeId: 'c1',
        }),
      ).toEqual(['c2']);
      expect(await ids({ partnershipIds: ['south'], anyTheme: ['neglect'] })).toEqual([]);
      expect(await ids({ partnershipIds: ['north'], reminderDueBy: '2026-12-23' })).toEqual(['c1']);
      expect(
        await ids({ partnershipIds: ['north'], closedBefore: '2026-03-01T00:00:00.000Z' }),
      ).toEqual(['c2']);
      expect(
        await ids({ partnershipIds: ['north'], closedBefore: '2026-01-01T00:00:00.000Z' }),
      ).toEqual([]);
      expect(await ids({ partnershipIds: [] })).toEqual([]);
      // Each case's version is its snapshot's; then snapshots by id.
      const found = await store.caseVersions({ partnershipIds: ['north'] });
      const stored = new Map(
        (await store.snapshots(found.map((v) => v.id))).map((d) => [d._id, d.version]),
      );
      expect(found.map((v) => stored.get(v.id))).toEqual(found.map((v) => v.version));
      expect(await store.caseVersions({ partnershipIds: [] })).toEqual([]);
      expect((await store.snapshots(['c4', 'nope', 'c1'])).map((c) => c._id).sort()).toEqual([
        'c1',
        'c4',
      ]);
      expect(await store.snapshots([])).toEqual([]);
      const many = Array.from({ length: 1200 }, (_, i) => `x${i}`).concat(['c2']); // more than one batch
      expect((await store.snapshots(many)).map((c) => c._id)).toEqual(['c2']);
      expect((await store.snapshots(['c2']))[0]).toEqual(await store.snapshot('c2'));
      // Counting finds what finding finds, ignoring the page.
      expect(await store.countCases({ partnershipIds: ['north'], limit: 2, offset: 1 })).toBe(4);
      expect(
        await store.countCases({ partnershipIds: ['north', 'south'], states: ['notified'] }),
      ).toBe(3);
      expect(await store.countCases({ partnershipIds: ['north'], notStates: ['closed'] })).toBe(2);
      expect(
        await store.countCases({
          partnershipIds: ['north', 'south'],
          channel: { platform: 'slack', id: 'C111' },
        }),
      ).toBe(1);
      expect(await store.countCases({ partnershipIds: ['north'], states: [] })).toBe(0);
      expect(await store.countCases({ partnershipIds: [] })).toBe(0);
      // A snapshot that moves on leaves its old channels and themes behind.
      await store.saveSnapshot(snapshot('c1', { version: 2, channels: [], themes: [] }), 1);
      expect(await ids({ partnershipIds: ['north'], channel: { id: 'C111' } })).toEqual([]);
      expect(await ids({ partnershipIds: ['north'], anyTheme: ['neglect'] })).toEqual(['c2']);
    });

    it('finds cases whose creation commit has no snapshot', async () => {
      await store.appendCommit(commit('c1', 1));
      await store.appendCommit(commit('c2', 1));
      await store.appendCommit(commit('c2', 2));
      await store.saveSnapshot(snapshot('c2'), 0);
      expect(await store.casesWithoutSnapshot()).toEqual(['c1']);
    });

    it('counts per name, and finds data sealed with a key outside the ring', async () => {
      expect(await store.nextCounter('north:2026')).toBe(1);
      expect(await store.nextCounter('north:2026')).toBe(2);
      expect(await store.nextCounter('south:2026')).toBe(1);
      await store.raiseCounter('north:2026', 7);
      await store.raiseCounter('north:2026', 3); // never lowered
      await store.raiseCounter('east:2026', 4);
      expect(await store.nextCounter('north:2026')).toBe(8);
      expect(await store.nextCounter('east:2026')).toBe(5);
      await store.appendCommit(commit('c1', 1));
      await store.saveSnapshot(snapshot('c1'), 0);
      expect(await store.unknownKeyUse(['k1'])).toBeUndefined();
      expect(await store.unknownKeyUse(['k2'])).toEqual({ where: 'case c1 snapshot', keyId: 'k1' });
      await store.replaceSnapshotAt(
        snapshot('c1', { sealed: { k: 'k2', iv: 'i', tag: 't', ct: 'x' } }),
        1,
      );
      expect(await store.unknownKeyUse(['k2'])).toEqual({ where: 'commit c1:1', keyId: 'k1' });
    });

    it('scans every commit and snapshot in id order, a batch at a time', async () => {
      for (const id of ['a', 'b', 'c']) {
        await store.appendCommit(commit(id, 1));
        await store.saveSnapshot(snapshot(id, { ref: `NORTH-2026-${id}` }), 0);
      }
      expect((await store.scanCommits(undefined, 2)).map((c) => c._id)).toEqual(['a:1', 'b:1']);
      expect((await store.scanCommits('b:1', 2)).map((c) => c._id)).toEqual(['c:1']);
      expect((await store.scanSnapshots('a', 5)).map((c) => c._id)).toEqual(['b', 'c']);
    });

    it('compares and sets many side records in one call: only those still at their revision', async () => {
      const r = store.records<{ n: number }>('batch');
      expect(
        await r.insertManyIfAbsent([1, 2, 3].map((n) => ({ id: `b${n}`, value: { n } }))),
      ).toEqual(new Set(['b1', 'b2', 'b3']));
      const rev = (await r.get('b2'))!.rev;
      expect(await r.replaceIf('b2', rev, { n: 20 })).toBe(true); // another writer moved b2 on
      const done = await r.replaceManyIf(
        [1, 2, 3].map((n) => ({
          id: `b${n}`,
          rev,
          value: { n: n * 100 },
          owner: 'p9',
          dueAt: '2026-12-23T10:00:00.000Z',
        })),
      );
      expect([...done].sort()).toEqual(['b1', 'b3']);
      expect(await r.get('b1')).toMatchObject({ value: { n: 100 }, owner: 'p9', rev: rev + 1 });
      expect((await r.get('b2'))?.value).toEqual({ n: 20 });
      expect((await r.listByOwner('p9')).map((x) => x.id)).toEqual(['b1', 'b3']);
      expect(await r.replaceManyIf([])).toEqual(new Set());
      expect(await r.replaceManyIf([{ id: 'nobody', rev: 1, value: { n: 0 } }])).toEqual(new Set());
    });

    it('keeps side records: first writer wins, compare-and-set, lists by owner, due times, expiry', async () => {
      const r = store.records<{ n: number }>('tokens');
      const other = store.records<{ n: number }>('other');
      expect(await r.insertIfAbsent('t1', { n: 1 }, { owner: 'p1' })).toBe(true);
      expect(await r.insertIfAbsent('t1', { n: 2 }, { owner: 'p1' })).toBe(false);
      expect(await other.get('t1')).toBeUndefined(); // kinds are apart
      const got = (await r.get('t1'))!;
      expect(got).toMatchObject({ id: 't1', value: { n: 1 }, owner: 'p1' });
      expect(await r.replaceIf('t1', got.rev, { n: 3 }, { owner: 'p2' })).toBe(true);
      expect(await r.replaceIf('t1', got.rev, { n: 4 })).toBe(false); // a stale revision
      expect((await r.get('t1'))?.value).toEqual({ n: 3 });
      await r.put('t2', { n: 5 }, { owner: 'p2', dueAt: '2026-12-23T10:00:00.000Z' });
      await r.put('t3', { n: 6 }, { owner: 'p1', dueAt: '2026-12-23T09:00:00.000Z' });
      expect((await r.listByOwner('p2')).map((x) => x.id)).toEqual(['t1', 't2']);
      expect((await r.due('2026-12-23T09:30:00.000Z', 10)).map((x) => x.id)).toEqual(['t3']);
      expect((await r.due('2026-12-23T10:00:00.000Z', 10)).map((x) => x.id)).toEqual(['t3', 't2']);
      expect([...(await r.existing(['t1', 't9', 't3']))].sort()).toEqual(['t1', 't3']);
      expect((await r.page(undefined, 2)).map((x) => x.id)).toEqual(['t1', 't2']);
      expect((await r.page('t2', 2)).map((x) => x.id)).toEqual(['t3']);
      // An expired record counts as absent, and may be claimed again.
      await r.put('old', { n: 7 }, { expiresAt: '2000-01-01T00:00:00.000Z', owner: 'p1' });
      expect(await r.get('old')).toBeUndefined();
      expect((await r.listByOwner('p1')).map((x) => x.id)).toEqual(['t3']);
      expect(await r.existing(['old'])).toEqual(new Set());
      expect(await r.insertIfAbsent('old', { n: 8 })).toBe(true);
      expect((await r.get('old'))?.value).toEqual({ n: 8 });
      expect(await r.delete('old')).toBe(true);
      expect(await r.delete('old')).toBe(false);
    });

    it('claims many side records in one call: each is won once', async () => {
      const r = store.records<{ by: string }>('claims');
      await r.insertIfAbsent('k2', { by: 'earlier' });
      const won = await r.insertManyIfAbsent(
        ['k1', 'k2', 'k3'].map((id) => ({ id, value: { by: 'a' } })),
      );
      expect([...won].sort()).toEqual(['k1', 'k3']);
      const [x, y] = await Promise.all([
        r.insertManyIfAbsent(['k4', 'k5'].map((id) => ({ id, value: { by: 'x' } }))),
        r.insertManyIfAbsent(['k5', 'k6'].map((id) => ({ id, value: { by: 'y' } }))),
      ]);
      expect(x.size + y.size).toBe(3);
      expect((await r.get('k2'))?.value).toEqual({ by: 'earlier' });
    });

    it('keeps everything across a restart', async () => {
      await store.appendCommit(commit('c1', 1, 1, { requestKey: 'rk' }));
      await store.saveSnapshot(snapshot('c1'), 0);
      await store.records('x').put('a', { v: 1 }, { owner: 'o' });
      await store.close();
      store = await reopen();
      expect((await store.commits('c1')).map((c) => c.seq)).toEqual([1]);
      expect((await store.snapshot('c1'))?.ref).toBe('NORTH-2026-001');
      expect(await store.caseIdByRequestKey('rk')).toBe('c1');
      expect((await store.records('x').listByOwner('o')).map((r) => r.value)).toEqual([{ v: 1 }]);
      expect(await store.ping()).toBe(true);
    });
  });
}

storeContract('store port on SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-port-'));
  return { store: await openSqliteStore(dir), reopen: () => openSqliteStore(dir) };
});

describeOnMongo('store port', (db) => {
  storeContract('store port on MongoDB', async () => {
    await db.reset();
    return { store: await db.open(), reopen: () => db.open() };
  });
});
