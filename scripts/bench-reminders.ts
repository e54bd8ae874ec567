/**
 * `npm run bench:reminders`: plans and claims one day’s reminders for 10,000 open cases on the
 * SQLite store (one commit per case) and prints the time, the number of reminders, and how many cases the planner
 * read (only those with something due: the query goes through the index on the next reminder day),
 * and the time spent sealing and opening data (encryption at rest) while seeding and ticking.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parsePartnerships } from '../src/config.js';
import { addCalendarDays, instantAt, type IsoDate } from '../src/domain/calendar.js';
import { manualClock } from '../src/domain/clock.js';
import type { Case } from '../src/domain/case.js';
import type { CaseEvent, NewEvent } from '../src/domain/events.js';
import { decide, evolve, type Command } from '../src/domain/lifecycle.js';
import type { Actor, Partner } from '../src/domain/roles.js';
import { matureCaseHistory } from './bench/seed.js';
import { CaseRepository } from '../src/store/case-repository.js';
import { DataCipher } from '../src/store/cipher.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Notifier } from '../src/scheduler/notifier.js';
import { ReminderClaims } from '../src/scheduler/reminder-claims.js';
import { reminderIndexer, ReminderScheduler } from '../src/scheduler/reminder-scheduler.js';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const DAY: IsoDate = '2027-03-01';

const { partnerships } = parsePartnerships(
  JSON.stringify({
    partnerships: [
      {
        id: 'bench',
        name: 'Benchmark partnership',
        refPrefix: 'BENCH',
        holders: [
          { id: 'la', name: 'LA', roles: ['la'] },
          { id: 'police', name: 'Police', roles: ['police'] },
          { id: 'health', name: 'Health', roles: ['health'] },
          { id: 'bm', name: 'BM', roles: ['business-manager'] },
          { id: 'chair', name: 'Chair', roles: ['chair'] },
        ],
      },
    ],
  }),
  'bench',
);
const p = partnerships[0]!;
const la: Actor = { id: 'la', name: 'LA', partnershipId: p.id, roles: ['la'] };
const bm: Actor = { id: 'bm', name: 'BM', partnershipId: p.id, roles: ['business-manager'] };

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cspr-bench-'));
  const engine = await openSqliteStore(dir);
  const { cipher, spent } = timedCipher();
  const repo = new CaseRepository(engine, reminderIndexer(partnerships), { cipher });
  await repo.init();
  const clock = manualClock(instantAt(DAY, '08:00', p.timeZone));

  // 10,000 open cases with awareness spread over the year before the benchmark day, each at the
  // stage a real case of its age would be: the last few weeks' still in the rapid review (their
  // deadlines are near or overdue), older ones with a local review commissioned, the oldest
  // monitoring their action plans. Only the first group has anything due today.
  const seedStart = performance.now();
  const now = clock.now();
  const ctx = (actor: Actor) => ({ actor, now, timescales: p.timescales, zone: p.timeZone });
  for (let i = 0; i < CASES; i++) {
    const aware = addCalendarDays('2026-03-01', Math.floor((i * 365) / CASES)) as IsoDate;
    const age = 365 - Math.floor((i * 365) / CASES);
    const identity = {
      caseId: randomUUID(),
      partnershipId: p.id,
      ref: `BENCH-2026-${String(i + 1).padStart(5, '0')}`,
      procedure: p.procedure ?? 'england-2023',
    };
    const n = {
      awareOn: aware,
      harm: 'serious-harm' as const,
      abuseOrNeglect: 'suspected' as const,
      location: 'in-area' as const,
      childStatus: 'none' as const,
      children: [{ pseudonym: 'Child A', age: 4 }],
      notifyingAgency: 'Children’s social care',
      summary: 'Benchmark case',
      ...(i % 3 ? { panelNotifiedOn: aware } : {}),
    };
    const commands: [Actor, Command][] = [[la, { type: 'notify', identity, notification: n }]];
    if (age > 28)
      commands.push(
        ...matureCaseHistory(aware, age, (role) =>
          role === 'business-manager' ? bm : { ...la, id: role, roles: [role as Partner] },
        ),
      );
    // Decide every command on the evolving case, then store the whole history as one commit.
    let c: Case | undefined;
    const all: NewEvent[] = [];
    for (const [actor, command] of commands) {
      for (const e of decide(c, command, ctx(actor))) {
        all.push(e);
        c = evolve(c, {
          ...e,
          caseId: identity.caseId,
          seq: all.length,
          at: now.toISOString(),
          actor,
        } as CaseEvent);
      }
    }
    await repo.append(
      {
        caseId: identity.caseId,
        partnershipId: p.id,
        expectedVersion: 0,
        events: all,
        actor: bm,
        at: now,
      },
      undefined,
    );
  }
  const seedMs = performance.now() - seedStart;
  const seedCrypto = { ...spent };

  let delivered = 0;
  const notifier: Notifier = {
    platform: 'slack',
    applies: () => true,
    deliver: async () => {
      delivered++;
    },
  };
  const scheduler = new ReminderScheduler(
    repo,
    new ReminderClaims(engine),
    partnerships,
    [notifier],
    clock,
  );
  await scheduler.init();
  clock.set(instantAt(DAY, '09:00', p.timeZone));
  const heapBefore = process.memoryUsage().heapUsed;
  Object.assign(spent, { seal: 0, open: 0, seals: 0, opens: 0 });
  const start = performance.now();
  const report = await scheduler.tick();
  const ms = performance.now() - start;
  const tickCrypto = { ...spent };
  const again = performance.now();
  const second = await scheduler.tick();
  const secondMs = performance.now() - again;
  const rss = process.memoryUsage().rss;

  console.log(`open cases in the store:        ${CASES}`);
  console.log(`seeding (not measured below):   ${(seedMs / 1000).toFixed(1)} s`);
  console.log(`benchmark day:                  ${DAY} 09:00 ${p.timeZone}`);
  console.log(
    `cases read by the planner:      ${report.casesRead} (via index.nextReminderOn; ${CASES - report.casesRead} never touched)`,
  );
  console.log(
    `reminders planned and claimed:  ${report.planned} planned, ${report.sent} claimed and delivered`,
  );
  console.log(`plan + claim + deliver time:    ${ms.toFixed(0)} ms wall`);
  const { plan, claim, deliver } = report.cpuMs;
  console.log(
    `CPU by phase:                   plan ${plan.toFixed(0)} ms, claim ${claim.toFixed(0)} ms, deliver + mark sent ${deliver.toFixed(0)} ms`,
  );
  console.log(
    `second tick the same minute:    ${secondMs.toFixed(0)} ms, ${second.sent} sent (all already claimed)`,
  );
  const crypto = (c: typeof spent) =>
    `${c.seals} seals ${c.seal.toFixed(0)} ms, ${c.opens} opens ${c.open.toFixed(0)} ms (${(((c.seal + c.open) * 1000) / Math.max(1, c.seals + c.opens)).toFixed(1)} µs each)`;
  console.log(`encryption while seeding:       ${crypto(seedCrypto)}`);
  console.log(`encryption during the tick:     ${crypto(tickCrypto)}`);
  console.log(
    `heap growth during the tick:    ${((process.memoryUsage().heapUsed - heapBefore) / 1048576).toFixed(1)} MiB; rss ${(rss / 1048576).toFixed(0)} MiB`,
  );
  if (delivered !== report.sent || second.sent !== 0)
    throw new Error('benchmark invariant broken: reminders sent twice');
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A cipher with a throw-away key that adds up the time spent in seal and open. */
function timedCipher() {
  const cipher = new DataCipher(DataCipher.generateKey());
  const spent = { seal: 0, open: 0, seals: 0, opens: 0 };
  const seal = cipher.seal.bind(cipher);
  const open = cipher.open.bind(cipher);
  cipher.seal = (value, context) => {
    const t = performance.now();
    const box = seal(value, context);
    spent.seal += performance.now() - t;
    spent.seals++;
    return box;
  };
  cipher.open = <T>(box: unknown, context: string): T => {
    const t = performance.now();
    const value = open<T>(box, context);
    spent.open += performance.now() - t;
    spent.opens++;
    return value;
  };
  return { cipher, spent };
}

void main();
