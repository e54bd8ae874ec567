/** The vote form's own refusal is the core's one sentence for a vote by someone without a partner role. */
import { describe, expect, it } from 'vitest';
import { parseVote } from '../../src/cards/forms/index.js';
import { VOTE_REFUSAL } from '../../src/domain/roles.js';

describe('parseVote', () => {
  it('refuses a submission from someone holding no partner role in the core’s words', () => {
    const parsed = parseVote({ outcome: 'lcspr', rationale: 'Rationale.' }, []);
    expect(parsed).toEqual({ ok: false, errors: { outcome: VOTE_REFUSAL } });
  });

  it('takes the vote of a holder of one partner role for that partner', () => {
    expect(parseVote({ outcome: 'lcspr', rationale: 'Rationale.' }, ['police'])).toMatchObject({
      ok: true,
      value: { partner: 'police', outcome: 'lcspr' },
    });
  });
});
