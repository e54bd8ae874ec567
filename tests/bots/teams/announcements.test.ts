/**
 * Teams delivers the list src/app/announcements makes, and only it: the fake Bot Connector records
 * the reply in the case card's thread and a 1:1 message (sendPersonal) to each person of the list,
 * each worded as that announcement; one with no Entra id is named to the business manager.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decisionAnnouncements,
  escalationAnnouncements,
  toPeople,
  type Announcement,
} from '../../../src/app/announcements.js';
import { announcementCard } from '../../../src/cards/teams/announcement-card.js';
import type { Case } from '../../../src/domain/case.js';
import {
  cardOf,
  cardText,
  Harness,
  notifyCase,
  PARTNERSHIPS_YAML,
  toRapidReview,
  USERS,
  vote,
} from './harness.js';

/** The list as delivered: the thread's last reply, and each person's 1:1 messages, as text. */
function expectDelivered(
  h: Harness,
  c: Case,
  channelId: string | undefined,
  list: Announcement[],
): void {
  const p = h.bot.service.partnership(c.partnershipId);
  const [post] = list.filter((a) => a.to.kind === 'channel');
  expect(cardText(cardOf(h.fake.threadReplies(channelId).at(-1)!))).toBe(
    cardText(announcementCard(post!.what).card),
  );
  const people = toPeople(list);
  expect(people.length).toBeGreaterThan(0);
  for (const a of people) {
    const aad = p.holders.find((x) => x.id === a.to.holderId)!.teamsAadObjectId!;
    const got = h.fake.sent(`a:personal-${aad}`).map((call) => cardText(cardOf(call)));
    expect(got, a.to.name).toContain(cardText(announcementCard(a.what).card));
  }
}

describe('Teams: the announcements of src/app, delivered', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('an escalation, then the decision: each person of each list told 1:1, in that list’s words, and no one else', async () => {
    const o = await notifyCase(h);
    await toRapidReview(h, o);
    await vote(h, USERS.la, o, 'lcspr');
    await vote(h, USERS.police, o, 'lcspr');
    await vote(h, USERS.health, o, 'no-further-review');
    const escalated = await h.caseByRef(o.ref);
    const p = h.bot.service.partnership(escalated.partnershipId);
    const escalation = escalationAnnouncements(escalated, p);
    expectDelivered(h, escalated, o.where.channelId, escalation);
    const aadsOf = (list: Announcement[]) =>
      toPeople(list).map((a) => p.holders.find((x) => x.id === a.to.holderId)!.teamsAadObjectId!);
    expect(h.fake.personalOpened().sort()).toEqual(aadsOf(escalation).sort());

    await vote(h, USERS.health, o, 'lcspr', 'rationale-marker health, revised');
    const decided = await h.caseByRef(o.ref);
    const decision = decisionAnnouncements(decided, p);
    expectDelivered(h, decided, o.where.channelId, decision);
    expect(h.fake.personalOpened().sort()).toEqual(
      [...aadsOf(escalation), ...aadsOf(decision)].sort(),
    );
    for (const a of toPeople(decision))
      expect(JSON.stringify(announcementCard(a.what).card)).not.toMatch(/Child A|rationale-marker/);
    h.checkAllCards();
    h.checkLogs();
  });
});

describe('Teams: a person of the list with no Entra id', () => {
  const h = new Harness({
    partnershipsYaml: () =>
      PARTNERSHIPS_YAML.replace(
        `roles: [scrutineer], teamsAadObjectId: ${USERS.scrutineer.aad} `,
        'roles: [scrutineer] ',
      ),
  });
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('is named to the business manager; the chair is told as usual', async () => {
    const o = await notifyCase(h);
    await toRapidReview(h, o);
    await vote(h, USERS.la, o, 'lcspr');
    await vote(h, USERS.police, o, 'lcspr');
    await vote(h, USERS.health, o, 'lcspr');
    expect(h.fake.personalOpened().sort()).toEqual([USERS.chair.aad, USERS.bm.aad].sort());
    const told = h.fake
      .sent(`a:personal-${USERS.bm.aad}`)
      .map((c) => cardText(c.body))
      .join('\n');
    expect(told).toContain(`Not told in Teams: Decision recorded on ${o.ref}`);
    expect(told).toContain(
      `I could not reach ${USERS.scrutineer.name} in Teams about ${o.ref}. Please let them know another way.`,
    );
    h.checkAllCards();
    h.checkLogs();
  });
});
