/** The audit timeline: one plain sentence per event, Europe/London times, paging, vote hiding, permission. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEvent, pageArg, timelinePage, whenIn } from '../../src/app/timeline.js';
import type { CaseEvent } from '../../src/domain/events.js';
import { EVENT_SAMPLES } from './event-samples.js';
import { caseAt, openFixture, who, type Fixture } from './case-fixture.js';

let f: Fixture;
beforeEach(async () => {
  f = await openFixture();
});
afterEach(async () => {
  await f.close();
});

describe('describeEvent', () => {
  it('has a plain sentence for every event type, never the raw type name', () => {
    for (const e of EVENT_SAMPLES) {
      const text = describeEvent(e, () => true);
      expect(text, e.type).not.toMatch(/^Recorded: /);
      expect(text, e.type).not.toContain(e.type);
      expect(text.length, e.type).toBeGreaterThan(10);
    }
  });

  it('hides a vote’s outcome (and the outcome it replaced) when the viewer may not see it', () => {
    const vote = EVENT_SAMPLES.find((e) => e.type === 'vote.cast' && e.data.previous)!;
    expect(describeEvent(vote, () => false)).toBe(
      'Vote changed for Police (outcome hidden until all three voted)',
    );
    expect(describeEvent(vote, () => true)).toBe(
      'Vote changed for Police: Local child safeguarding practice review (was: No further review)',
    );
    const failed = EVENT_SAMPLES.find((e) => e.type === 'step.failed')!;
    expect(describeEvent(failed, () => true)).toBe(
      'Failed: conversations.invite (user_not_found): Some holders could not be added to the channel.',
    );
  });

  it('lists an event type it does not know by its type rather than dropping it', () => {
    const odd = {
      ...EVENT_SAMPLES[0]!,
      type: 'action-plan.updated',
      data: {},
    } as unknown as CaseEvent;
    expect(describeEvent(odd, () => true)).toBe('Recorded: action-plan.updated');
  });

  it('gives times in Europe/London: GMT in winter, BST in summer', () => {
    expect(whenIn('2026-12-23T10:00:00Z', 'Europe/London')).toBe('23 Dec 2026, 10:00 GMT');
    expect(whenIn('2027-06-01T09:00:00Z', 'Europe/London')).toBe('1 Jun 2027, 10:00 BST');
  });

  it('reads page arguments', () => {
    expect(pageArg([])).toBeUndefined();
    expect(pageArg(['page', '2'])).toBe(2);
    expect(pageArg(['3'])).toBe(3);
    expect(pageArg(['page', 'last'])).toBe('last');
    expect(() => pageArg(['page', 'two'])).toThrow(/page number/);
  });
});

describe('timelinePage', () => {
  it('shows who, what and when in order, failures included, in pages of 20', async () => {
    const id = await caseAt(f, 'decided', 4);
    const chair = who(f, 'chair');
    const first = await timelinePage(f.service, chair, id);
    expect(first.total).toBeGreaterThan(20);
    expect(first).toMatchObject({ page: 1, pages: Math.ceil(first.total / 20), pageSize: 20 });
    expect(first.entries).toHaveLength(20);
    expect(first.entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(first.entries[0]).toMatchObject({
      when: '23 Dec 2026, 10:00 GMT',
      who: 'north LA lead (Local authority)',
      what: expect.stringContaining(
        'Serious incident notified by Children’s social care: a child’s death',
      ),
    });
    expect(first.entries[1]).toMatchObject({
      who: 'CSPR bot',
      what: 'Case channel opened in Slack',
    });
    expect(first.entries[3]).toMatchObject({
      who: 'north business manager (Business manager)',
      what: 'Reminders paused',
    });
    const failed = first.entries.find((e) => e.failed)!;
    expect(failed.what).toContain('Failed: chat.update (ratelimited)');
    const last = await timelinePage(f.service, chair, id, { page: 'last' });
    expect(last.page).toBe(last.pages);
    expect(last.entries.at(-1)!.what).toBe(
      'Panel response recorded (12 January 2027): the Panel agrees with the partners’ decision',
    );
    expect(last.entries.at(-1)!.when).toBe('12 Jan 2027, 09:00 GMT');
    const all = [
      ...first.entries,
      ...(await timelinePage(f.service, chair, id, { page: 2 })).entries,
    ];
    expect(
      all.some((e) => e.what === 'Decision recorded: Local child safeguarding practice review'),
    ).toBe(true);
    await expect(timelinePage(f.service, chair, id, { page: last.pages + 1 })).rejects.toThrow(
      `has ${last.pages} pages of events`,
    );
  });

  it('never shows a partner’s outcome before all three voted, except to that partner’s own holder', async () => {
    const id = await caseAt(f, 'one-vote');
    const text = async (role: string, viewer: boolean) => {
      const a = who(f, role);
      const page = await timelinePage(f.service, a, id, {
        page: 'last',
        ...(viewer ? { viewer: a } : {}),
      });
      return page.entries.map((e) => e.what).join('\n');
    };
    const shared = await text('police', false);
    expect(shared).toContain('Vote cast for Police (outcome hidden until all three voted)');
    expect(shared).not.toContain('Local child safeguarding practice review');
    expect(await text('chair', true)).toContain('outcome hidden');
    expect(await text('la', true)).toContain('outcome hidden');
    expect(await text('police', true)).toContain(
      'Vote cast for Police: Local child safeguarding practice review',
    );
    for (const t of [shared, await text('police', true)]) expect(t).not.toContain('RATIONALE');
  });

  it('refuses a member (no view-timeline) revealing nothing, and another partnership with not-found', async () => {
    const id = await caseAt(f, 'notified');
    // The member's refusal is the same for this case and for one that does not exist.
    const refusal = (caseId: string) =>
      timelinePage(f.service, who(f, 'member'), caseId).then(
        () => undefined,
        (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
      );
    const member = await refusal(id);
    expect(member).toMatch(/^(case\.not_found|action\.not_permitted): /);
    expect(member).toBe(await refusal('no-such-case'));
    await expect(timelinePage(f.service, who(f, 'la', 'south'), id)).rejects.toMatchObject({
      code: 'case.not_found',
    });
    await expect(timelinePage(f.service, who(f, 'scrutineer'), id)).resolves.toMatchObject({
      total: 3,
    });
  });
});
