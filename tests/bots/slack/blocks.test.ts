/**
 * Block Kit against Slack's documented limits: the checker catches each kind of violation, and the
 * bot's modals and messages stay within the limits at their largest (four children, maximal texts,
 * every deadline, three long rationales). Modal state reads back into values the forms accept.
 */
import { describe, expect, it } from 'vitest';
import { caseView } from '../../../src/app/case-view.js';
import { parsePartnerships } from '../../../src/config.js';
import {
  criteriaForm,
  factsForm,
  notificationForm,
  parseFacts,
  parseNotification,
  parseVote,
  voteForm,
  type FormDef,
} from '../../../src/cards/forms/index.js';
import { caseMessage } from '../../../src/cards/slack/case-message.js';
import { formModal, rawValues, type StateValues } from '../../../src/cards/slack/form-modal.js';
import { checkMessage, checkModal, SLACK_LIMITS } from '../../../src/cards/slack/limits.js';
import {
  decisionMessage,
  escalationMessage,
  helpMessage,
  listMessage,
  notifiedModal,
  textMessage,
} from '../../../src/cards/slack/replies.js';
import type { Case } from '../../../src/domain/case.js';
import type { CaseEvent } from '../../../src/domain/events.js';
import { decide, evolve, type Command } from '../../../src/domain/lifecycle.js';
import { PARTNERS, type Actor, type Partner } from '../../../src/domain/roles.js';
import { LIMITS } from '../../../src/domain/validate.js';
import { assessNotifiability, childFacts } from '../../../src/domain/criteria.js';
import { PARTNERSHIPS_YAML, FACTS, NOTIFICATION } from './harness.js';
import { stateValues } from './slack-sender.js';

const [lincs] = parsePartnerships(PARTNERSHIPS_YAML, 'test').partnerships;
const NOW = new Date('2026-12-23T10:00:00Z');
const long = (n: number, word = 'concern ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);

/** Runs commands through the real domain (decide → evolve), as the store would. */
function apply(c: Case | undefined, cmd: Command, actor: Actor): Case {
  const events = decide(c, cmd, {
    actor,
    now: NOW,
    timescales: lincs!.timescales,
    zone: 'Europe/London',
  });
  let seq = c?.version ?? 0;
  return events.reduce<Case | undefined>(
    (acc, e) =>
      evolve(acc, {
        ...e,
        caseId: 'c1',
        seq: ++seq,
        at: NOW.toISOString(),
        actor: { id: actor.id, name: actor.name, roles: actor.roles },
      } as CaseEvent),
    c,
  )!;
}

/** A case at its largest: four children, the longest texts, all three votes (rationales at their maximum), a decision. */
function bigCase(): Case {
  const person = (role: Partner) => ({
    id: role,
    name: long(100, 'Name '),
    partnershipId: 'lincs',
    roles: [role],
  });
  const children = ['Child A', 'Child B', 'Young person C', 'Sibling D'].map((pseudonym, i) => ({
    pseudonym,
    age: 10 + i,
  }));
  const notification = {
    awareOn: '2026-12-22',
    incidentOn: '2026-12-20',
    harm: 'death',
    abuseOrNeglect: 'suspected',
    location: 'in-area',
    childStatus: 'none',
    children,
    notifyingAgency: long(LIMITS.short),
    summary: long(LIMITS.summary, 'a & b < c '),
    panelNotifiedOn: '2026-12-23',
  } as const;
  let c = apply(
    undefined,
    {
      type: 'notify',
      identity: {
        caseId: 'c1',
        partnershipId: 'lincs',
        ref: 'LINCS-2026-123',
        procedure: 'england-2023',
      },
      notification: { ...notification, children },
    },
    person('la'),
  );
  const facts = {
    summary: long(LIMITS.text),
    agencies: ['police'],
    keyEpisodes: long(LIMITS.text),
    immediateAction: false,
    learning: long(LIMITS.text),
    complexOrNational: false,
    themes: [],
  };
  c = apply(c, { type: 'record-facts', facts }, person('la'));
  for (const p of PARTNERS)
    c = apply(
      c,
      {
        type: 'cast-vote',
        partner: p,
        outcome: 'lcspr',
        rationale: long(LIMITS.text),
        criteria: ['improvements'],
      },
      person(p),
    );
  expect(c.state).toBe('decided');
  return c;
}

describe('the limits checker', () => {
  it('finds each kind of violation', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(checkMessage({ text: 'x', blocks })).toEqual([
      `message.blocks: 51 items > ${SLACK_LIMITS.messageBlocks}`,
    ]);
    expect(checkMessage({ blocks: [] })).toContain('message: a message needs fallback text');
    expect(
      checkMessage({
        text: 'x',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: long(151) } }],
      })[0],
    ).toMatch(/blocks\[0\]\.text: 151 characters > 150/);
    expect(
      checkMessage({
        text: 'x',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: long(3001) } }],
      })[0],
    ).toContain('3001 characters > 3000');
    const button = { type: 'button', action_id: 'a', text: { type: 'plain_text', text: long(76) } };
    expect(
      checkMessage({ text: 'x', blocks: [{ type: 'actions', elements: [button] }] })[0],
    ).toContain('76 characters > 75');
    expect(
      checkMessage({
        text: 'x',
        blocks: [
          { type: 'divider', block_id: 'a' },
          { type: 'divider', block_id: 'a' },
        ],
      })[0],
    ).toContain('block_id a is used twice');
    const input = {
      type: 'input',
      block_id: 'f',
      label: { type: 'plain_text', text: 'F' },
      element: { type: 'plain_text_input', action_id: 'f' },
    };
    expect(checkMessage({ text: 'x', blocks: [input] })[0]).toContain(
      'input blocks belong in modals',
    );
    const radio = {
      ...input,
      element: {
        type: 'radio_buttons',
        action_id: 'f',
        options: Array.from({ length: 11 }, (_, i) => ({
          text: { type: 'plain_text', text: long(76) },
          value: String(i),
        })),
      },
    };
    const modal = { type: 'modal', title: { type: 'plain_text', text: long(25) }, blocks: [radio] };
    const problems = checkModal(modal);
    expect(problems).toContain('view.title: 25 characters > 24');
    expect(problems).toContain('view.submit: a modal with inputs needs a submit button');
    expect(problems.some((p) => p.includes('options: 11 items > 10'))).toBe(true);
    expect(problems.some((p) => p.includes('options[0].text: 76 characters > 75'))).toBe(true);
  });
});

describe('modals drawn from the form definitions', () => {
  const meta = JSON.stringify({
    caseId: '6f1c5a52-6a43-4b8e-9d55-0f0c1b0f9e11',
    channelId: 'G0123456789',
  });
  const forms: [string, FormDef][] = [
    ['notification', notificationForm()],
    [
      'notification, several partnerships',
      notificationForm({
        partnerships: [
          { id: 'a', name: long(120) },
          { id: 'b', name: 'B' },
        ],
      }),
    ],
    ['facts', factsForm()],
    ['criteria', criteriaForm()],
    ['vote (la)', voteForm(['la'])],
    ['vote (police)', voteForm(['police'])],
    ['vote (health)', voteForm(['health'])],
    ['vote, several partners', voteForm(['la', 'police', 'health'])],
  ];
  it.each(forms)(
    '%s is within the limits, one input block per field (block_id = action_id = field id)',
    (_name, form) => {
      const view = formModal(form, {
        callbackId: `cspr_${form.id}`,
        privateMetadata: meta,
        context: '*LINCS-2026-123*',
      });
      expect(checkModal(view)).toEqual([]);
      const inputs = view.blocks.filter((b) => b.type === 'input') as {
        block_id: string;
        element: { action_id: string };
      }[];
      expect(inputs.map((b) => b.block_id)).toEqual(
        form.sections.flatMap((s) => s.fields.map((f) => f.id)),
      );
      for (const b of inputs) expect(b.element.action_id).toBe(b.block_id);
    },
  );

  it('reads submitted state back into values the one validator accepts', () => {
    const notification = formModal(notificationForm(), { callbackId: 'n', privateMetadata: '{}' });
    const n = parseNotification(
      rawValues(
        notificationForm(),
        stateValues(notification as never, NOTIFICATION) as unknown as StateValues,
      ),
      { today: '2026-12-23' },
    );
    expect(n.ok && n.value.notification.children).toEqual([
      { pseudonym: 'Child A', age: 4, status: 'none' },
      { pseudonym: 'Sibling B', age: 7, status: 'none' },
    ]);
    const facts = formModal(factsForm(), { callbackId: 'f', privateMetadata: '{}' });
    const f = parseFacts(
      rawValues(factsForm(), stateValues(facts as never, FACTS) as unknown as StateValues),
    );
    expect(f.ok && f.value.agencies).toEqual(FACTS.agencies);
    expect(f.ok && f.value.immediateAction).toBe(true);
    const votes = voteForm(['la', 'health']);
    const v = parseVote(
      rawValues(
        votes,
        stateValues(formModal(votes, { callbackId: 'v', privateMetadata: '{}' }) as never, {
          partner: 'health',
          outcome: 'national',
          rationale: 'Why',
          criteria: ['no-agency'],
        }) as unknown as StateValues,
      ),
      ['la', 'health'],
    );
    expect(v).toEqual({
      ok: true,
      value: { partner: 'health', outcome: 'national', rationale: 'Why', criteria: ['no-agency'] },
    });
  });
});

describe('messages at their largest', () => {
  const c = bigCase();
  it('the case message, for the channel and as a status reply', () => {
    const view = caseView(c, lincs!, NOW);
    for (const inCaseChannel of [true, false]) {
      const msg = caseMessage(view, { buttons: true, inCaseChannel });
      expect(checkMessage(msg)).toEqual([]);
      expect(JSON.stringify(msg).includes('Young person C')).toBe(inCaseChannel);
      expect(msg.text).not.toContain('Child A');
    }
  });

  it('the decision keeps every rationale whole, across sections', () => {
    const msg = decisionMessage(c);
    expect(checkMessage(msg)).toEqual([]);
    const text = msg.blocks
      .map((b) => ('text' in b && typeof b.text === 'object' ? b.text.text : ''))
      .join('');
    expect(text.length).toBeGreaterThan(3 * 3000);
  });

  it('escalation, help, a long list, a long text, and the notified modal', () => {
    expect(checkMessage(escalationMessage(c))).toEqual([]);
    expect(checkMessage(helpMessage('I don’t know that command.'))).toEqual([]);
    const lines = Array.from({ length: 400 }, (_, i) => ({
      ref: `LINCS-2026-${String(i).padStart(3, '0')}`,
      state: 'Rapid review',
      children: '',
      next: long(150),
    }));
    expect(checkMessage(listMessage(lines))).toEqual([]);
    expect(checkMessage(textMessage(long(200_000)))).toEqual([]);
    const a = assessNotifiability(
      { ...c.notification!, children: childFacts(c.notification!) },
      lincs!.timescales,
    );
    expect(checkModal(notifiedModal(c, a, 'cspr-lincs-2026-123'))).toEqual([]);
  });
});
