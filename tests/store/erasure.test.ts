/**
 * Erasure in the raw store: after a case is erased, none of its pseudonyms or free text is left in
 * any file of the embedded engine (snapshots and journals) or any raw document — not in clear, and
 * not in any sealed value either, even opened with the data key (the earlier events are overwritten
 * with their redacted versions and the journals compacted). Another case keeps everything. The
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
import type { Doc, StoreEngine } from '../../src/store/collection.js';
import { openEmbeddedEngine } from '../../src/store/embedded/embedded-engine.js';
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
    texts: ['summary', 'agency', 'facts', 'episodes', 'action', 'learning', 'good', 'areas', 'evidence', 'rationale', 'note', 'reason'].map(m),
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
  const facts = { summary: m('facts'), agencies: ['police'], keyEpisodes: m('episodes'), immediateAction: true, immediateActionDetail: m('action'), learning: m('learning'), goodPractice: m('good'), otherAreas: m('areas'), complexOrNational: false, themes: ['neglect'] };
  await service.run(who('business-manager'), id, { type: 'record-facts', facts });
  const criteria = Object.fromEntries(CRITERION_KEYS.map((k) => [k, { answer: 'no', evidence: m('evidence') }])) as CriteriaAssessment;
  await service.run(who('business-manager'), id, { type: 'assess-criteria', criteria });
  for (const partner of ['la', 'police', 'health'] as const)
    await service.run(who(partner), id, { type: 'cast-vote', partner, outcome: 'no-further-review', rationale: `${m('rationale')} ${partner}`, criteria: [] });
  await service.run(who('chair'), id, { type: 'correct-decision', note: m('note') });
  await service.run(who('business-manager'), id, { type: 'send-to-panel', on: '2026-12-23' });
  await service.run(who('business-manager'), id, { type: 'close', reason: m('reason') });
  return id;
}

/** Every document of the cases and commits collections, opened with the key: all the text the store holds. */
function openedTexts(cipher: DataCipher, name: string, docs: Doc[]): string[] {
  return docs.map((doc) => {
    if (name === 'commits') return JSON.stringify({ ...doc, events: openEvents(cipher, doc._id as string, (doc as CommitDoc).events) });
    if (name === 'cases') return JSON.stringify(openSnapshot(cipher, doc as SnapshotDoc));
    return JSON.stringify(doc);
  });
}

/** Every file of an embedded store: raw text, and every document version in it (snapshot and journal lines) opened. */
function embeddedTexts(dir: string, cipher: DataCipher): { raw: string; opened: string } {
  let raw = '';
  const opened: string[] = [];
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    raw += text;
    const name = file.split('.')[0]!;
    if (file.endsWith('.snapshot.json')) opened.push(...openedTexts(cipher, name, (JSON.parse(text) as { docs: Doc[] }).docs));
    if (file.endsWith('.journal.jsonl'))
      for (const line of text.split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { op: string; doc?: Doc };
        if (entry.op === 'put' && entry.doc) opened.push(...openedTexts(cipher, name, [entry.doc]));
      }
  }
  return { raw, opened: opened.join('\n') };
}

async function documentTexts(engine: StoreEngine, cipher: DataCipher): Promise<{ raw: string; opened: string }> {
  let raw = '';
  let opened = '';
  for (const name of ['cases', 'commits', 'counters', 'reminder_claims', 'daily_jobs']) {
    const docs = await engine.collection(name).find({}).toArray();
    raw += JSON.stringify(docs);
    opened += openedTexts(cipher, name, docs).join('\n');
  }
  return { raw, opened };
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

async function setUp(engine: StoreEngine) {
  const cipher = new DataCipher(KEY);
  const repo = new CaseRepository(engine, undefined, { cipher });
  await repo.init();
  const service = new CaseService(repo, partnerships, manualClock('2026-12-23T10:00:00Z'));
  return { cipher, repo, service };
}

describe('erasure on the embedded store', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves none of the erased case’s personal data in any file, even opened with the key; the other case keeps its own', async () => {
    const engine = await openEmbeddedEngine(dir);
    const { cipher, repo, service } = await setUp(engine);
    const erased = await markedClosedCase(service, 'QX');
    await markedClosedCase(service, 'KZ');
    // Before: the markers are in the files (sealed), so the scan below would find them.
    expect(embeddedTexts(dir, cipher).opened).toContain('QX-summary-marker');
    const before = await repo.events(erased);

    const change = await service.run(who('chair'), erased, { type: 'erase', reason: 'IG request 2027/3' });
    expect(change.case.erased).toMatchObject({ from: 'closed', childCount: 2 });

    const files = embeddedTexts(dir, cipher);
    expectGone(files, 'QX');
    expectKept(files, 'KZ');
    expectGone(await documentTexts(engine, cipher), 'QX');

    // The audit trail: every earlier event is still there (redacted), then the erasure with actor and reason.
    const after = await repo.events(erased);
    expect(after.map((e) => e.type)).toEqual([...before.map((e) => e.type), 'case.erased']);
    expect(after.map((e) => [e.seq, e.at, e.actor.id])).toEqual([...before.map((e) => [e.seq, e.at, e.actor.id]), [before.length + 1, change.events[0]!.at, 'north-chair']]);
    expect(after.at(-1)!.data).toEqual({ reason: 'IG request 2027/3', from: 'closed' });
    const facts = after.find((e) => e.type === 'facts.recorded')!;
    expect(facts.data).toMatchObject({ facts: { summary: ERASED_TEXT, agencies: ['police'], themes: ['neglect'] } });
    // The statistics: state, dates, outcome, themes, the count of children.
    const c = (await repo.load(erased))!;
    expect(c).toMatchObject({ state: 'closed', themes: ['neglect'], children: [], decision: { outcome: 'no-further-review' }, dates: { awareOn: '2026-12-22', rapidReviewSentOn: '2026-12-23' } });
    expect(c.dates.closedAt).toBeDefined();
    await engine.close();

    // Reopened: the snapshot and a replay of the redacted log agree, and nothing came back.
    const again = await openEmbeddedEngine(dir);
    const reopened = await setUp(again);
    expect(await reopened.repo.load(erased)).toEqual(c);
    expectGone(embeddedTexts(dir, cipher), 'QX');
    expectKept(embeddedTexts(dir, cipher), 'KZ');
    await again.close();
  });

  it('finishes an erasure a crash interrupted (before the earlier events were overwritten) when the store opens again', async () => {
    const crashDir = tmpDir();
    try {
      const engine = await openEmbeddedEngine(crashDir);
      const { cipher, service } = await setUp(engine);
      const id = await markedClosedCase(service, 'CR');
      // A store whose overwrites of commits fail: the erasure commit is written, the history is not redacted.
      const crashing: StoreEngine = {
        kind: engine.kind,
        ping: () => engine.ping(),
        close: () => engine.close(),
        collection: <T extends Doc = Doc>(name: string) => {
          const col = engine.collection<T>(name);
          if (name !== 'commits') return col;
          return Object.assign(Object.create(col) as typeof col, {
            updateOne: () => Promise.reject(new Error('crash')),
          });
        },
      };
      const crashingRepo = new CaseRepository(crashing, undefined, { cipher });
      const crashingService = new CaseService(crashingRepo, partnerships, manualClock('2026-12-23T10:00:00Z'));
      await expect(crashingService.run(who('business-manager'), id, { type: 'erase', reason: 'Retention' })).rejects.toThrow(); // the store failed half way
      expect(embeddedTexts(crashDir, cipher).opened).toContain('CR-summary-marker');
      await engine.close();

      const again = await openEmbeddedEngine(crashDir);
      const { repo } = await setUp(again); // init finishes the erasure
      expectGone(embeddedTexts(crashDir, cipher), 'CR');
      expect((await repo.events(id)).at(-1)!.type).toBe('case.erased');
      await again.close();
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
