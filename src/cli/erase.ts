/**
 * `cspr erase REF --reason "…" --actor <holder id>`: erases a case's personal fields now, for an
 * information-governance request (the daily retention job does the same for closed cases past
 * their retention period). The actor is a holder of the partnership file whose role may `erase`
 * (business manager or chair); the permission table and the partnership isolation of the core
 * apply, and a refusal says the same whether the case exists or not. The case is closed, a
 * `case.erased` event records the actor and the reason, and the earlier events' personal data is
 * destroyed in the store. Irreversible. On the embedded store, stop the bot first.
 */
import { parseArgs } from 'node:util';
import { CaseService } from '../app/case-service.js';
import { actorOf } from '../app/identity.js';
import { userMessage } from '../app/messages.js';
import { holderBy, loadConfig } from '../config.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { isDomainError } from '../domain/errors.js';
import { reminderIndexer } from '../scheduler/reminder-scheduler.js';
import { CaseRepository } from '../store/case-repository.js';
import { dataCipherFor } from '../store/data-keys.js';
import { openStore } from '../store/open.js';
import { UsageError, type CliIo } from './io.js';

export const ERASE_USAGE =
  'cspr erase REF --reason "…" --actor <holder id> [--partnership <id>] [--json]   (irreversible; uses the bot’s environment)';

export async function eraseCommand(
  args: string[],
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
  clock: Clock = systemClock,
): Promise<number> {
  let values: { reason?: string; actor?: string; partnership?: string; json?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        reason: { type: 'string' },
        actor: { type: 'string' },
        partnership: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}. Usage: ${ERASE_USAGE}`);
  }
  const ref = positionals[0];
  if (!ref || positionals.length > 1)
    throw new UsageError(`give one case reference. Usage: ${ERASE_USAGE}`);
  if (!values.reason?.trim())
    throw new UsageError(
      `--reason is required (why the case is erased: it stays on the audit trail). Usage: ${ERASE_USAGE}`,
    );
  if (!values.actor?.trim())
    throw new UsageError(
      `--actor is required (the holder id of the person erasing). Usage: ${ERASE_USAGE}`,
    );

  const config = loadConfig(env);
  for (const w of config.warnings.filter((w) => w.startsWith('CSPR_DATA_KEY')))
    io.err(`warning: ${w}`);
  const partnerships = config.partnerships.filter(
    (p) => !values.partnership || p.id === values.partnership,
  );
  const actors = partnerships.flatMap((p) => {
    const h = holderBy(p, 'id', values.actor!.trim());
    return h ? [actorOf(p, h)] : [];
  });
  if (actors.length === 0) {
    io.err(
      `cspr: refused: no holder "${values.actor}" in ${values.partnership ? `partnership ${values.partnership}` : 'the partnership file'}`,
    );
    return 1;
  }
  const cipher = dataCipherFor(config);
  const store = await openStore(config);
  try {
    const repo = new CaseRepository(store, reminderIndexer(config.partnerships), { cipher });
    await repo.init();
    const service = new CaseService(repo, config.partnerships, clock);
    let result;
    try {
      const found = await service.byRef(actors, ref, 'erase');
      result = await service.run(found.actor, found.case.id, {
        type: 'erase',
        reason: values.reason,
      });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      io.err(`cspr: refused: ${userMessage(err)}`);
      return 1;
    }
    const c = result.case;
    const by = result.actor;
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            ref: c.ref,
            partnershipId: c.partnershipId,
            erased: c.erased,
            by: { id: by.id, name: by.name },
          },
          null,
          2,
        ),
      );
      return 0;
    }
    io.out(
      `erased ${c.ref} (${c.partnershipId}): children, free text and the earlier events' personal data are destroyed; the case is closed.`,
    );
    io.out(
      `the audit trail keeps case.erased by ${by.name} (${by.id}) with the reason; ${c.erased?.childCount ?? 0} child(ren) counted, dates, outcome and themes kept.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
