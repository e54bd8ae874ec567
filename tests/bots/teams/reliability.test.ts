/** Simultaneous repeats (a double click that arrives twice at once) create nothing twice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardText,
  executeActions,
  Harness,
  notifyCase,
  NOTIFICATION,
  toRapidReview,
  USERS,
} from './harness.js';

describe('Teams: simultaneous repeated invokes', () => {
  const h = new Harness();
  beforeAll(async () => {
    await h.start();
    h.fake.members = Object.values(USERS).map((u) => ({
      id: u.mri,
      aadObjectId: u.aad,
      name: u.name,
    }));
  });
  afterAll(() => h.stop());

  it('one case, one channel, one case card for two identical notify submissions at once', async () => {
    const form = await h.ask(USERS.la, 'notify');
    const data = {
      ...executeActions(form).find((a) => a.verb === 'notify.submit')!.data,
      ...NOTIFICATION,
    };
    const [a, b] = await Promise.all([
      h.invoke(USERS.la, 'notify.submit', data),
      h.invoke(USERS.la, 'notify.submit', data),
    ]);
    const refs = [a, b].map(
      (r) => /Case ([A-Z]+-\d{4}-\d{3}) notified/.exec(cardText(r.card))?.[1],
    );
    expect(refs[0]).toBeDefined();
    expect(refs[1]).toBe(refs[0]);
    expect(await h.allCases()).toHaveLength(1);
    expect(h.graphPostsFor(refs[0]!)).toBe(1);
    expect(h.fake.channelPosts()).toHaveLength(1);
  });

  it('one vote for two identical vote submissions at once', async () => {
    const o = await notifyCase(h);
    await toRapidReview(h, o);
    const view = await h.press(USERS.police, o.shared, 'case.refresh', {}, o.where);
    const data = {
      ...executeActions(view.card).find((a) => a.verb === 'vote.submit')!.data,
      outcome: 'national',
      rationale: 'rationale-marker police',
    };
    await Promise.all([
      h.invoke(USERS.police, 'vote.submit', data, o.where),
      h.invoke(USERS.police, 'vote.submit', data, o.where),
    ]);
    const votes = (await h.bot.service.repo.events(o.caseId)).filter((e) => e.type === 'vote.cast');
    expect(votes).toHaveLength(1);
    h.checkAllCards();
    h.checkLogs();
  });
});
