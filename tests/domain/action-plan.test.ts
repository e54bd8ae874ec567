/** The action plan's items: their ids, owners, words and when they are overdue. */
import { describe, expect, it } from 'vitest';
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  actionKey,
  agencyLabel,
  AGENCY_LABELS,
  isOpen,
  nextActionId,
  overdueBy,
  ownerOf,
  statusInWords,
  type ActionItem,
} from '../../src/domain/action-plan.js';

const item = (i: Partial<ActionItem> = {}): ActionItem => ({
  id: 'A1',
  recommendation: 'R',
  agency: 'police',
  required: 'Q',
  due: '2027-09-01',
  status: 'open',
  addedOn: '2027-07-16',
  ...i,
});

describe('items', () => {
  it('are numbered A1, A2, … after the highest so far, whatever the order', () => {
    expect(nextActionId([])).toBe('A1');
    expect(nextActionId([item({ id: 'A1' })])).toBe('A2');
    expect(nextActionId([item({ id: 'A3' }), item({ id: 'A1' })])).toBe('A4');
    expect(nextActionId([item({ id: 'Ax' }), item({ id: 'A2' })])).toBe('A3'); // an id that is not a number counts as none
  });

  it('are reminded under their own key', () => {
    expect(actionKey({ id: 'A7' })).toBe('action-A7');
  });

  it('are open until done', () => {
    expect(ACTION_STATUSES).toEqual(['open', 'in-progress', 'done']);
    expect(isOpen(item({ status: 'open' }))).toBe(true);
    expect(isOpen(item({ status: 'in-progress' }))).toBe(true);
    expect(isOpen(item({ status: 'done' }))).toBe(false);
  });
});

describe('owners', () => {
  it('are the partner of the agency, else the business manager', () => {
    expect(
      ['childrens-social-care', 'education', 'early-years', 'adult-services', 'housing'].map(
        ownerOf,
      ),
    ).toEqual(['la', 'la', 'la', 'la', 'la']);
    expect(ownerOf('police')).toBe('police');
    expect(['health-visiting', 'gp', 'hospital', 'camhs', 'substance-misuse'].map(ownerOf)).toEqual(
      ['health', 'health', 'health', 'health', 'health'],
    );
    expect(['probation', 'voluntary', 'other', 'somewhere-else'].map(ownerOf)).toEqual([
      'business-manager',
      'business-manager',
      'business-manager',
      'business-manager',
    ]);
  });

  it('agencies are named in words, an unknown one as given', () => {
    expect(agencyLabel('gp')).toBe('GP / primary care');
    expect(agencyLabel('childrens-social-care')).toBe('Children’s social care');
    expect(agencyLabel('a-new-agency')).toBe('a-new-agency');
    expect(Object.keys(AGENCY_LABELS)).toHaveLength(14);
  });
});

describe('overdue', () => {
  it('by the working days since the due date, at least 1, once past it and not done', () => {
    expect(overdueBy(item({ due: '2027-09-01' }), '2027-09-01')).toBe(0);
    expect(overdueBy(item({ due: '2027-09-01' }), '2027-08-31')).toBe(0);
    expect(overdueBy(item({ due: '2027-09-01' }), '2027-09-02')).toBe(1);
    expect(overdueBy(item({ due: '2027-09-01' }), '2027-09-06')).toBe(3); // Wed → Mon: Thu, Fri, Mon
    expect(overdueBy(item({ due: '2027-09-03' }), '2027-09-04')).toBe(1); // due Friday, asked on Saturday
    expect(overdueBy(item({ due: '2027-09-01', status: 'done' }), '2027-09-06')).toBe(0);
    expect(overdueBy(item({ due: '2027-09-01', status: 'in-progress' }), '2027-09-06')).toBe(3);
  });
});

describe('status in words', () => {
  it('open, in progress, done (on a day), or overdue since the due date', () => {
    expect(ACTION_STATUS_LABELS).toEqual({
      open: 'Open',
      'in-progress': 'In progress',
      done: 'Done',
    });
    expect(statusInWords(item(), '2027-09-01')).toBe('Open');
    expect(statusInWords(item({ status: 'in-progress' }), '2027-08-01')).toBe('In progress');
    expect(statusInWords(item({ status: 'done', doneOn: '2027-08-20' }), '2027-10-01')).toBe(
      'Done on 2027-08-20',
    );
    expect(statusInWords(item({ status: 'done' }), '2027-10-01')).toBe('Done');
    expect(statusInWords(item(), '2027-09-02')).toBe('Overdue since 2027-09-01 (open)');
    expect(statusInWords(item({ status: 'in-progress' }), '2027-09-02')).toBe(
      'Overdue since 2027-09-01 (in progress)',
    );
  });
});
