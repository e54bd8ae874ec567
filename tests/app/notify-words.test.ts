/** What the notifier and the card say about deadlines: plain about the past, the edition, the hour. */
import { describe, expect, it } from 'vitest';
import { caseView } from '../../src/app/case-view.js';
import { dueSentence } from '../../src/app/due-words.js';
import { buildReport, reportText } from '../../src/app/report.js';
import { caseMessage } from '../../src/cards/slack/case-message.js';
import { notifiedLines } from '../../src/cards/slack/replies.js';
import { assessNotifiability, childFacts } from '../../src/domain/criteria.js';
import { timescalesFor } from '../../src/domain/procedure.js';
import { testPartnerships } from '../support/partnerships.js';
import { actors, CaseLog, identity, notification, referral } from '../domain/helpers.js';

const north = testPartnerships()[0]!;

describe('the notify result', () => {
  it('says plainly when a deadline has already passed', () => {
    // Aware Mon 16 Nov 2026; notified on Tue 1 Dec: the Panel was due Mon 23 Nov, 6 working days ago.
    expect(dueSentence({ label: 'Notify the Panel', due: '2026-11-23' }, '2026-12-01')).toBe(
      'Notify the Panel: was due Mon 23 Nov 2026 — 6 working days overdue',
    );
    expect(dueSentence({ label: 'Notify the Panel', due: '2026-12-03' }, '2026-12-01')).toBe(
      'Notify the Panel: due Thu 3 Dec 2026 — 2 working days left',
    );
    expect(
      dueSentence(
        { label: 'Notify the Panel', due: '2026-12-03', doneOn: '2026-12-01' },
        '2026-12-01',
      ),
    ).toBe('Notify the Panel: done on Tue 1 Dec 2026');
  });

  it('in Slack, for a case notified late', () => {
    const log = new CaseLog().at('2026-12-01T10:00:00Z');
    log.run(actors.la, {
      type: 'notify',
      identity: identity(),
      notification: notification({ awareOn: '2026-11-16', incidentOn: '2026-11-15' }),
    });
    const n = log.case.notification!;
    const a = assessNotifiability({ ...n, children: childFacts(n) }, timescalesFor('england-2023'));
    const text = notifiedLines(log.case, a, 'cspr-test-2026-001', '2026-12-01').join('\n');
    expect(text).toContain(
      'Notify the Child Safeguarding Practice Review Panel: was due Mon 23 Nov 2026 — 6 working days overdue',
    );
  });
});

describe('the edition and the hour on the card and in the export', () => {
  it('names the edition the case follows, by its date of awareness', () => {
    const log = new CaseLog();
    log.run(actors.la, {
      type: 'notify',
      identity: identity(),
      notification: notification({ awareOn: '2023-12-01', incidentOn: '2023-11-30' }),
    });
    const c = { ...log.case, partnershipId: 'north' };
    const view = caseView(c, north, new Date('2026-12-23T10:00:00Z'));
    expect(view.procedure).toBe('Working Together to Safeguard Children 2018 (england-2018)');
    expect(JSON.stringify(caseMessage(view, { buttons: true, inCaseChannel: true }))).toContain(
      'Working Together to Safeguard Children 2018',
    );
    const report = buildReport({
      case: c,
      partnership: north,
      events: log.events,
      now: new Date('2026-12-23T10:00:00Z'),
      exportedBy: 'Test',
    });
    expect(reportText(report)).toContain(
      'england-2018 (Working Together to Safeguard Children 2018)',
    );
  });

  it('puts the recorded notification dates and the Panel’s reference in the export and its timeline', () => {
    const log = new CaseLog();
    log.run(actors.la, { type: 'notify', identity: identity(), notification: notification() });
    log.run(actors.businessManager, {
      type: 'record-notification',
      panelNotifiedOn: '2026-12-22',
      panelReference: 'CSPRP-2026-0042',
      partnersNotifiedOn: '2026-12-23',
    });
    const text = reportText(
      buildReport({
        case: { ...log.case, partnershipId: 'north' },
        partnership: north,
        events: log.events,
        now: new Date('2026-12-23T10:00:00Z'),
        exportedBy: 'Test',
      }),
    );
    expect(text).toContain('The Panel’s notification reference');
    expect(text).toContain('CSPRP-2026-0042');
    expect(text).toContain('Panel notified on');
    expect(text).not.toMatch(/Date the partners were told\W+Not recorded/);
  });

  it('shows Portsmouth’s 48-hour referral confirmation with its time of day in the partnership’s zone', () => {
    const ports = {
      ...north,
      timescales: timescalesFor('england-2023', { referralConfirmationHours: 48 }),
    };
    const log = new CaseLog().at('2026-12-24T11:00:00Z');
    log.run(actors.businessManager, {
      type: 'refer',
      identity: identity(),
      referral: referral({ referredAt: '2026-12-24T11:00:00Z' }),
    });
    const view = caseView(
      { ...log.case, partnershipId: 'north' },
      ports,
      new Date('2026-12-24T12:00:00Z'),
    );
    const d = view.deadlines.find((x) => x.key === 'referral-confirmation');
    expect(d).toMatchObject({ due: '2026-12-26', dueTime: '11:00' });
    expect(JSON.stringify(caseMessage(view, { buttons: true, inCaseChannel: true }))).toContain(
      'by Sat 26 Dec 2026 11:00',
    );
  });
});
