/**
 * Operator-looking values never reach a store query through the repository or the service: ids,
 * references and request keys that are objects (`{"$gt": ""}`), lists or `$`-strings find nothing
 * and are never put in a filter. Checked with the spying StorePort on the embedded engine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import { manualClock } from '../../src/domain/clock.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { OPERATOR_OBJECTS, OPERATOR_STRINGS } from '../support/hostile.js';
import { actor, notification, testPartnerships } from '../support/partnerships.js';
import { spyStore, TaintSet, type SpyReport } from '../support/spy-store.js';

const partnerships = testPartnerships();
const la = actor(partnerships, 'north', 'la');

describe('store queries under operator-looking ids', () => {
  const report: SpyReport = { filters: 0, problems: [] };
  const taint = new TaintSet();
  let dir: string;
  let engine: StorePort;
  let repo: CaseRepository;
  let service: CaseService;
  let caseId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-queries-'));
    engine = spyStore(await openSqliteStore(dir), report, taint);
    repo = new CaseRepository(engine);
    await repo.init();
    service = new CaseService(repo, partnerships, manualClock('2026-12-23T10:00:00Z'));
    caseId = (await service.notify(la, notification(), 'req-1')).case.id;
  });
  afterAll(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds nothing for an id, reference or request key that is not a plain string, and never queries with it', async () => {
    const hostile: unknown[] = [
      ...OPERATOR_OBJECTS,
      ...OPERATOR_STRINGS.filter((s) => s.startsWith('$')),
      [caseId],
      ['x', 'y'],
      42,
      true,
      null,
      '',
    ];
    taint.add(hostile);
    report.problems.length = 0;
    for (const h of hostile) {
      const value = h as string;
      expect(await repo.load(value)).toBeUndefined();
      expect(await repo.findByRef('north', value)).toBeUndefined();
      expect(await repo.findByRef(value, 'NORTH-2026-001')).toBeUndefined();
      expect(await repo.findByRequestKey(value)).toBeUndefined();
      await expect(service.visible(la, value)).rejects.toMatchObject({ code: 'case.not_found' });
      await expect(
        service.run(la, value, { type: 'record-facts', facts: {} as never }, value),
      ).rejects.toMatchObject({ code: 'case.not_found' });
    }
    expect(report.problems).toEqual([]);
    expect(report.filters).toBeGreaterThan(0);
    // The real case is still found by its real id (the guard is no blanket refusal).
    expect((await repo.load(caseId))?.id).toBe(caseId);
  });
});
