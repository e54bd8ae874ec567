/**
 * The lifecycle's action-plan commands, pausing and resuming reminders, and the record of a names
 * warning overridden: what each refuses, in which words, and what it records.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/lifecycle.js';
import {
  actors,
  closedCase,
  data,
  decidedCase,
  facts,
  field,
  notifiedCase,
  REF,
  said,
  TODAY,
} from './helpers.js';

const bm = actors.businessManager;
const add = (over: Partial<Extract<Command, { type: 'add-action' }>> = {}): Command => ({
  type: 'add-action',
  recommendation: 'Share health visiting records.',
  agency: 'health-visiting',
  required: 'A protocol.',
  due: '2027-06-01',
  ...over,
});

describe('adding to the action plan', () => {
  it('records a trimmed item, numbered, open unless said, added today (done today when done)', () => {
    const log = decidedCase();
    expect(
      data(log, bm, add({ recommendation: '  R1  ', agency: ' police ', required: ' Q1 ' })),
    ).toEqual([
      [
        'action.added',
        {
          item: {
            id: 'A1',
            recommendation: 'R1',
            agency: 'police',
            required: 'Q1',
            due: '2027-06-01',
            status: 'open',
            addedOn: TODAY,
          },
        },
      ],
    ]);
    expect(data(log, bm, add({ status: 'done' }))).toEqual([
      [
        'action.added',
        {
          item: {
            id: 'A2',
            recommendation: 'Share health visiting records.',
            agency: 'health-visiting',
            required: 'A protocol.',
            due: '2027-06-01',
            status: 'done',
            addedOn: TODAY,
            doneOn: TODAY,
          },
        },
      ],
    ]);
    expect(data(log, bm, add({ status: 'in-progress' }))[0]?.[1]).toMatchObject({
      item: { id: 'A3', status: 'in-progress' },
    });
    expect(log.case.actionPlan?.[2]).not.toHaveProperty('doneOn');
  });

  it('words each refusal', () => {
    const log = decidedCase();
    expect(said(log, bm, add({ recommendation: '' }))).toEqual(
      field('field.missing', 'recommendation', 'Recommendation is required.'),
    );
    expect(said(log, bm, add({ agency: 'x'.repeat(201) }))).toEqual(
      field('field.invalid', 'agency', 'Agency responsible must be at most 200 characters.'),
    );
    expect(said(log, bm, add({ required: '' }))).toEqual(
      field('field.missing', 'required', 'What is required is required.'),
    );
    expect(said(log, bm, add({ due: '2027-02-30' }))).toEqual(
      field('field.invalid', 'due', 'Due date must be a real date as YYYY-MM-DD.'),
    );
    expect(said(log, bm, add({ status: 'stalled' as never }))).toEqual(
      field('field.invalid', 'status', 'Choose open, in progress or done.'),
    );
    expect(said(notifiedCase(), bm, add()).message).toBe(
      `${REF} is notified: cannot add to the action plan now.`,
    );
  });
});

describe('updating the action plan', () => {
  const withItem = () => {
    const log = decidedCase();
    log.run(bm, add());
    return log;
  };

  it('records the status, today, and a new due date or requirement only when given', () => {
    expect(
      data(withItem(), bm, { type: 'update-action', id: 'A1', status: 'in-progress' }),
    ).toEqual([['action.updated', { id: 'A1', on: TODAY, status: 'in-progress' }]]);
    expect(
      data(withItem(), bm, {
        type: 'update-action',
        id: 'A1',
        status: 'open',
        due: '2027-07-01',
        required: '  More.  ',
      }),
    ).toEqual([
      [
        'action.updated',
        { id: 'A1', on: TODAY, status: 'open', due: '2027-07-01', required: 'More.' },
      ],
    ]);
    expect(
      data(withItem(), bm, { type: 'update-action', id: 'A1', status: 'done', required: '   ' }),
    ).toEqual([['action.updated', { id: 'A1', on: TODAY, status: 'done' }]]);
  });

  it('words each refusal', () => {
    const log = withItem();
    expect(said(log, bm, { type: 'update-action', id: 'A9', status: 'done' })).toEqual({
      code: 'action.not_found',
      message: `${REF} has no action plan item A9.`,
      details: { field: 'item' },
    });
    expect(said(decidedCase(), bm, { type: 'update-action', id: 'A1', status: 'done' }).code).toBe(
      'action.not_found',
    );
    expect(said(log, bm, { type: 'update-action', id: 'A1', status: 'stalled' as never })).toEqual(
      field('field.invalid', 'status', 'Choose open, in progress or done.'),
    );
    expect(
      said(log, bm, { type: 'update-action', id: 'A1', status: 'open', due: '1 June' }),
    ).toEqual(field('field.invalid', 'due', 'Due date must be a real date as YYYY-MM-DD.'));
    expect(
      said(log, bm, {
        type: 'update-action',
        id: 'A1',
        status: 'open',
        required: 'x'.repeat(3001),
      }),
    ).toEqual(
      field('field.invalid', 'required', 'What is required must be at most 3000 characters.'),
    );
    expect(
      said(notifiedCase(), bm, { type: 'update-action', id: 'A1', status: 'done' }).message,
    ).toBe(`${REF} is notified: cannot update the action plan now.`);
  });
});

describe('pausing and resuming reminders', () => {
  it('pauses, refuses to pause twice, resumes, refuses to resume twice', () => {
    const log = notifiedCase();
    expect(said(log, bm, { type: 'resume-reminders' })).toEqual({
      code: 'case.wrong_state',
      message: `Reminders for ${REF} are already on.`,
      details: { state: 'notified' },
    });
    expect(data(log, bm, { type: 'pause-reminders' })).toEqual([['reminders.paused', {}]]);
    expect(said(log, bm, { type: 'pause-reminders' })).toEqual({
      code: 'case.wrong_state',
      message: `Reminders for ${REF} are already paused.`,
      details: { state: 'notified' },
    });
    expect(data(log, actors.chair, { type: 'resume-reminders' })).toEqual([
      ['reminders.resumed', {}],
    ]);
  });

  it('not on a closed case, in any state before', () => {
    const closed = closedCase();
    expect(said(closed, bm, { type: 'pause-reminders' })).toMatchObject({
      code: 'case.wrong_state',
      message: `${REF} is closed: cannot change its reminders now.`,
    });
    expect(said(closed, bm, { type: 'pause-reminders' }).details.allowed).toHaveLength(12);
    expect(data(decidedCase(), bm, { type: 'pause-reminders' })).toEqual([
      ['reminders.paused', {}],
    ]);
  });
});

describe('a names warning overridden', () => {
  it('is recorded after the command’s events, each field once', () => {
    const log = notifiedCase();
    expect(
      data(log, bm, {
        type: 'record-facts',
        facts: facts(),
        namesConfirmed: ['summary', 'learning', 'summary'],
      }),
    ).toEqual([
      ['facts.recorded', { facts: facts() }],
      ['names.confirmed', { fields: ['summary', 'learning'] }],
    ]);
    expect(
      data(log, bm, { type: 'record-facts', facts: facts(), namesConfirmed: [] }).map((e) => e[0]),
    ).toEqual(['facts.recorded']);
    expect(data(log, bm, { type: 'record-facts', facts: facts() }).map((e) => e[0])).toEqual([
      'facts.recorded',
    ]);
  });

  it('names up to 20 known field ids, or is refused', () => {
    const log = notifiedCase();
    const confirm = (namesConfirmed: unknown) =>
      said(log, bm, {
        type: 'record-facts',
        facts: facts(),
        namesConfirmed: namesConfirmed as string[],
      });
    const refused = field(
      'field.invalid',
      'namesConfirmed',
      'Unknown fields in the names confirmation.',
    );
    expect(confirm(['summary', 'has space'])).toEqual(refused);
    expect(confirm(['1summary'])).toEqual(refused);
    expect(confirm(['a'.repeat(41)])).toEqual(refused);
    expect(confirm([42])).toEqual(refused);
    expect(confirm(Array.from({ length: 21 }, (_, i) => `f${i}`))).toEqual(refused);
    expect(confirm('summary')).toEqual(refused);
    const twenty = Array.from({ length: 20 }, (_, i) => `f-${i}`);
    expect(
      data(log, bm, {
        type: 'record-facts',
        facts: facts(),
        namesConfirmed: [...twenty.slice(0, 19), 'a'.repeat(40)],
      })[1],
    ).toEqual(['names.confirmed', { fields: [...twenty.slice(0, 19), 'a'.repeat(40)] }]);
  });
});
