/**
 * Erasure in the raw store: after a case is erased, none of its pseudonyms or free text is left in
 * any stored record — not in clear, and not in any sealed value either, even opened with the data
 * key (the earlier events are overwritten with their redacted versions) — and no ciphertext it ever
 * had is left in any file of the SQLite store (secure_delete zeroes freed space, the WAL is
 * checkpointed and truncated). Another case keeps everything. The
 * audit trail keeps every event (redacted) and the `case.erased` event with actor and reason. An
 * erasure interrupted by a crash is finished when the store next opens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import type { CriteriaAssessment, Notification } from '../../src/domain/case.js';
import { manualClock } from '../../src/domain/clock.js';
import { CRITERION_KEYS } from '../../src/domain/criteria.js';
import { ERASED_TEXT } from '../../src/domain/erasure.js';
import { CaseRepository, type CommitDoc } from '../../src/store/case-repository.js';
import { DataCipher } from '../../src/store/cipher.js';
import type { StorePort } from '../../src/store/port.js';
import { storeContents } from '../support/faulty-store.js';
import { wrapStore } from '../support/wrap-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { openEvents, openSnapshot, type SnapshotDoc } from '../../src/store/sealed-docs.js';
import { actor, testPartnerships } from '../support/partnerships.js';
import { describeOnMongo } from '../support/mongodb.js';

const partnerships = testPartnerships();
const who = (role: string) => actor(partnerships, 'north', role);
const KEY = DataCipher.generateKey();
const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-erase-'));

/** Distinct marker strings in every free-text field and pseudonym of a case. */
function markers(tag: string) {
  const m = (field: string) => `${tag}-${field}-marker`;
  return {
    pseudonyms: [`Child ${tag}`, `Baby ${tag}`],
    texts: [
      'summary',
      'agency',
      'facts',
      'episodes',
      'action',
      'learning',
      'good',
      'areas',
      'evidence',
      'rationale',
      'note',
      'reason',
    ].map(m),
    m,
  };
}

/** Notifies a case with `tag` markers everywhere and takes it to closed (no further review), with a correction on the way. */
async function markedClosedCase(service: CaseService, tag: string): Promise<string> {
  const { m, pseudonyms } = markers(tag);
  const n: Notification = {
    awareOn: '2026-12-22',
    harm: 'death',
    abuseOrNeglect: 'suspected',
    location: 'in-area',
    childStatus: 'none',
    children: pseudonyms.map((pseudonym, i) => ({ pseudonym, age: 3 + i })),
    notifyingAgency: m('agency'),
    summary: m('summary'),
  };
  const id = (await service.notify(who('la'), n)).case.id;
  const facts = {
    summary: m('facts'),
    agencies: ['police'],
    keyEpisodes: m('episodes'),
    immediateAction: true,
    immediateActionDetail: m('action'),
    learning: m('learning'),
    goodPractice: m('good'),
    otherAreas: m('areas'),
    complexOrNational: false,
    themes: ['neglect'],
  };
  await service.run(who('business-manager'), id, { type: 'record-facts', facts });
  const criteria = Object.fromEntries(
    CRITERION_KEYS.map((k) => [k, { answer: 'no', evidence: m('evidence') }]),
  ) as CriteriaAssessment;
  await service.run(who('business-manager'), id, { type: 'assess-criteria', criteria });
  for (const partner of ['la', 'police', 'health'] as const)
    await service.run(who(partner), id, {
      type: 'cast-vote',
      partner,
      outcome: 'no-further-review',
      rationale: `${m('rationale')} ${partner}`,
      criteria: [],
    });
  await service.run(who('chair'), id, { type: 'correct-decision', note: m('note') });
  await service.run(who('business-manager'), id, { type: 'send-to-panel', on: '2026-12-23' });
  await service.run(who('business-manager'), id, { type: 'close', reason: m('reason') });
  return id;
}

/** Every commit and snapshot the store holds, raw and opened with the key: all the text the store holds. */
async function documentTexts(
  store: StorePort,
  cipher: DataCipher,
): Promise<{ raw: string; opened: string }> {
  const { commits, snapshots } = await storeContents(store);
  const records = [];
  for (const kind of ['reminder_claims', 'daily_jobs'])
    records.push(...(await store.records(kind).page(undefined, 10_000)));
  const raw = JSON.stringify({ commits, snapshots, records });
  const opened = [
    ...commits.map((c) => JSON.stringify({ ...c, events: openEvents(cipher, c._id, c.events) })),
    ...snapshots.map((d) => JSON.stringify(openSnapshot(cipher, d as SnapshotDoc))),
    JSON.stringify(records),
  ].join('\n');
  return { raw, opened };
}

/** Every file of the store folder (the database, its WAL), as raw bytes read as text. */
function fileText(dir: string): string {
  return fs
    .readdirSync(dir)
    .map((f) => fs.readFileSync(path.join(dir, f), 'latin1'))
    .join('\n');
}

/** Every ciphertext (`ct` of a sealed box) in a value. */
function ciphertexts(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach((v) => ciphertexts(v, out));
  else if (x && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) {
      if (k === 'ct' && typeof v === 'string') out.push(v);
      else ciphertexts(v, out);
    }
  return out;
}

/** The store, recording every ciphertext written for each case (commits, snapshots, rewrites). */
function recordingCiphertexts(store: StorePort, written: Map<string, string[]>): StorePort {
  const add = (caseId: string, x: unknown) =>
    written.set(caseId, [...(written.get(caseId) ?? []), ...ciphertexts(x)]);
  return wrapStore(store, (name, key, fn) => {
    if (name !== 'store') return fn;
    if (key === 'appendCommit') return (c: unknown) => (add((c as CommitDoc).caseId, c), fn(c));
    if (key === 'saveSnapshot')
      return (d: unknown, v: unknown) => (add((d as SnapshotDoc)._id, d), fn(d, v));
    if (key === 'rewriteCommits')
      return (rs: unknown) => (
        (rs as { id: string }[]).forEach((r) => add(r.id.slice(0, r.id.lastIndexOf(':')), r)),
        fn(rs)
      );
    return fn;
  });
}

/** None of these ciphertexts is left in any file of the store (secure_delete, WAL truncated); a sample of the kept ones is. */
function expectCiphertextsGone(dir: string, gone: string[], kept: string[]): void {
  const text = fileText(dir);
  expect(gone.length).toBeGreaterThan(10);
  for (const ct of kept.slice(-3))
    expect(text, 'a live ciphertext is found in the files (the scan works)').toContain(
      ct.slice(0, 40),
    );
  for (const ct of gone)
    expect(
      text.includes(ct.slice(0, 40)),
      `an erased ciphertext is still in the files: ${ct.slice(0, 12)}…`,
    ).toBe(false);
}

function expectGone(texts: { raw: string; opened: string }, tag: string): void {
  const { pseudonyms, texts: free } = markers(tag);
  for (const s of [...pseudonyms, ...free]) {
    expect(texts.raw, `raw store holds "${s}"`).not.toContain(s);
    expect(texts.opened, `the store, opened with the key, holds "${s}"`).not.toContain(s);
  }
}

function expectKept(texts: { raw: string; opened: string }, tag: string): void {
  const { pseudonyms, texts: free } = markers(tag);
  for (const s of [...pseudonyms, ...free]) {
    expect(texts.raw, `"${s}" is sealed`).not.toContain(s);
    expect(texts.opened, `the other case keeps "${s}"`).toContain(s);
  }
}

async function setUp(engine: StorePort) {
  const cipher = new DataCipher(KEY);
  const repo = new CaseRepository(engine, undefined, { cipher });
  await repo.init();
  const service = new CaseService(repo, partnerships, manualClock('2026-12-23T10:00:00Z'));
  return { cipher, repo, service };
}

describe('erasure on the SQLite store', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves none of the erased case’s personal data in any record or file, even opened with the key; the other case keeps its own', async () => {
    const written = new Map<string, string[]>();
    const engine = recordingCiphertexts(await openSqliteStore(dir), written);
    const { cipher, repo, service } = await setUp(engine);
    const erased = await markedClosedCase(service, 'QX');
    await markedClosedCase(service, 'KZ');
    // Before: the markers are in the store (sealed), so the scan below would find them.
    expect((await documentTexts(engine, cipher)).opened).toContain('QX-summary-marker');
    const before = await repo.events(erased);
    const sealedBefore = [...(written.get(erased) ?? [])];

    const change = await service.run(who('chair'), erased, {
      type: 'erase',
      reason: 'IG request 2027/3',
    });
    expect(change.case.erased).toMatchObject({ from: 'closed', childCount: 2 });

    const texts = await documentTexts(engine, cipher);
    expectGone(texts, 'QX');
    expectKept(texts, 'KZ');
    const live = ciphertexts(await storeContents(engine));
    expectCiphertextsGone(dir, sealedBefore, live);
    for (const s of markers('QX').texts) expect(fileText(dir)).not.toContain(s);

    // The audit trail: every earlier event is still there (redacted), then the erasure with actor and reason.
    const after = await repo.events(erased);
    expect(after.map((e) => e.type)).toEqual([...before.map((e) => e.type), 'case.erased']);
    expect(after.map((e) => [e.seq, e.at, e.actor.id])).toEqual([
      ...before.map((e) => [e.seq, e.at, e.actor.id]),
      [before.length + 1, change.events[0]!.at, 'north-chair'],
    ]);
    expect(after.at(-1)!.data).toEqual({ reason: 'IG request 2027/3', from: 'closed' });
    const facts = after.find((e) => e.type === 'facts.recorded')!;
    expect(facts.data).toMatchObject({
      facts: { summary: ERASED_TEXT, agencies: ['police'], themes: ['neglect'] },
    });
    // The statistics: state, dates, outcome, themes, the count of children.
    const c = (await repo.load(erased))!;
    expect(c).toMatchObject({
      state: 'closed',
      themes: ['neglect'],
      children: [],
      decision: { outcome: 'no-further-review' },
      dates: { awareOn: '2026-12-22', rapidReviewSentOn: '2026-12-23' },
    });
    expect(c.dates.closedAt).toBeDefined();
    await engine.close();

    // Reopened: the snapshot and a replay of the redacted log agree, and nothing came back.
    const again = await openSqliteStore(dir);
    const reopened = await setUp(again);
    expect(await reopened.repo.load(erased)).toEqual(c);
    expectGone(await documentTexts(again, cipher), 'QX');
    expectKept(await documentTexts(again, cipher), 'KZ');
    await again.close();
    expectCiphertextsGone(dir, sealedBefore, live);
  });

  it('finishes an erasure a crash interrupted (before the earlier events were overwritten) when the store opens again', async () => {
    const crashDir = tmpDir();
    try {
      const written = new Map<string, string[]>();
      const engine = recordingCiphertexts(await openSqliteStore(crashDir), written);
      const { cipher, service } = await setUp(engine);
      const id = await markedClosedCase(service, 'CR');
      const sealedBefore = [...(written.get(id) ?? [])];
      // A store whose overwrites of commits fail: the erasure commit is written, the history is not redacted.
      const crashing = wrapStore(engine, (name, key, fn) =>
        name === 'store' && key === 'rewriteCommits'
          ? () => Promise.reject(new Error('crash'))
          : fn,
      );
      const crashingRepo = new CaseRepository(crashing, undefined, { cipher });
      const crashingService = new CaseService(
        crashingRepo,
        partnerships,
        manualClock('2026-12-23T10:00:00Z'),
      );
      await expect(
        crashingService.run(who('business-manager'), id, { type: 'erase', reason: 'Retention' }),
      ).rejects.toThrow(); // the store failed half way
      expect((await documentTexts(engine, cipher)).opened).toContain('CR-summary-marker');
      await engine.close();

      const again = await openSqliteStore(crashDir);
      const { repo } = await setUp(again); // init finishes the erasure
      expectGone(await documentTexts(again, cipher), 'CR');
      expect((await repo.events(id)).at(-1)!.type).toBe('case.erased');
      const live = ciphertexts(await storeContents(again));
      await again.close();
      expectCiphertextsGone(crashDir, sealedBefore, live);
    } finally {
      fs.rmSync(crashDir, { recursive: true, force: true });
    }
  });
});

describeOnMongo('erasure', (db) => {
  it('leaves none of the erased case’s personal data in any raw document, even opened with the key', async () => {
    const engine = await db.open();
    const { cipher, service } = await setUp(engine);
    const erased = await markedClosedCase(service, 'QM');
    await markedClosedCase(service, 'KM');
    await service.run(who('business-manager'), erased, { type: 'erase', reason: 'Retention' });
    const texts = await documentTexts(engine, cipher);
    expectGone(texts, 'QM');
    expectKept(texts, 'KM');
    await engine.close();
  });
});
