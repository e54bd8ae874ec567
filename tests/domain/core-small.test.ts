/** The small pieces of the core: editions and timescales, errors, the clock, roles, votes, form words. */
import { describe, expect, it } from 'vitest';
import { allVotes } from '../../src/domain/case.js';
import { manualClock, systemClock } from '../../src/domain/clock.js';
import {
  DomainError,
  ERROR_CODES,
  invalid,
  isDomainError,
  missing,
} from '../../src/domain/errors.js';
import { VOTING_OPENS } from '../../src/domain/form-states.js';
import {
  DEFAULT_PROCEDURE,
  ENGLAND_2023_FROM,
  isProcedureId,
  procedureFor,
  PROCEDURES,
  timescalesFor,
} from '../../src/domain/procedure.js';
import {
  can,
  INFORMED_OF_DECISIONS,
  isPartner,
  notYourVote,
  systemActor,
  VOTE_REFUSAL,
} from '../../src/domain/roles.js';
import { decidedCase, decidingCase } from './helpers.js';

describe('editions and timescales', () => {
  it('follow the date of awareness: 2018 up to 14 December 2023, 2023 from the 15th, unless pinned', () => {
    expect(ENGLAND_2023_FROM).toBe('2023-12-15');
    expect(procedureFor('2023-12-14')).toBe('england-2018');
    expect(procedureFor('2023-12-15')).toBe('england-2023');
    expect(procedureFor('2023-12-15', 'england-2018')).toBe('england-2018');
    expect(procedureFor('2020-01-01', 'england-2023')).toBe('england-2023');
    expect(DEFAULT_PROCEDURE).toBe('england-2023');
    expect(PROCEDURES['england-2018'].rules.careLeaverDeaths).toBe(false);
    expect(PROCEDURES['england-2023'].rules.careLeaverDeaths).toBe(true);
  });

  it('take a partnership’s overrides on top, ignoring an unset one, without changing the procedure', () => {
    const t = timescalesFor('england-2023', {
      notifyPanelWorkingDays: 3,
      rapidReviewWorkingDays: undefined,
      referralConfirmationHours: 48,
    });
    expect(t.notifyPanelWorkingDays).toBe(3);
    expect(t.rapidReviewWorkingDays).toBe(15);
    expect(t.referralConfirmationHours).toBe(48);
    expect(timescalesFor('england-2023')).toEqual(PROCEDURES['england-2023'].timescales);
    expect(timescalesFor('england-2023')).not.toBe(PROCEDURES['england-2023'].timescales);
    expect(PROCEDURES['england-2023'].timescales.notifyPanelWorkingDays).toBe(5);
    expect(timescalesFor('england-2018', { draftReportMonths: 3 })).toMatchObject({
      draftReportMonths: 3,
      learningReviewMonths: 6,
      panelResponseWorkingDays: 15,
      reviewerInformedWorkingDays: 5,
    });
  });

  it('knows its editions by id', () => {
    expect(isProcedureId('england-2018')).toBe(true);
    expect(isProcedureId('england-2023')).toBe(true);
    expect(isProcedureId('wales-2023')).toBe(false);
  });
});

describe('errors', () => {
  it('carry a stable code, a message and safe details (none unless given)', () => {
    const e = new DomainError('case.not_found', 'No such case.');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.details).toEqual({});
    expect(isDomainError(e)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ code: 'case.not_found' })).toBe(false);
    expect(ERROR_CODES).toContain('store.unavailable');
  });

  it('a missing field says so by default, or in the words given', () => {
    expect(missing('summary')).toMatchObject({
      code: 'field.missing',
      message: 'summary is required',
      details: { field: 'summary' },
    });
    expect(missing('agencies', 'Choose one.').message).toBe('Choose one.');
    expect(invalid('due', 'Not a date.')).toMatchObject({
      code: 'field.invalid',
      message: 'Not a date.',
      details: { field: 'due' },
    });
  });
});

describe('the clock', () => {
  it('a manual clock moves only when told, and hands out copies', () => {
    const clock = manualClock('2026-12-23T10:00:00Z');
    const first = clock.now();
    expect(first.toISOString()).toBe('2026-12-23T10:00:00.000Z');
    first.setTime(0);
    expect(clock.now().toISOString()).toBe('2026-12-23T10:00:00.000Z');
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe('2026-12-23T10:01:00.000Z');
    clock.set('2027-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    clock.set(new Date('2027-01-02T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-01-02T00:00:00.000Z');
  });

  it('the system clock reads the time now', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('roles', () => {
  it('the three partners, the bot, and who is told of decisions', () => {
    expect(['la', 'police', 'health'].every(isPartner)).toBe(true);
    expect(['chair', 'member', 'LA', ''].some(isPartner)).toBe(false);
    expect(systemActor('p9')).toEqual({
      id: 'system',
      name: 'CSPR bot',
      partnershipId: 'p9',
      roles: [],
    });
    expect(can(systemActor('p9'), 'erase', 'p9')).toBe(true);
    expect(INFORMED_OF_DECISIONS).toEqual(['chair', 'scrutineer']);
  });

  it('a vote refused names the partner only when there is one', () => {
    expect(notYourVote().details).toEqual({});
    expect(notYourVote('health')).toMatchObject({
      code: 'vote.not_your_role',
      message: VOTE_REFUSAL,
      details: { partner: 'health' },
    });
  });
});

describe('votes and forms', () => {
  it('all three votes, or none while any partner has not voted', () => {
    expect(allVotes(decidingCase().case)).toBeUndefined();
    const votes = allVotes(decidedCase().case);
    expect(Object.keys(votes!)).toEqual(['la', 'police', 'health']);
    expect(allVotes({ votes: { la: votes!.la, health: votes!.health } })).toBeUndefined();
    expect(allVotes({ votes: { police: votes!.police, health: votes!.health } })).toBeUndefined();
  });

  it('the same words wherever the Vote button is looked for too early', () => {
    expect(VOTING_OPENS).toBe('Voting opens once the rapid-review facts or criteria are recorded.');
  });
});
