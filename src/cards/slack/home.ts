/**
 * The App Home tab, "My work", drawn from the platform-neutral MyWork: what is due from the person
 * (overdue first) each with the button that opens its form, the cases they hold a role on with
 * their state, and their reminder mutes. References and states only: no pseudonym, no summary.
 * Someone with no role gets one plain line.
 */
import type { types } from '@slack/bolt';
import type { MyAction, MyWork } from '../../app/my-work.js';
import { NO_ROLE } from '../../app/messages.js';
import { ACTION_IDS, esc, mrkdwnSection, mrkdwnSections, niceDate } from './case-message.js';
import { clip, SLACK_LIMITS } from './limits.js';

type KnownBlock = types.KnownBlock;

export const HOME_ACTION_IDS = {
  /** A post-decision step's form, from the Home; value `<caseId>|<step>`. */
  step: 'home_step',
} as const;

export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

/** Room for the headings, the cases and the reminders within Slack's 100 blocks of a Home view. */
const MAX_ACTIONS = 40;
const MAX_CASE_LINES = 60;

export function homeView(work: MyWork): HomeView {
  if (!work.hasRole) return { type: 'home', blocks: [mrkdwnSection(NO_ROLE)] };
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'My work' } }];
  blocks.push(mrkdwnSection('*Due from you*'));
  if (work.actions.length === 0) blocks.push(mrkdwnSection('_Nothing is waiting for you._'));
  for (const a of work.actions.slice(0, MAX_ACTIONS)) blocks.push(actionBlock(a));
  if (work.actions.length > MAX_ACTIONS)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${work.actions.length - MAX_ACTIONS} more: \`/cspr deadlines\` lists them.`,
        },
      ],
    });
  blocks.push({ type: 'divider' });
  const open = work.cases.filter((c) => !c.closed);
  const lines = work.cases
    .slice(0, MAX_CASE_LINES)
    .map(
      (c) =>
        `• *${c.ref}*: ${esc(c.stateLabel)} · ${esc(c.partnershipName)} · your role: ${esc(c.roles)}`,
    );
  if (work.cases.length > MAX_CASE_LINES)
    lines.push(`_…and ${work.cases.length - MAX_CASE_LINES} more: \`/cspr list\` shows them._`);
  blocks.push(
    ...mrkdwnSections(
      [`*Your cases* (${open.length} open)`, ...(lines.length ? lines : ['_No cases yet._'])].join(
        '\n',
      ),
    ),
  );
  blocks.push({ type: 'divider' });
  const reminders = work.reminders.map(
    (r) =>
      `${r.kind === 'personal' ? 'Personal reminders' : 'Escalations'}: ${r.muted ? `*muted* (\`/cspr unmute ${r.kind}\` to turn them on)` : 'on'}`,
  );
  blocks.push(
    mrkdwnSection(
      ['*Your reminders*', ...reminders, '_The case channels’ daily digest cannot be muted._'].join(
        '\n',
      ),
    ),
  );
  return { type: 'home', blocks };
}

function actionBlock(a: MyAction): KnownBlock {
  const when = a.due
    ? `${a.overdue ? '⚠️ ' : ''}due ${niceDate(a.due)} (${a.overdue ? `*${a.dueInWords}*` : a.dueInWords})`
    : 'no due date';
  const section: KnownBlock = {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: clip(`*${esc(a.label)}* · ${a.ref}\n${when}`, SLACK_LIMITS.sectionText),
    },
  };
  const button = buttonFor(a);
  return button ? { ...section, accessory: button } : section;
}

function buttonFor(a: MyAction) {
  const o = a.opens;
  if (!o) return undefined;
  const button = (action_id: string, value: string, text: string) => ({
    type: 'button' as const,
    action_id,
    value,
    text: { type: 'plain_text' as const, text },
  });
  if (o.kind === 'form')
    return button(
      ACTION_IDS[o.form],
      a.caseId,
      {
        facts: 'Record facts',
        criteria: 'Assess criteria',
        vote: 'Vote',
        notified: 'Record notification',
      }[o.form],
    );
  if (o.kind === 'step') return button(HOME_ACTION_IDS.step, `${a.caseId}|${o.step}`, 'Record');
  return button(ACTION_IDS.actions, a.caseId, 'Action plan');
}
