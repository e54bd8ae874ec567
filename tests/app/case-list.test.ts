/**
 * `list` answers one page of the partnership's cases (newest first) with how many there are in
 * all and the command for the next page, on a real (embedded) store: never every case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseListPage, LIST_PAGE_SIZE, listPageArg, moreLine } from '../../src/app/case-list.js';
import { caseLines } from '../../src/app/commands.js';
import { CaseService } from '../../src/app/case-service.js';
import type { Case } from '../../src/domain/case.js';
import { manualClock } from '../../src/domain/clock.js';
import { isDomainError } from '../../src/domain/errors.js';
import { listMessage } from '../../src/cards/slack/replies.js';
import { DataCipher } from '../../src/store/cipher.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { actor, notification, testPartnerships } from '../support/partnerships.js';

const partnerships = testPartnerships();
const byId = new Map(partnerships.map((p) => [p.id, p]));
const clock = manualClock('2026-12-23T10:00:00Z');
const CASES = 2 * LIST_PAGE_SIZE + 5;
let dir: string;
let engine: StorePort;
let service: CaseService;
const north: Case[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cspr-list-'));
  engine = await openSqliteStore(dir);
  const repo = new CaseRepository(engine, undefined, {
    cipher: new DataCipher(DataCipher.generateKey()),
  });
  await repo.init();
  service = new CaseService(repo, partnerships, clock);
  for (let i = 0; i < CASES; i++) {
    clock.advance(60_000);
    north.push((await service.notify(actor(partnerships, 'north', 'la'), notification())).case);
  }
  await service.notify(actor(partnerships, 'south', 'la'), notification());
}, 30_000);
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('list, a page at a time', () => {
  const la = () => [actor(partnerships, 'north', 'la')];

  it('gives the newest page first, the total, and the next page command', async () => {
    const page = await caseListPage(service, la(), byId, 1, clock.now());
    expect(page.lines).toHaveLength(LIST_PAGE_SIZE);
    expect(page.total).toBe(CASES);
    expect(page.pages).toBe(3);
    expect(page.lines[0]!.ref).toBe(north.at(-1)!.ref);
    expect(moreLine(page)).toBe(`${CASES - LIST_PAGE_SIZE} more (page 1 of 3): list page 2`);
    const msg = listMessage(page.lines, { total: page.total, more: moreLine(page)! });
    expect(msg.text).toBe(`${CASES} cases`);
    expect(JSON.stringify(msg.blocks)).toContain('`/cspr list page 2`');
  });

  it('pages through every case once, the other partnership’s never among them', async () => {
    const refs: string[] = [];
    for (let p = 1; p <= 3; p++)
      refs.push(
        ...(await caseListPage(service, la(), byId, p, clock.now())).lines.map((l) => l.ref),
      );
    expect(refs).toEqual(north.map((c) => c.ref).reverse());
    const last = await caseListPage(service, la(), byId, 3, clock.now());
    expect(last.lines).toHaveLength(5);
    expect(moreLine(last)).toBeUndefined();
    expect(last.next).toBeUndefined();
  });

  it('past the last page says how many pages there are', async () => {
    const beyond = await caseListPage(service, la(), byId, 9, clock.now());
    expect(beyond.lines).toEqual([]);
    expect(moreLine(beyond)).toBe(`There are ${CASES} cases, on 3 pages.`);
  });

  it('reads the page asked for, and refuses a page that is no number', () => {
    expect(listPageArg([])).toBe(1);
    expect(listPageArg(['page', '2'])).toBe(2);
    expect(listPageArg(['3'])).toBe(3);
    for (const bad of [['page', 'two'], ['0'], ['-1']]) {
      let code: string | undefined;
      try {
        listPageArg(bad);
      } catch (err) {
        code = isDomainError(err) ? err.code : 'other';
      }
      expect(code, bad.join(' ')).toBe('field.invalid');
    }
  });

  it('words a case read again unchanged once a day, and again the next day or after a change', async () => {
    const at = new Date('2026-12-23T10:00:00Z');
    const [first] = (await caseListPage(service, la(), byId, 1, at)).lines;
    const [again] = (await caseListPage(service, la(), byId, 1, at)).lines;
    expect(again).toBe(first); // the same frozen case: the line worded before
    const [tomorrow] = (
      await caseListPage(service, la(), byId, 1, new Date('2026-12-24T10:00:00Z'))
    ).lines;
    expect(tomorrow).not.toBe(first);
    expect(tomorrow!.next).not.toBe(first!.next); // one working day fewer left
    expect(tomorrow!.next).toBe(
      caseLines(
        [structuredClone((await service.list(la()))[0]!)],
        byId,
        new Date('2026-12-24T10:00:00Z'),
      )[0]!.next,
    );
    await service.run(la()[0]!, north.at(-1)!.id, {
      type: 'record-panel-notified',
      on: '2026-12-23',
    });
    const [changed] = (await caseListPage(service, la(), byId, 1, at)).lines;
    expect(changed!.next).not.toBe(first!.next); // the Panel is notified: the next step moved on
  });
});
