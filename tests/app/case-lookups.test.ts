/**
 * The CaseService lookups platform code uses instead of the repository (a lint rule keeps it so):
 * the case of a channel, a channel taken by another case, the open cases of a partnership, and a
 * case as recorded — each on a real (embedded) store, within the partnerships asked for only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import type { Case } from '../../src/domain/case.js';
import { manualClock } from '../../src/domain/clock.js';
import { systemActor } from '../../src/domain/roles.js';
import { DataCipher } from '../../src/store/cipher.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { actor, notification, testPartnerships } from '../support/partnerships.js';

const partnerships = testPartnerships();
let dir: string;
let engine: StorePort;
let service: CaseService;
let north1: Case, north2: Case, north3: Case, south: Case;

async function recordChannel(c: Case, platform: 'slack' | 'teams', id: string): Promise<void> {
  await service.run(systemActor(c.partnershipId), c.id, {
    type: 'record-channel',
    channel: { platform, id, name: c.ref },
    isNew: true,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cspr-lookups-'));
  engine = await openSqliteStore(dir);
  const repo = new CaseRepository(engine, undefined, {
    cipher: new DataCipher(DataCipher.generateKey()),
  });
  await repo.init();
  service = new CaseService(repo, partnerships, manualClock('2026-12-23T10:00:00Z'));
  const notify = async (p: string) =>
    (await service.notify(actor(partnerships, p, 'la'), notification())).case;
  [north1, north2, north3, south] = [
    await notify('north'),
    await notify('north'),
    await notify('north'),
    await notify('south'),
  ];
  await recordChannel(north1, 'slack', 'C0NORTH1');
  // One Teams conversation holding the cards of two cases (no cases team): it names neither.
  await recordChannel(north2, 'teams', '19:shared@thread');
  await recordChannel(north3, 'teams', '19:shared@thread');
  await recordChannel(south, 'slack', 'C0SOUTH1');
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CaseService.caseInChannel', () => {
  it('finds the one case of a channel, on its platform, among all partnerships by default', async () => {
    expect((await service.caseInChannel({ platform: 'slack', id: 'C0NORTH1' }))?.id).toBe(
      north1.id,
    );
    expect((await service.caseInChannel({ platform: 'slack', id: 'C0SOUTH1' }))?.id).toBe(south.id);
    expect(await service.caseInChannel({ platform: 'teams', id: 'C0NORTH1' })).toBeUndefined();
    expect(await service.caseInChannel({ platform: 'slack', id: 'C0NOBODY' })).toBeUndefined();
  });

  it('looks only in the partnerships given (none: nothing is read)', async () => {
    expect(
      await service.caseInChannel({ platform: 'slack', id: 'C0SOUTH1' }, ['north']),
    ).toBeUndefined();
    expect(
      (await service.caseInChannel({ platform: 'slack', id: 'C0SOUTH1' }, ['south']))?.id,
    ).toBe(south.id);
    expect(await service.caseInChannel({ platform: 'slack', id: 'C0NORTH1' }, [])).toBeUndefined();
  });

  it('names no case for a conversation holding several cases', async () => {
    expect(await service.caseInChannel({ id: '19:shared@thread' })).toBeUndefined();
  });

  it('takes an id that is not a plain string as no channel', async () => {
    expect(
      await service.caseInChannel({ platform: 'slack', id: { $ne: '' } as unknown as string }),
    ).toBeUndefined();
  });
});

describe('CaseService.channelTakenByAnother', () => {
  it('is true only when a different case has the channel', async () => {
    expect(
      await service.channelTakenByAnother({ platform: 'slack', id: 'C0NORTH1' }, north1.id),
    ).toBe(false);
    expect(
      await service.channelTakenByAnother({ platform: 'slack', id: 'C0NORTH1' }, north2.id),
    ).toBe(true);
    expect(
      await service.channelTakenByAnother({ platform: 'slack', id: 'C0SOUTH1' }, north1.id),
    ).toBe(true);
    expect(
      await service.channelTakenByAnother({ platform: 'slack', id: 'C0FREE01' }, north1.id),
    ).toBe(false);
  });
});

describe('CaseService.openCases and recorded', () => {
  it('lists the open cases of one partnership only', async () => {
    const ids = (await service.openCases('north')).map((c) => c.id).sort();
    expect(ids).toEqual([north1.id, north2.id, north3.id].sort());
    expect((await service.openCases('south')).map((c) => c.id)).toEqual([south.id]);
  });

  it('gives the case with every recorded event, or nothing for an unknown id', async () => {
    const c = await service.recorded(north1.id);
    expect(c?.channels.map((ch) => ch.id)).toEqual(['C0NORTH1']);
    expect(c?.version).toBeGreaterThan(north1.version);
    expect(await service.recorded('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});
