/**
 * Delivery exactly once: several scheduler instances on one store, ticking concurrently over a
 * simulated month of 20 cases; an instance killed mid-run; platform failures retried.
 * The notifier here plays the platform: it records what reached "the chat".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseService } from '../../src/app/case-service.js';
import {
  addCalendarDays,
  instantAt,
  isWorkingDay,
  type IsoDate,
} from '../../src/domain/calendar.js';
import { manualClock } from '../../src/domain/clock.js';
import { planReminders } from '../../src/domain/reminders.js';
import { CaseRepository } from '../../src/store/case-repository.js';
import type { StorePort } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import {
  DeliveryError,
  type Notifier,
  type ReminderDelivery,
} from '../../src/scheduler/notifier.js';
import { ReminderClaims, type ClaimDoc } from '../../src/scheduler/reminder-claims.js';
import {
  reminderIndexer,
  reminderSettings,
  ReminderScheduler,
} from '../../src/scheduler/reminder-scheduler.js';
import { actor, notification, testPartnerships } from '../support/partnerships.js';

const partnerships = testPartnerships();
const la = actor(partnerships, 'north', 'la');
const southLa = actor(partnerships, 'south', 'la');

class ChatPlatform implements Notifier {
  readonly platform = 'slack' as const;
  readonly delivered: ReminderDelivery[] = [];
  failures: (Error | 'hang')[] = [];
  private onHang: () => void = () => undefined;
  /** Resolves when a send hangs (the instance has claimed its reminder and "dies" in the send). */
  readonly hung = new Promise<void>((resolve) => (this.onHang = resolve));
  applies(): boolean {
    return true;
  }
  async deliver(d: ReminderDelivery): Promise<void> {
    const failure = this.failures.shift();
    if (failure === 'hang') {
      this.onHang();
      return new Promise(() => undefined); // the process died mid-send
    }
    if (failure) throw failure;
    this.delivered.push(d);
  }
  count(key: string): number {
    return this.delivered.filter((d) => d.reminder.key === key).length;
  }
}

let engine: StorePort;
let repo: CaseRepository;
let service: CaseService;
const clock = manualClock('2026-12-01T08:00:00Z');

beforeEach(async () => {
  engine = await openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-remind-')));
  repo = new CaseRepository(engine, reminderIndexer(partnerships));
  await repo.init();
  service = new CaseService(repo, partnerships, clock);
});
afterEach(async () => {
  await engine.close();
});

async function scheduler(platform: Notifier, id: string): Promise<ReminderScheduler> {
  const s = new ReminderScheduler(
    repo,
    new ReminderClaims(engine),
    partnerships,
    [platform],
    clock,
    undefined,
    { instanceId: id, leaseMs: 60_000 },
  );
  await s.init();
  return s;
}

async function seedCases(n: number): Promise<void> {
  clock.set('2026-12-01T08:00:00Z');
  for (let i = 0; i < n; i++) {
    const aware = addCalendarDays('2026-11-12', i) as IsoDate; // up to 1 December
    await service.notify(i % 2 ? la : southLa, notification({ awareOn: aware }));
  }
}

/** Every reminder the planner wants on each working day of the month: what must arrive, once each. */
async function expectedKeys(from: IsoDate, to: IsoDate): Promise<Set<string>> {
  const cases = await repo.list(['north', 'south']);
  const keys = new Set<string>();
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) {
    for (const c of cases) {
      const p = partnerships.find((x) => x.id === c.partnershipId)!;
      for (const r of planReminders(c, reminderSettings(p), instantAt(d, '09:00', p.timeZone)))
        keys.add(r.key);
    }
  }
  return keys;
}

const TIMES = ['08:30', '09:00', '09:01', '13:00'];

describe('reminder delivery', () => {
  it.each([2, 3])(
    'delivers every reminder exactly once with %i instances ticking together over a month of 20 cases',
    async (instances) => {
      await seedCases(20);
      const chat = new ChatPlatform();
      const schedulers = await Promise.all(
        Array.from({ length: instances }, (_, i) => scheduler(chat, `instance-${i}`)),
      );
      for (let d: IsoDate = '2026-12-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) {
        for (const t of TIMES) {
          clock.set(instantAt(d, t, 'Europe/London'));
          await Promise.all(schedulers.map((s) => s.tick()));
        }
      }
      const expected = await expectedKeys('2026-12-01', '2026-12-31');
      expect(expected.size).toBeGreaterThan(200);
      const delivered = chat.delivered.map((d) => d.reminder.key);
      expect(new Set(delivered)).toEqual(expected);
      expect(delivered.length).toBe(expected.size); // none twice
      const days = new Set(chat.delivered.map((d) => d.reminder.day));
      for (const holiday of ['2026-12-25', '2026-12-26', '2026-12-27', '2026-12-28'])
        expect(days.has(holiday)).toBe(false);
      expect(chat.delivered.every((d) => !d.late)).toBe(true);
    },
  );

  it('delivers everything once when an instance is killed mid-send and restarted', async () => {
    await seedCases(20);
    const chat = new ChatPlatform();
    const a = await scheduler(chat, 'a');
    const b = await scheduler(chat, 'b');
    clock.set(instantAt('2026-12-01', '09:00', 'Europe/London'));
    chat.failures = ['hang'];
    void a.tick(); // instance a claims its first reminder and dies before sending it
    await chat.hung;
    await b.tick();
    const restarted = await scheduler(chat, 'a-restarted');
    for (let d: IsoDate = '2026-12-01'; d <= '2026-12-10'; d = addCalendarDays(d, 1)) {
      for (const t of ['09:00', '09:02', '09:05']) {
        clock.set(instantAt(d, t, 'Europe/London'));
        await Promise.all([b.tick(), restarted.tick()]);
      }
    }
    const expected = await expectedKeys('2026-12-01', '2026-12-10');
    const delivered = chat.delivered.map((d) => d.reminder.key);
    expect(new Set(delivered)).toEqual(expected);
    expect(delivered.length).toBe(expected.size);
  });

  it('retries a 429 after its Retry-After, a 500 and a network error with back-off, and ends delivered once', async () => {
    await service.notify(la, notification({ awareOn: '2026-12-01' }));
    const chat = new ChatPlatform();
    const s = await scheduler(chat, 'only');
    const networkError = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    chat.failures = [
      new DeliveryError('ratelimited', 120_000),
      new DeliveryError('HTTP 500'),
      networkError,
    ];
    clock.set('2026-12-01T09:00:00Z');
    const first = await s.tick();
    expect(first.failed).toBe(1);
    const digestKey = `digest:${(await repo.list(['north']))[0]!.id}:2026-12-01`;
    clock.set('2026-12-01T09:01:30Z');
    await s.tick(); // before Retry-After: not retried
    const claim = (await engine.records<ClaimDoc>('reminder_claims').page(undefined, 1000))
      .map((r) => r.value)
      .find((c) => c.state === 'retry');
    expect(claim?.attempts).toBe(1);
    expect(claim?.nextAttemptAt).toBe('2026-12-01T09:02:00.000Z');
    for (const t of ['09:02:00', '09:03:00', '09:04:00', '09:05:00', '09:07:00', '09:10:00']) {
      clock.set(`2026-12-01T${t}Z`);
      await s.tick();
    }
    const all = (await engine.records<ClaimDoc>('reminder_claims').page(undefined, 1000)).map(
      (r) => r.value,
    );
    expect(all.every((c) => c.state === 'sent')).toBe(true);
    expect(
      chat.count(digestKey) + chat.delivered.filter((d) => d.reminder.kind === 'personal').length,
    ).toBeGreaterThan(0);
    expect(new Set(chat.delivered.map((d) => d.reminder.key)).size).toBe(chat.delivered.length);
    expect(all.reduce((n, c) => n + c.attempts, 0)).toBe(all.length + 3);
  });

  it('does not mark late the reminders of a case notified after the day’s reminder time: they are new, not late', async () => {
    clock.set('2026-12-01T11:00:00Z'); // notified at 11:00, after the 09:00 reminder time
    await service.notify(la, notification({ awareOn: '2026-12-01' }));
    const chat = new ChatPlatform();
    const s = await scheduler(chat, 'only');
    clock.set('2026-12-01T11:30:00Z');
    expect((await s.tick()).sent).toBeGreaterThan(0);
    expect(chat.delivered.map((d) => d.late)).not.toContain(true);
  });

  it('sends a reminder missed while the bot was down on the next tick that day, marked late, and not the next day', async () => {
    clock.set('2026-12-01T08:00:00Z'); // the case was there before the reminder time
    await service.notify(la, notification({ awareOn: '2026-12-01' }));
    const chat = new ChatPlatform();
    const s = await scheduler(chat, 'only');
    clock.set('2026-12-01T11:30:00Z');
    const report = await s.tick();
    expect(report.sent).toBeGreaterThan(0);
    expect(chat.delivered.every((d) => d.late)).toBe(true);
    expect(chat.delivered.every((d) => d.reminder.day === '2026-12-01')).toBe(true);
    clock.set('2026-12-02T09:00:00Z');
    await s.tick();
    expect(
      chat.delivered.filter((d) => d.reminder.day === '2026-12-02').every((d) => !d.late),
    ).toBe(true);
  });

  it('does not send muted personal reminders but always the digest, and reads only cases with something due', async () => {
    await service.notify(la, notification({ awareOn: '2026-12-01' }));
    await service.notify(
      la,
      notification({ awareOn: '2026-12-01', panelNotifiedOn: '2026-12-01' }),
    );
    clock.set('2026-12-01T08:00:00Z');
    const quiet = await service.notify(la, notification({ awareOn: '2026-12-01' }));
    await service.run(actor(partnerships, 'north', 'business-manager'), quiet.case.id, {
      type: 'pause-reminders',
    });
    const claims = new ReminderClaims(engine);
    await claims.setMuted('north', 'north-la', 'personal', true);
    const chat = new ChatPlatform();
    const s = await scheduler(chat, 'only');
    clock.set('2026-12-04T09:00:00Z'); // notify-panel due 8 December: 2 working days left
    const report = await s.tick();
    expect(report.casesRead).toBe(2); // the paused case is not read
    expect(report.muted).toBeGreaterThan(0);
    expect(
      chat.delivered.some(
        (d) => d.reminder.kind === 'personal' && d.reminder.holderId === 'north-la',
      ),
    ).toBe(false);
    expect(chat.delivered.filter((d) => d.reminder.kind === 'digest')).toHaveLength(2);
    expect(chat.delivered.every((d) => d.reminder.caseId !== quiet.case.id)).toBe(true);
  });

  it('marks a tick’s sends sent together, and leaves a claim another instance took over to that instance', async () => {
    await seedCases(6);
    const chat = new ChatPlatform();
    const s = await scheduler(chat, 'first');
    clock.set('2026-12-01T09:30:00Z');
    const report = await s.tick();
    expect(report.sent).toBeGreaterThan(3);
    const claims = new ReminderClaims(engine);
    for (const d of chat.delivered)
      expect((await claims.get(`${d.reminder.key}@slack`))?.state, d.reminder.key).toBe('sent');
    // markAllSent directly: of two claims of ours, one was taken over meanwhile (its lease ran out).
    const now = new Date('2026-12-01T09:40:00Z');
    const [a, b] = chat.delivered.slice(0, 2).map((d) => ({
      reminder: { ...d.reminder, key: `${d.reminder.key}:again` },
      platform: 'slack' as const,
      late: false,
    }));
    expect((await claims.claimAll([a!, b!], 'mine', now, 1000)).size).toBe(2);
    const [stolen] = await claims.takeOverDue('other', new Date(now.getTime() + 2000), 60_000, 1);
    expect(stolen?._id).toBeDefined();
    await claims.markAllSent([a!, b!], 'mine', now, 1000, new Date(now.getTime() + 3000));
    const states = await Promise.all(
      [a!, b!].map(async (r) => (await claims.get(`${r.reminder.key}@slack`))!),
    );
    const taken = states.find((c) => c._id === stolen!._id)!;
    const kept = states.find((c) => c._id !== stolen!._id)!;
    expect(taken).toMatchObject({ owner: 'other', state: 'sending' });
    expect(kept).toMatchObject({
      owner: 'mine',
      state: 'sent',
      attempts: 1,
      sentAt: '2026-12-01T09:40:03.000Z',
    });
  });

  it('plans a case again the same day only when it changed since its reminders were claimed', async () => {
    await seedCases(4);
    const chat = new ChatPlatform();
    const s = await scheduler(chat, 'only');
    clock.set('2026-12-01T09:30:00Z');
    const first = await s.tick();
    expect(first.planned).toBeGreaterThan(0);
    clock.set('2026-12-01T09:31:00Z');
    const second = await s.tick();
    expect(second.planned).toBe(0); // nothing changed: nothing planned again, nothing sent twice
    expect(second.casesRead).toBe(0); // nor opened: left out by version before decrypting
    const [c] = await repo.list(['north']);
    await service.run(actor(partnerships, 'north', 'business-manager'), c!.id, {
      type: 'pause-reminders',
    });
    await service.run(actor(partnerships, 'north', 'business-manager'), c!.id, {
      type: 'resume-reminders',
    });
    clock.set('2026-12-01T09:32:00Z');
    const again = await s.tick();
    expect(again.casesRead).toBe(1); // only the changed case is opened
    expect(again.planned).toBeGreaterThan(0); // the changed case is planned anew; its claims are already taken
    expect(again.sent).toBe(0);
    clock.set('2026-12-02T09:30:00Z');
    expect((await s.tick()).planned).toBeGreaterThan(0); // a new day plans every case
  });

  it('sends nothing on a bank holiday', async () => {
    clock.set('2026-12-22T12:00:00Z');
    await service.notify(la, notification({ awareOn: '2026-12-22' }));
    const chat = new ChatPlatform();
    const s = await scheduler(chat, 'only');
    expect(isWorkingDay('2026-12-25')).toBe(false);
    clock.set('2026-12-25T10:00:00Z');
    expect((await s.tick()).planned).toBe(0);
    expect(chat.delivered).toEqual([]);
  });
});
