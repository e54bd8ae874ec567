/**
 * Encryption at rest: the cipher, the key configuration, the development key file, and that the
 * raw store (every file of the embedded engine, every raw document on either engine) never holds
 * child details or free text in clear; rotation with `cspr rotate-key`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import { runCli } from '../../src/cli/main.js';
import { rotateKeyCommand } from '../../src/cli/rotate-key.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { CriteriaAssessment } from '../../src/domain/case.js';
import { manualClock } from '../../src/domain/clock.js';
import { CRITERION_KEYS } from '../../src/domain/criteria.js';
import { systemActor } from '../../src/domain/roles.js';
import { ReminderClaims } from '../../src/scheduler/reminder-claims.js';
import { reminderIndexer, ReminderScheduler } from '../../src/scheduler/reminder-scheduler.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import {
  DataCipher,
  keyIdOf,
  parseDataKey,
  SealError,
  type DataKey,
} from '../../src/store/cipher.js';
import type { StorePort } from '../../src/store/port.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { storeContents } from '../support/faulty-store.js';

type Doc = Record<string, unknown>;
import { dataCipherFor, devKey } from '../../src/store/data-keys.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { resealStore } from '../../src/store/reseal.js';
import { actor, notification, testPartnerships } from '../support/partnerships.js';
import { describeOnMongo } from '../support/mongodb.js';

const partnerships = testPartnerships();
const la = actor(partnerships, 'north', 'la');
const police = actor(partnerships, 'north', 'police');
const health = actor(partnerships, 'north', 'health');
const bm = actor(partnerships, 'north', 'business-manager');
const chair = actor(partnerships, 'north', 'chair');

const KEY_A = DataCipher.generateKey();
const KEY_B = DataCipher.generateKey();
const b64 = (k: DataKey) => k.key.toString('base64');
const tmpDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `cspr-enc-${name}-`));

/** Rejection of a promise or throw of a function, as an Error (fails if there is none). */
async function failure(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('DataCipher', () => {
  const cipher = new DataCipher(KEY_A);

  it('opens what it sealed, with a fresh IV each time and no "$" field names', () => {
    const value = {
      pseudonym: 'Child Q',
      note: 'naïve “quotes” ✓',
      list: [1, null, true],
      nested: { n: 0 },
    };
    const a = cipher.seal(value, 'ctx');
    const b = cipher.seal(value, 'ctx');
    expect(cipher.open(a, 'ctx')).toEqual(value);
    expect(a.ct).not.toBe(b.ct);
    expect(a.iv).not.toBe(b.iv);
    expect(Object.keys(a).sort()).toEqual(['ct', 'iv', 'k', 'tag']);
    expect(a.k).toBe(KEY_A.id);
    expect(JSON.stringify(a)).not.toContain('Child Q');
    for (const v of [null, 'text', 42, [], {}])
      expect(cipher.open(cipher.seal(v, 'c'), 'c')).toEqual(v);
  });

  it('derives the key id from the key: the first 8 hex digits of its SHA-256', () => {
    expect(KEY_A.id).toBe(createHash('sha256').update(KEY_A.key).digest('hex').slice(0, 8));
    expect(keyIdOf(KEY_A.key)).toBe(KEY_A.id);
  });

  it('detects tampering (ciphertext, tag, IV) and a value moved to another context, naming the key id only', async () => {
    const box = cipher.seal({ summary: 'secret' }, 'case 1 snapshot v1');
    const flip = (s: string) => {
      const buf = Buffer.from(s, 'base64');
      buf[0] = buf[0]! ^ 1;
      return buf.toString('base64');
    };
    for (const bad of [
      { ...box, ct: flip(box.ct) },
      { ...box, tag: flip(box.tag) },
      { ...box, iv: flip(box.iv) },
    ]) {
      const err = await failure(() => cipher.open(bad, 'case 1 snapshot v1'));
      expect(err).toBeInstanceOf(SealError);
      expect(err.message).toBe(
        `cannot open case 1 snapshot v1 with data key id ${KEY_A.id}: wrong key, or the data was altered`,
      );
      expect(err.message).not.toContain(b64(KEY_A));
    }
    expect(await failure(() => cipher.open(box, 'case 2 snapshot v1'))).toBeInstanceOf(SealError);
    expect(
      (await failure(() => cipher.open({ k: KEY_A.id, iv: '', tag: '', ct: '' }, 'x'))).message,
    ).toMatch(/malformed/);
    expect((await failure(() => cipher.open({ summary: 'clear' }, 'x'))).message).toBe(
      'cannot open x: not a sealed value',
    );
  });

  it('refuses a value sealed with a key that is not in the ring, naming its id', async () => {
    const box = new DataCipher(KEY_B).seal('x', 'c');
    const err = (await failure(() => cipher.open(box, 'c'))) as SealError;
    expect(err).toBeInstanceOf(SealError);
    expect(err.keyId).toBe(KEY_B.id);
    expect(err.message).toContain(
      `sealed with data key id ${KEY_B.id}, which is not in the key ring (current ${KEY_A.id}`,
    );
    expect(err.message).toContain('CSPR_DATA_KEYS_OLD');
    expect(new DataCipher(KEY_A, [KEY_B]).open(box, 'c')).toBe('x');
  });

  it('detects the right id with the wrong key', async () => {
    const box = new DataCipher({ id: 'k1', key: KEY_A.key }).seal('x', 'c');
    const err = await failure(() => new DataCipher({ id: 'k1', key: KEY_B.key }).open(box, 'c'));
    expect(err.message).toBe(
      'cannot open c with data key id k1: wrong key, or the data was altered',
    );
  });
});

describe('data key configuration', () => {
  it('parses base64 keys, with or without an id, and refuses anything else without quoting it', () => {
    expect(parseDataKey(`  ${b64(KEY_A)}\n`)).toEqual(KEY_A);
    expect(parseDataKey(`2026-q1:${b64(KEY_A)}`)).toEqual({ id: '2026-q1', key: KEY_A.key });
    for (const bad of [
      'c2hvcnQ=',
      'not base64 at all!',
      `${b64(KEY_A)}AAAA`,
      `bad id:${b64(KEY_A)}`,
    ]) {
      const problem = parseDataKey(bad);
      expect(typeof problem).toBe('string');
      expect(problem).not.toContain(bad);
    }
  });

  it('reads CSPR_DATA_KEY and the old keys of CSPR_DATA_KEYS_OLD', () => {
    const config = loadConfig({
      CSPR_DATA_KEY: b64(KEY_B),
      CSPR_DATA_KEYS_OLD: ` old1:${b64(KEY_A)} ,`,
    });
    expect(config.dataKeys).toEqual({ current: KEY_B, old: [{ id: 'old1', key: KEY_A.key }] });
    expect(config.warnings.join(' ')).not.toContain('CSPR_DATA_KEY');
    expect(dataCipherFor(config).keyIds).toEqual([KEY_B.id, 'old1']);
  });

  it('refuses to start in production without a key, and lists bad keys without echoing them', async () => {
    const noKey = (await failure(() => loadConfig({ NODE_ENV: 'production' }))) as ConfigError;
    expect(noKey).toBeInstanceOf(ConfigError);
    expect(noKey.problems).toEqual([
      'CSPR_DATA_KEY: required when NODE_ENV=production (32 random bytes in base64: openssl rand -base64 32)',
    ]);
    const short = Buffer.alloc(16, 7).toString('base64');
    const bad = (await failure(() =>
      loadConfig({
        CSPR_DATA_KEY: short,
        CSPR_DATA_KEYS_OLD: `${b64(KEY_A)},x:${b64(KEY_B)},x:${b64(KEY_A)}`,
      }),
    )) as ConfigError;
    expect(bad.problems).toEqual([
      'CSPR_DATA_KEY: must decode to 32 bytes, not 16 (generate one with: openssl rand -base64 32)',
      'CSPR_DATA_KEYS_OLD: key id x names two different keys',
    ]);
    const everything = [bad.message, JSON.stringify(bad)].join('\n');
    for (const secret of [short, b64(KEY_A), b64(KEY_B)]) expect(everything).not.toContain(secret);
  });

  it('outside production without a key, warns and uses the development key file under DATA_DIR (mode 0600), the same each time', () => {
    const dir = tmpDir('dev');
    const config = loadConfig({ DATA_DIR: dir, MONGODB_URI: 'mongodb://localhost/x' });
    const file = path.join(dir, 'dev-data-key');
    expect(config.dataKeys).toEqual({ old: [], devKeyFile: file });
    expect(config.warnings.find((w) => w.startsWith('CSPR_DATA_KEY is not set'))).toContain(file);
    const cipher = dataCipherFor(config);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(dataCipherFor(config).currentKeyId).toBe(cipher.currentKeyId);
    expect(devKey(file).id).toBe(cipher.currentKeyId);
    expect(fs.readdirSync(dir)).toEqual(['dev-data-key']); // no temporary file left behind
  });
});

/** Distinctive strings put in every child detail and free-text field; none may be stored in clear. */
const M = {
  pseudonym: 'Child Q',
  summary: 'ZEBRAFINCH notification summary',
  agency: 'QUOKKA notifying agency',
  factsSummary: 'AXOLOTL facts summary',
  episodes: 'PANGOLIN key episodes',
  learning: 'NARWHAL learning',
  detail: 'OKAPI immediate action',
  goodPractice: 'TAPIR good practice',
  evidence: 'CASSOWARY evidence',
  rationale: 'BILBY rationale',
  correction: 'NUMBAT correction note',
  reviewer: 'Dr WOMBAT reviewer',
  referral: 'GALAGO referral summary',
  referrer: 'KAKAPO referring agency',
  closeReason: 'DUGONG closing reason',
  failure: 'MARGAY failure message',
};

/** Creates cases through CaseService with every marker, ticks the reminder scheduler once. */
async function writeMarkedCases(
  engine: StorePort,
  cipher: DataCipher,
): Promise<{ repo: CaseRepository; ids: string[] }> {
  const repo = new CaseRepository(engine, reminderIndexer(partnerships), { cipher });
  await repo.init();
  const clock = manualClock('2026-12-23T10:00:00Z');
  const service = new CaseService(repo, partnerships, clock);
  const n = notification({
    children: [{ pseudonym: M.pseudonym, age: 3 }],
    summary: M.summary,
    notifyingAgency: M.agency,
  });
  const { case: c } = await service.notify(la, n, 'test:enc:notify');
  await service.run(bm, c.id, {
    type: 'record-facts',
    facts: {
      summary: M.factsSummary,
      agencies: ['police'],
      keyEpisodes: M.episodes,
      immediateAction: true,
      immediateActionDetail: M.detail,
      learning: M.learning,
      goodPractice: M.goodPractice,
      complexOrNational: false,
      themes: ['neglect'],
    },
  });
  const criteria = Object.fromEntries(
    CRITERION_KEYS.map((k) => [k, { answer: 'yes', evidence: `${M.evidence} ${k}` }]),
  ) as CriteriaAssessment;
  await service.run(bm, c.id, { type: 'assess-criteria', criteria });
  for (const [a, partner] of [
    [la, 'la'],
    [police, 'police'],
    [health, 'health'],
  ] as const)
    await service.run(a, c.id, {
      type: 'cast-vote',
      partner,
      outcome: 'lcspr',
      rationale: `${M.rationale} ${partner}`,
      criteria: ['multi-agency'],
    });
  await service.run(chair, c.id, { type: 'correct-decision', note: M.correction });
  await service.run(bm, c.id, { type: 'send-to-panel', on: '2026-12-23' });
  await service.run(bm, c.id, {
    type: 'commission-review',
    reviewer: M.reviewer,
    on: '2026-12-23',
  });
  await service.run(systemActor('north'), c.id, {
    type: 'record-failure',
    step: 'slack.post',
    code: 'x',
    message: M.failure,
  });

  const referral = {
    referredAt: '2026-12-23T09:00:00.000Z',
    referringAgency: M.referrer,
    summary: M.referral,
    children: [{ pseudonym: M.pseudonym, age: 5 }],
  };
  const { case: r } = await service.refer(bm, referral);
  await service.run(bm, r.id, { type: 'close', reason: M.closeReason });

  const { case: open } = await service.notify(la, n); // still notified: its digest is due today
  const scheduler = new ReminderScheduler(
    repo,
    new ReminderClaims(engine),
    partnerships,
    [{ platform: 'slack', applies: () => true, deliver: async () => undefined }],
    clock,
  );
  await scheduler.init();
  expect((await scheduler.tick()).sent).toBeGreaterThan(0);
  return { repo, ids: [c.id, r.id, open.id] };
}

/** Every stored record, raw: commits, snapshots, reminder claims and mutes. */
async function rawDocs(engine: StorePort): Promise<Record<string, Doc[]>> {
  const { commits, snapshots } = await storeContents(engine);
  const records = async (kind: string) =>
    (await engine.records(kind).page(undefined, 10_000)).map((r) => ({ ...r }) as Doc);
  return {
    cases: snapshots as Doc[],
    commits: commits as unknown as Doc[],
    reminder_claims: await records('reminder_claims'),
    reminder_mutes: await records('reminder_mutes'),
  };
}

function expectNoMarker(text: string, where: string): void {
  for (const marker of [...Object.values(M), 'ZEBRAFINCH', 'WOMBAT'])
    if (text.includes(marker)) throw new Error(`"${marker}" is stored in clear in ${where}`);
}

/** The raw documents hold no marker, have the documented sealed shape, and the repository still reads everything. */
async function checkRawStore(
  engine: StorePort,
  cipher: DataCipher,
  repo: CaseRepository,
  ids: string[],
): Promise<void> {
  const raw = await rawDocs(engine);
  for (const [name, docs] of Object.entries(raw))
    expectNoMarker(JSON.stringify(docs), `the raw ${name} documents`);
  expect(raw.commits!.length).toBeGreaterThan(10);
  expect(raw.reminder_claims!.length).toBeGreaterThan(0);
  for (const commit of raw.commits!)
    for (const e of commit.events as Doc[]) {
      expect(Object.keys(e).sort()).toEqual(['data', 'type']);
      expect(e.data).toEqual({
        sealed: {
          k: cipher.currentKeyId,
          iv: expect.any(String),
          tag: expect.any(String),
          ct: expect.any(String),
        },
      });
    }
  const snapshot = raw.cases!.find((d) => d._id === ids[0])!;
  expect(Object.keys(snapshot).sort()).toEqual([
    '_id',
    'channels',
    'createdAt',
    'dates',
    'duties',
    'id',
    'index',
    'partnershipId',
    'procedure',
    'ref',
    'remindersPaused',
    'sealed',
    'state',
    'themes',
    'updatedAt',
    'version',
  ]);
  expect(snapshot.state).toBe('review-commissioned');
  expect(JSON.stringify(raw)).not.toMatch(/"\$/); // no "$..." field name anywhere

  // Through the repository, everything reads back in clear.
  const c = await repo.load(ids[0]!);
  expect(c?.children).toEqual([{ pseudonym: M.pseudonym, age: 3 }]);
  expect(c?.reviewer).toBe(M.reviewer);
  expect(c?.corrections[0]?.note).toBe(M.correction);
  expect(c?.votes.la?.rationale).toBe(`${M.rationale} la`);
  const events = JSON.stringify(await repo.events(ids[0]!));
  for (const marker of [M.summary, M.factsSummary, M.evidence, M.failure])
    expect(events).toContain(marker);
  expect((await repo.load(ids[1]!))?.referral?.summary).toBe(M.referral);
  expect((await repo.list(['north'])).map((x) => x.id).sort()).toEqual([...ids].sort());
}

/** Every file under a directory, as text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .map((file) => ({ file, text: fs.readFileSync(file, 'latin1') }));
}

describe('encryption at rest on the SQLite store', () => {
  it('stores no child detail or free text in clear: not in any file, not in any raw document', async () => {
    const dir = tmpDir('raw');
    const cipher = new DataCipher(KEY_A);
    const engine = await openSqliteStore(dir);
    const { repo, ids } = await writeMarkedCases(engine, cipher);
    await checkRawStore(engine, cipher, repo, ids);
    await engine.close();
    const files = filesUnder(dir);
    expect(files.map((f) => path.basename(f.file))).toContain('cspr.sqlite');
    for (const { file, text } of files) expectNoMarker(text, file);
    // And after a restart (files reloaded and compacted), still nothing in clear, everything readable.
    const again = await openSqliteStore(dir);
    const repo2 = new CaseRepository(again, reminderIndexer(partnerships), { cipher });
    await repo2.init();
    expect((await repo2.load(ids[0]!))?.facts?.keyEpisodes).toBe(M.episodes);
    await again.close();
    for (const { file, text } of filesUnder(dir)) expectNoMarker(text, file);
  });

  it('refuses to read with a wrong key, naming the key id, with no partial result', async () => {
    const engine = await openSqliteStore(tmpDir('wrong'));
    const { ids } = await writeMarkedCases(engine, new DataCipher({ id: 'k1', key: KEY_A.key }));
    const wrong = new CaseRepository(engine, undefined, {
      cipher: new DataCipher({ id: 'k1', key: KEY_B.key }),
    });
    await expect(wrong.list(['north'])).rejects.toThrow(
      /with data key id k1: wrong key, or the data was altered/,
    );
    await expect(wrong.events(ids[0]!)).rejects.toBeInstanceOf(SealError);
    const missing = new CaseRepository(engine, undefined, { cipher: new DataCipher(KEY_B) });
    const err = await failure(() => missing.init());
    expect(err).toBeInstanceOf(SealError);
    expect(err.message).toMatch(
      /^the store holds data sealed with data key id k1 \(case .+ snapshot\), which is not in the key ring/,
    );
    for (const e of [err.message, JSON.stringify(err)]) expect(e).not.toContain(b64(KEY_A));
    (engine as SqliteStore).stmt('DELETE FROM cases').run(); // the commits alone are checked too
    await expect(missing.init()).rejects.toThrow(
      /^the store holds data sealed with data key id k1 \(commit .+:1\)/,
    );
    await engine.close();
  });

  it('detects a tampered or swapped sealed value in the store', async () => {
    const engine = await openSqliteStore(tmpDir('tamper'));
    const cipher = new DataCipher(KEY_A);
    const { repo, ids } = await writeMarkedCases(engine, cipher);
    const [a, b] = [(await engine.snapshot(ids[0]!))!, (await engine.snapshot(ids[1]!))!];
    await engine.replaceSnapshotAt({ ...b, sealed: a.sealed! }, b.version); // case A's details under case B
    await expect(repo.load(ids[1]!)).rejects.toThrow(
      `cannot open case ${ids[1]} snapshot v${b.version} with data key id ${KEY_A.id}`,
    );
    const box = a.sealed!;
    await engine.replaceSnapshotAt(
      { ...a, sealed: { ...box, ct: `${box.ct.startsWith('A') ? 'B' : 'A'}${box.ct.slice(1)}` } },
      a.version,
    );
    await expect(repo.load(ids[0]!)).rejects.toBeInstanceOf(SealError);
    const [first] = await engine.commits(ids[2]!);
    await engine.rewriteCommits([
      {
        id: first!._id,
        events: first!.events.map((e, i) =>
          i === 0 ? { ...e, type: 'case.referred' as const } : e,
        ),
      },
    ]); // the clear type is authenticated too
    await expect(repo.events(ids[2]!)).rejects.toThrow(
      `cannot open commit ${ids[2]}:1 event 0 (case.referred) with data key id ${KEY_A.id}`,
    );
    await engine.close();
  });
});

describe('key rotation', () => {
  it('re-seals with the new key (old key in the ring), after which the new key alone reads everything; idempotent', async () => {
    const dir = tmpDir('rotate');
    let engine = await openSqliteStore(dir);
    const { ids } = await writeMarkedCases(engine, new DataCipher(KEY_A));
    await engine.close();

    const env = { DATA_DIR: dir, CSPR_DATA_KEY: b64(KEY_B), CSPR_DATA_KEYS_OLD: b64(KEY_A) };
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await rotateKeyCommand(['--json'], io, env)).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report.keyId).toBe(KEY_B.id);
    expect(report.commits.total).toBe(report.commits.resealed);
    expect(report.commits.total).toBeGreaterThan(10);
    expect(report.snapshots).toEqual({ total: 3, resealed: 3, wereClear: 0 });

    out.length = 0;
    expect(await runCli(['rotate-key', '--all'], io)).toBe(2);
    expect(out.join('\n')).toMatch(/^cspr: Unknown option '--all'.*Usage: cspr rotate-key/);

    out.length = 0;
    expect(await rotateKeyCommand([], io, env)).toBe(0); // again: nothing left to do
    expect(out.join('\n')).toContain(
      `case snapshots: 3 read, 0 re-sealed (0 of them were not encrypted), 3 already on ${KEY_B.id}`,
    );
    expect(out.join('\n')).not.toContain(b64(KEY_B));

    engine = await openSqliteStore(dir);
    const onlyB = new CaseRepository(engine, undefined, { cipher: new DataCipher(KEY_B) });
    await onlyB.init();
    expect((await onlyB.load(ids[0]!))?.facts?.learning).toBe(M.learning);
    expect(JSON.stringify(await onlyB.events(ids[0]!))).toContain(M.rationale);
    const onlyA = new CaseRepository(engine, undefined, { cipher: new DataCipher(KEY_A) });
    await expect(onlyA.init()).rejects.toThrow(`data key id ${KEY_B.id}`);
    await engine.close();
    for (const { file, text } of filesUnder(dir)) expectNoMarker(text, file);
  });

  it('seals a store written before encryption', async () => {
    const engine = await openSqliteStore(tmpDir('legacy'));
    const cipher = new DataCipher(KEY_A);
    const { ids, repo } = await writeMarkedCases(engine, cipher);
    // Put one case back in clear, as a store from before encryption held it.
    const c = (await repo.load(ids[0]!))!;
    const commits = await repo.events(ids[0]!);
    const { sealed: _sealed, ...stored } = (await engine.snapshot(c.id))!;
    await engine.replaceSnapshotAt({ ...stored, ...c, _id: c.id }, c.version);
    const [first] = await engine.commits(c.id);
    await engine.rewriteCommits([
      {
        id: first!._id,
        events: first!.events.map((e, i) =>
          i === 0 ? { ...e, data: commits[0]!.data } : e,
        ) as never,
      },
    ]);
    expect(JSON.stringify(await rawDocs(engine))).toContain(M.summary);
    expect((await repo.load(c.id))?.reviewer).toBe(M.reviewer); // still readable

    const report = await resealStore(engine, cipher);
    expect(report.snapshots).toEqual({ total: 3, resealed: 1, wereClear: 1 });
    expect(report.commits).toMatchObject({ resealed: 1, wereClear: 1 });
    await checkRawStore(engine, cipher, repo, ids);
    await engine.close();
  });
});

describeOnMongo('encryption at rest', (db) => {
  it('stores no child detail or free text in clear in any raw document', async () => {
    const engine = await db.open();
    const cipher = new DataCipher(KEY_A);
    const { repo, ids } = await writeMarkedCases(engine, cipher);
    await checkRawStore(engine, cipher, repo, ids);
    const report = await resealStore(engine, new DataCipher(KEY_B, [KEY_A]));
    expect(report.snapshots.resealed).toBe(3);
    await checkRawStore(
      engine,
      new DataCipher(KEY_B),
      new CaseRepository(engine, undefined, { cipher: new DataCipher(KEY_B) }),
      ids,
    );
    await engine.close();
  });
});
