/**
 * `cspr migrate-store` on a DATA_DIR written by the old embedded engine (tests/fixtures/old-store,
 * made by tests/fixtures/make-old-store.ts before that engine was removed): a dry run counts and
 * writes nothing; `--apply` imports every case, commit, counter, claim and mute, and every case
 * loads the same before and after; a second run changes nothing; a damaged journal is one line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateStoreCommand } from '../../src/cli/migrate-store.js';
import { ReminderClaims } from '../../src/scheduler/reminder-claims.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import { DataCipher, parseDataKey, type DataKey } from '../../src/store/cipher.js';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite/sqlite-store.js';
import { FIXTURE_DIR, FIXTURE_KEY } from '../fixtures/make-old-store.js';
import { storeContents } from '../support/faulty-store.js';
import { testPartnerships } from '../support/partnerships.js';

let dir: string;
let env: Record<string, string | undefined>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-migrate-'));
  fs.cpSync(FIXTURE_DIR, path.join(dir, 'data'), { recursive: true });
  const holders = (p: string) =>
    testPartnerships()
      .find((x) => x.id === p)!
      .holders.map(({ id, name, roles }) => ({ id, name, roles }));
  fs.writeFileSync(
    path.join(dir, 'partnerships.json'),
    JSON.stringify({
      partnerships: [
        {
          id: 'north',
          name: 'North Safeguarding Children Partnership',
          refPrefix: 'NORTH',
          holders: holders('north'),
        },
        {
          id: 'south',
          name: 'South Safeguarding Children Partnership',
          refPrefix: 'SOUTH',
          holders: holders('south'),
        },
      ],
    }),
  );
  env = {
    NODE_ENV: 'test',
    DATA_DIR: path.join(dir, 'data'),
    CSPR_CONFIG: path.join(dir, 'partnerships.json'),
    CSPR_DATA_KEY: FIXTURE_KEY,
  };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await migrateStoreCommand(
    args,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    env,
  );
  return { code, out, err };
}

const cipher = () => new DataCipher(parseDataKey(FIXTURE_KEY) as DataKey);

describe('cspr migrate-store', () => {
  it('dry run: counts what the old store holds, loads every case, writes nothing', async () => {
    const r = await run([]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe(
      `old store in ${env.DATA_DIR}: 4 cases, 18 commits, 2 counters, 1 reminder_claims, 1 reminder_mutes`,
    );
    expect(r.out[1]).toBe('every case loads from the old store: 4 case(s)');
    expect(r.out.at(-1)).toContain('dry run: nothing written');
    expect(fs.existsSync(path.join(env.DATA_DIR!, SQLITE_FILE))).toBe(false);
  });

  it('--apply imports everything, verified by loading every case before and after; again, it changes nothing', async () => {
    const r = await run(['--apply']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `imported into ${path.join(env.DATA_DIR!, SQLITE_FILE)}: 18 commit(s) (0 already there), 4 snapshot(s), 2 counter(s), 2 other record(s)`,
    );
    expect(r.out.at(-1)).toMatch(
      /^verified: all 4 case\(s\) load the same from the new store as from the old one/,
    );

    const store = await openSqliteStore(env.DATA_DIR!);
    const repo = new CaseRepository(store, undefined, { cipher: cipher() });
    await repo.init();
    const two = (await repo.findByRef('north', 'NORTH-2026-002'))!;
    expect(two.state).toBe('deciding');
    expect(two.votes.police?.rationale).toBe('Fixture rationale police.');
    expect(two.channels).toEqual([{ platform: 'slack', id: 'CFIXTURE2', name: 'cspr-fixture-2' }]);
    expect(
      (
        await repo.find({
          partnershipIds: ['north'],
          channel: { platform: 'slack', id: 'CFIXTURE2' },
        })
      ).map((c) => c.ref),
    ).toEqual(['NORTH-2026-002']);
    expect(await repo.findByRequestKey('fixture:vote:2')).toBe(two.id);
    const erased = (await repo.findByRef('north', 'NORTH-2026-001'))!;
    expect(erased.erased).toMatchObject({ from: 'decided', childCount: 1 });
    expect(erased.children).toEqual([]);
    expect(
      (await repo.find({ partnershipIds: ['north'], states: ['decided'] }))[0]?.remindersPaused,
    ).toBe(true);
    // The counters carry on from the old store, and the claims and mutes came across.
    expect(await repo.nextRef('north', 'NORTH', 2026)).toBe('NORTH-2026-004');
    const claims = new ReminderClaims(store);
    expect((await claims.mutedKinds('north')).get('north-la')).toEqual(new Set(['chase-votes']));
    expect((await claims.get(`${two.id}:fixture-reminder:2026-12-23@slack`))?.state).toBe('sent');
    const contents = JSON.stringify(await storeContents(store));
    await store.close();

    const again = await run(['--apply']);
    expect(again.code).toBe(0);
    expect(again.out).toContain(
      `imported into ${path.join(env.DATA_DIR!, SQLITE_FILE)}: 0 commit(s) (18 already there), 4 snapshot(s), 2 counter(s), 0 other record(s)`,
    );
    const reopened = await openSqliteStore(env.DATA_DIR!);
    const after = await storeContents(reopened);
    await reopened.close();
    expect(JSON.stringify(after.commits)).toBe(JSON.stringify(JSON.parse(contents).commits));
  });

  it('replays the old journal over its snapshot, ignoring a torn last line', async () => {
    const journal = path.join(env.DATA_DIR!, 'reminder_mutes.journal.jsonl');
    fs.writeFileSync(
      journal,
      `${JSON.stringify({ op: 'put', doc: { _id: 'south:south-bm:personal', partnershipId: 'south', holderId: 'south-bm', kind: 'personal' } })}\n` +
        `${JSON.stringify({ op: 'del', id: 'north:north-la:chase-votes' })}\n{"op":"put","doc":{"_id":"tor`,
    );
    const r = await run(['--apply']);
    expect(r.code).toBe(0);
    const store = await openSqliteStore(env.DATA_DIR!);
    const claims = new ReminderClaims(store);
    expect((await claims.mutedKinds('north')).size).toBe(0);
    expect((await claims.mutedKinds('south')).get('south-bm')).toEqual(new Set(['personal']));
    await store.close();
  });

  it('says in one line what is wrong: no old store, a damaged file, a wrong data key', async () => {
    env.CSPR_DATA_KEY = DataCipher.generateKey().key.toString('base64');
    await expect(run([])).rejects.toThrow(/^the store holds|^cannot open .* with data key id/);
    env.CSPR_DATA_KEY = FIXTURE_KEY;
    fs.writeFileSync(
      path.join(env.DATA_DIR!, 'commits.journal.jsonl'),
      'not json\n{"op":"del","id":"x"}\n',
    );
    await expect(run([])).rejects.toThrow(
      `the old store file ${path.join(env.DATA_DIR!, 'commits.journal.jsonl')} is damaged at line 1`,
    );
    env.DATA_DIR = path.join(dir, 'empty');
    const none = await run([]);
    expect(none).toMatchObject({
      code: 1,
      err: [
        `cspr: no old-format store in ${env.DATA_DIR} (no *.snapshot.json or *.journal.jsonl files)`,
      ],
    });
  });
});
