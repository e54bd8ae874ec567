/** The reasons of the notifiability assessment, word for word, and how a stored notification's children are read. */
import { describe, expect, it } from 'vitest';
import { assessNotifiability, childFacts, type IncidentFacts } from '../../src/domain/criteria.js';
import { timescalesFor } from '../../src/domain/procedure.js';

const t = timescalesFor('england-2023');
const base: Omit<IncidentFacts, 'children'> = {
  awareOn: '2026-12-22',
  harm: 'death',
  abuseOrNeglect: 'suspected',
  location: 'in-area',
};
const assess = (
  f: Partial<IncidentFacts> & Pick<IncidentFacts, 'children'>,
  procedure?: 'england-2018',
) => assessNotifiability({ ...base, ...f }, t, procedure);

const LOOKED_AFTER =
  'death of a looked-after child: the authority looking after the child notifies the Secretary of State and Ofsted, whatever the cause and wherever the death happened';
const CARE_LEAVER =
  'death of a care leaver aged 24 or under: notify the Secretary of State and Ofsted. No rapid review is required.';
const ELSEWHERE =
  's16C(1) is not met for this local authority: the incident was outside its area and the child was not normally resident here. The local authority where it happened must notify the Panel; this partnership is told';

describe('the reasons, word for word', () => {
  it('s16C(1) met in the area, or outside England for a child resident here', () => {
    expect(assess({ children: [{ status: 'none', age: 4 }] }).reasons).toEqual([
      's16C(1) is met: abuse or neglect is suspected, the child died, in the local authority’s area.',
    ]);
    expect(
      assess({
        location: 'outside-england-resident',
        harm: 'serious-harm',
        abuseOrNeglect: 'known',
        children: [{ status: 'none', age: 4 }],
      }).reasons,
    ).toEqual([
      's16C(1) is met: abuse or neglect is known, the child was seriously harmed, outside England while normally resident in the area.',
    ]);
  });

  it('a looked-after child beside another: named, with the Panel duty as well', () => {
    const a = assess({
      children: [
        { pseudonym: 'Child A', status: 'looked-after', age: 15 },
        { status: 'none', age: 3 },
      ],
    });
    expect(a.reasons).toEqual([
      's16C(1) is met: abuse or neglect is suspected, the child died, in the local authority’s area.',
      `Child A: ${LOOKED_AFTER} (as well as the Panel under s16C(1)).`,
    ]);
    expect(a.duties).toEqual({
      notifyPanel: true,
      rapidReview: true,
      notifySosOfsted: true,
      sosOfstedFor: ['looked-after'],
    });
  });

  it('an adult care leaver beside a child perpetrator: s16C(1) for the child only, each reason named', () => {
    const a = assess({
      children: [
        { pseudonym: 'Child A', status: 'care-leaver', age: 20 },
        { pseudonym: 'Child B', status: 'none', age: 3, perpetrator: true },
      ],
    });
    expect(a.reasons).toEqual([
      's16C(1) is met (for Child B): abuse or neglect is suspected, the child died, in the local authority’s area.',
      `Child A: ${CARE_LEAVER}`,
      'Child B: a child perpetrator may also be the subject of a review where the case meets the definition of a serious child safeguarding case.',
    ]);
    expect(a.duties.sosOfstedFor).toEqual(['care-leaver']);
  });

  it('names every child s16C(1) is met for, and no perpetrator of 18 or over', () => {
    const a = assess({
      children: [
        { pseudonym: 'Young person A', status: 'care-leaver', age: 18, perpetrator: true },
        { pseudonym: 'Child B', status: 'none', age: 3 },
        { pseudonym: 'Child C', status: 'none', age: 5 },
      ],
    });
    expect(a.reasons).toEqual([
      's16C(1) is met (for Child B, Child C): abuse or neglect is suspected, the child died, in the local authority’s area.',
      `Young person A: ${CARE_LEAVER}`,
    ]);
  });

  it('children without a pseudonym are “a child” and “Child 1”, “Child 2”', () => {
    expect(
      assess({
        children: [
          { status: 'care-leaver', age: 20 },
          { status: 'none', age: 3 },
        ],
      }).reasons,
    ).toEqual([
      's16C(1) is met (for a child): abuse or neglect is suspected, the child died, in the local authority’s area.',
      `Child 1: ${CARE_LEAVER}`,
    ]);
    expect(
      assess({
        children: [
          { status: 'care-leaver', age: 20 },
          { status: 'care-leaver', age: 22 },
        ],
      }).reasons,
    ).toEqual([`Child 1: ${CARE_LEAVER}`, `Child 2: ${CARE_LEAVER}`]);
  });

  it('elsewhere in England: nothing due, unless a looked-after child died', () => {
    expect(
      assess({ location: 'elsewhere', children: [{ status: 'none', age: 15 }] }).reasons,
    ).toEqual([`${ELSEWHERE}, and nothing is due from it.`]);
    const looked = assess({
      location: 'elsewhere',
      children: [{ status: 'looked-after', age: 15 }],
    });
    expect(looked.reasons).toEqual([
      `${ELSEWHERE}.`,
      `Death of a looked-after child: ${LOOKED_AFTER.slice('death of a looked-after child: '.length)}.`,
    ]);
    expect(looked.s16cMet).toBe(false);
    expect(
      assess({
        location: 'elsewhere',
        abuseOrNeglect: 'not-suspected',
        children: [{ status: 'looked-after', age: 15 }],
      }).reasons,
    ).toEqual([
      's16C(1) is not met: abuse or neglect is neither known nor suspected.',
      `${ELSEWHERE}.`,
      `Death of a looked-after child: ${LOOKED_AFTER.slice('death of a looked-after child: '.length)}.`,
    ]);
  });

  it('an adult: no s16C(1) reason at all, and no child perpetrator', () => {
    const a = assess({
      abuseOrNeglect: 'not-suspected',
      children: [{ status: 'none', age: 20, perpetrator: true }],
    });
    expect(a).toMatchObject({
      s16cMet: false,
      reasons: [],
      duties: { notifyPanel: false, rapidReview: false, notifySosOfsted: false },
    });
    expect(a.duties).not.toHaveProperty('sosOfstedFor');
  });

  it('under Working Together 2018, a care leaver’s death is not notified, and the reason says under which edition', () => {
    const a = assess({ children: [{ status: 'care-leaver', age: 20 }] }, 'england-2018');
    expect(a.reasons).toEqual([
      'The duty to notify a care leaver’s death exists from Working Together 2023 only; under england-2018 nothing is due for it.',
    ]);
    expect(a).toMatchObject({ procedure: 'england-2018', duties: { notifySosOfsted: false } });
  });

  it('the edition follows the date of awareness when none is given', () => {
    expect(
      assessNotifiability(
        { ...base, awareOn: '2023-12-14', children: [{ status: 'none', age: 4 }] },
        t,
      ).procedure,
    ).toBe('england-2018');
    expect(
      assessNotifiability(
        { ...base, awareOn: '2023-12-15', children: [{ status: 'none', age: 4 }] },
        t,
      ).procedure,
    ).toBe('england-2023');
  });

  it('a looked-after child’s serious harm and a care leaver at 17: the s16C(1) rule alone', () => {
    expect(
      assess({ harm: 'serious-harm', children: [{ status: 'looked-after', age: 15 }] }).duties,
    ).toEqual({ notifyPanel: true, rapidReview: true, notifySosOfsted: false });
    expect(assess({ children: [{ status: 'care-leaver', age: 17 }] }).duties).toEqual({
      notifyPanel: true,
      rapidReview: true,
      notifySosOfsted: false,
    });
  });

  it('a looked-after child and a care leaver both: one duty, for both', () => {
    const a = assess({
      abuseOrNeglect: 'not-suspected',
      children: [
        { status: 'looked-after', age: 15 },
        { status: 'care-leaver', age: 19 },
      ],
    });
    expect(a.duties).toEqual({
      notifyPanel: false,
      rapidReview: false,
      notifySosOfsted: true,
      sosOfstedFor: ['looked-after', 'care-leaver'],
    });
  });
});

describe('a stored notification’s children', () => {
  it('take their own status, else the notification’s, else none; perpetrator only when true', () => {
    expect(
      childFacts({
        childStatus: 'looked-after',
        children: [
          { pseudonym: 'Child A', age: 4 },
          { pseudonym: 'Child B', age: 20, status: 'care-leaver', perpetrator: false },
          { pseudonym: 'Child C', age: 15, perpetrator: true },
        ],
      }),
    ).toEqual([
      { pseudonym: 'Child A', age: 4, status: 'looked-after' },
      { pseudonym: 'Child B', age: 20, status: 'care-leaver' },
      { pseudonym: 'Child C', age: 15, status: 'looked-after', perpetrator: true },
    ]);
    expect(childFacts({ children: [{ pseudonym: 'Child A', age: 4 }] })).toEqual([
      { pseudonym: 'Child A', age: 4, status: 'none' },
    ]);
  });
});
