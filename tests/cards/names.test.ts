/** The names warning: what looks like a person's name in a "no names" field, and the override. */
import { describe, expect, it } from 'vitest';
import { FACTS_FORM, VOTE_FORM } from '../../src/app/case-forms.js';
import {
  factsForm,
  namesCheck,
  notificationForm,
  parseNotification,
  possibleNames,
} from '../../src/cards/forms/index.js';
import type { Actor } from '../../src/domain/roles.js';
import { actors, notifiedCase, TODAY } from '../domain/helpers.js';

const la: Actor = actors.la;

describe('possibleNames', () => {
  it('finds the given names and surnames of the issue’s example', () => {
    expect(possibleNames('Jessica Smith was found at home by her mother Karen Smith.')).toEqual([
      'Jessica',
      'Smith',
      'Karen',
    ]);
  });

  it('finds a surname after a title, and a given name in the middle of a sentence', () => {
    expect(possibleNames('Mrs Okafor called the school.')).toEqual(['Okafor']);
    expect(possibleNames('The school told Peter that the GP had called.')).toEqual(['Peter']);
    expect(possibleNames('The visit to Amelia’s home was cancelled.')).toEqual(['Amelia']);
  });

  it('leaves pseudonyms, relations, agencies, places, months and words that start a sentence alone', () => {
    for (const text of [
      'Child A was seen by the GP on Monday 4 May.',
      'Baby B and Sibling 2 live with the mother and her partner.',
      'Will the partners meet before the Panel replies? Grace periods do not apply.',
      'Police and Health (ICB) attended; Lincolnshire County Council and Ofsted were told.',
      'A Serious Case Review was commissioned (See Annexe B).',
      'children’s social care had no concerns in June.',
    ])
      expect(possibleNames(text), text).toEqual([]);
  });
});

describe('namesCheck on a form', () => {
  it('names the words per field and asks to replace or confirm; nothing confirmed yet', () => {
    const check = namesCheck(factsForm(), {
      summary: 'Jessica Smith was found at home.',
      learning: 'Nothing about people.',
    });
    expect(Object.keys(check.errors ?? {}).sort()).toEqual(['namesConfirmed', 'summary']);
    expect(check.errors!.summary).toContain('“Jessica”, “Smith”');
    expect(check.errors!.summary).toContain('pseudonyms');
  });

  it('lets the person confirm, and says which fields the override was for', () => {
    expect(
      namesCheck(factsForm(), { summary: 'Jessica Smith was found.', namesConfirmed: 'yes' }),
    ).toEqual({ confirmed: ['summary'] });
  });

  it('stops a notification with a name in the summary, field by field; a confirmed one passes with the fields', () => {
    const raw = {
      awareOn: '2026-12-22',
      harm: 'death',
      abuseOrNeglect: 'suspected',
      location: 'in-area',
      child1Pseudonym: 'Child A',
      child1Age: '4',
      notifyingAgency: 'Children’s social care',
      summary: 'Jessica Smith was found at home by her mother Karen Smith.',
    };
    expect(
      notificationForm()
        .sections.flatMap((s) => s.fields)
        .some((f) => f.id === 'namesConfirmed'),
    ).toBe(true);
    const warned = parseNotification(raw, { today: TODAY });
    expect(warned.ok).toBe(false);
    if (!warned.ok) expect(warned.errors.summary).toContain('“Jessica”, “Smith”, “Karen”');
    const confirmed = parseNotification({ ...raw, namesConfirmed: 'yes' }, { today: TODAY });
    expect(confirmed.ok && confirmed.value.namesConfirmed).toEqual(['summary']);
  });
});

describe('an overridden warning is on the audit trail with the change it came with', () => {
  it('records names.confirmed after the facts, in the same command', () => {
    const log = notifiedCase();
    const raw = {
      summary: 'Jessica was found at home.',
      agencies: ['police'],
      keyEpisodes: 'Episodes.',
      immediateAction: 'no',
      learning: 'Learning.',
      complexOrNational: 'no',
      namesConfirmed: 'yes',
    };
    const parsed = FACTS_FORM.parse(raw, la, log.case, TODAY);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const events = log.run(actors.businessManager, FACTS_FORM.command(parsed.value));
    expect(events.map((e) => e.type)).toEqual(['facts.recorded', 'names.confirmed']);
    expect(events[1]!.data).toEqual({ fields: ['summary'] });
    expect(log.case.facts).not.toHaveProperty('namesConfirmed');
  });

  it('a vote without names records no confirmation', () => {
    const parsed = VOTE_FORM.parse(
      { outcome: 'lcspr', rationale: 'Agencies did not share information.' },
      la,
      notifiedCase().case,
      TODAY,
    );
    expect(parsed.ok && VOTE_FORM.command(parsed.value)).toEqual({
      type: 'cast-vote',
      partner: 'la',
      outcome: 'lcspr',
      rationale: 'Agencies did not share information.',
      criteria: [],
    });
  });
});
