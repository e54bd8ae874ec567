/**
 * Teams for what follows the decision: "Next step" on the case card (and `step [STEP]`) opens the
 * post-decision step form for a step the case is at (a choice first when several are open); "Action
 * plan" (and `actions`) lists the action plan, with forms to add a recommendation and update an
 * item. The forms are the shared definitions of src/cards/forms; the core refuses a step out of
 * order and the refusal is shown in its own words.
 */
import { actionItem, actionLines, stepConfirmation } from '../../app/post-decision-view.js';
import { userMessage } from '../../app/messages.js';
import { caseView } from '../../app/case-view.js';
import type { ActionItem } from '../../domain/action-plan.js';
import type { Case } from '../../domain/case.js';
import { isDomainError } from '../../domain/errors.js';
import {
  ACTION_PLAN_STATES,
  isStepKind,
  STEP_KINDS,
  stepRefusal,
  type StepKind,
} from '../../domain/post-decision.js';
import { can, type Action, type Actor } from '../../domain/roles.js';
import {
  actionForm,
  actionValues,
  fieldErrorsOf,
  parseAction,
  parseStep,
  stepDefaults,
  stepForm,
  type FormDef,
} from '../../cards/forms/index.js';
import {
  formCard,
  inputValues,
  messageCard,
  rawValuesOf,
  type AdaptiveCard,
  type CardVerb,
} from '../../cards/teams/index.js';
import type { ActionContext, ActionHandler } from './actions.js';
import { requestKeyOf, type TeamsRuntime } from './runtime.js';
import { personalCaseCard } from './case-cards.js';

/** The case action step around a route (actions.ts): `action` of the permission table. */
export type WithCase = (
  title: string,
  action: Action,
  run: (a: ActionContext, c: Case, actor: Actor) => Promise<AdaptiveCard>,
) => ActionHandler;

const STEP_TITLE = 'Post-decision step';
const PLAN_TITLE = 'Action plan';
const STALE = 'This card is out of date. Open the case again for a fresh one.';

/** The choice of the steps open now (a variant of the step form: one field). */
function stepChooser(steps: { step: StepKind; label: string }[]): FormDef {
  return {
    id: 'step',
    title: 'Record a step',
    submitLabel: 'Open the form',
    intro: 'The steps that can be recorded on the case now.',
    sections: [
      {
        fields: [
          {
            kind: 'choice',
            id: 'step',
            label: 'Step',
            required: true,
            style: 'radio',
            options: steps.map((s) => ({ value: s.step, label: s.label })),
          },
        ],
      },
    ],
  };
}

/** The choice of an action plan item to update (a variant of the action form: one field). */
function itemChooser(items: ActionItem[]): FormDef {
  return {
    id: 'action',
    title: 'Update an action plan item',
    submitLabel: 'Open the item',
    sections: [
      {
        fields: [
          {
            kind: 'choice',
            id: 'item',
            label: 'Item',
            required: true,
            style: 'select',
            options: items.map((i) => ({
              value: i.id,
              label: `${i.id} · due ${i.due} · ${i.status}`,
            })),
          },
        ],
      },
    ],
  };
}

/** The step's form, the chooser, or the case card with the core's refusal (the person's roles: checked by the case action step). */
export async function stepFormCard(
  rt: TeamsRuntime,
  c: Case,
  actor: Actor,
  stepText: string | undefined,
): Promise<AdaptiveCard> {
  const p = rt.partnerships.get(c.partnershipId)!;
  const now = rt.service.clock.now();
  if (!stepText) {
    const { steps } = caseView(c, p, now, actor);
    if (steps.length === 0)
      return personalCaseCard(rt, c, actor, {
        notice: `No post-decision step can be recorded on ${c.ref} now.`,
        noticeStyle: 'attention',
      });
    if (steps.length > 1)
      return formCard(stepChooser(steps), {
        verb: 'step.open',
        caseId: c.id,
        subtitle: `Case ${c.ref}`,
      });
    stepText = steps[0]!.step;
  }
  const step = stepText.toLowerCase();
  if (!isStepKind(step))
    return personalCaseCard(rt, c, actor, {
      notice: `I don’t know that step. The steps are: ${STEP_KINDS.join(', ')}.`,
      noticeStyle: 'attention',
    });
  const refused = stepRefusal(c, step);
  if (refused)
    return personalCaseCard(rt, c, actor, {
      notice: userMessage(refused),
      noticeStyle: 'attention',
    });
  return formCard(stepForm(step, { case: c, timescales: p.timescales }), {
    verb: 'step.submit',
    caseId: c.id,
    arg: step,
    values: stepDefaults(step, c, now, p.timeZone),
    subtitle: `Case ${c.ref}`,
  });
}

/** The action plan as a card: each item with agency, owner, due date, status and what is required. */
export function actionsCard(
  rt: TeamsRuntime,
  c: Case,
  actor: Actor,
  notice?: { text: string; style: 'good' | 'attention' },
): AdaptiveCard {
  const p = rt.partnerships.get(c.partnershipId)!;
  const lines = actionLines(c, p, rt.service.clock.now());
  const edit = can(actor, 'post-decision', c.partnershipId) && ACTION_PLAN_STATES.includes(c.state);
  const actions: { title: string; verb: CardVerb; caseId: string; arg?: string }[] = [];
  if (edit) actions.push({ title: 'Add a recommendation', verb: 'action.open', caseId: c.id });
  if (edit && lines.length)
    actions.push({ title: 'Update an item', verb: 'action.open', caseId: c.id, arg: 'choose' });
  actions.push({ title: 'Back to the case', verb: 'case.refresh', caseId: c.id });
  return messageCard({
    title: `Action plan: ${c.ref}`,
    subtitle: `${lines.length} item${lines.length === 1 ? '' : 's'}, ${lines.filter((l) => l.open).length} open`,
    ...(notice ? { notice: notice.text, noticeStyle: notice.style } : {}),
    lines: lines.length ? [] : ['No recommendations recorded yet.'],
    sections: lines.map((l) => ({
      heading: `${l.id} · ${l.agency}`,
      lines: [l.recommendation],
      facts: [
        { title: 'Required', value: l.required },
        { title: 'Due', value: l.due },
        { title: 'Status', value: `${l.overdue ? '⚠ ' : ''}${l.status}` },
        { title: 'Reminded', value: l.owner },
      ],
    })),
    actions,
  });
}

function actionFormCard(
  c: Case,
  item: ActionItem | undefined,
  o: {
    requestId?: string;
    values?: Record<string, string>;
    errors?: Record<string, string>;
    notice?: string;
  } = {},
): AdaptiveCard {
  return formCard(actionForm(item), {
    verb: 'action.submit',
    caseId: c.id,
    ...(item ? { arg: item.id } : {}),
    values: o.values ?? (item ? actionValues(item) : {}),
    subtitle: `Case ${c.ref}`,
    ...(o.requestId ? { requestId: o.requestId } : {}),
    ...(o.errors ? { errors: o.errors } : {}),
    ...(o.notice ? { notice: o.notice } : {}),
  });
}

export function postDecisionRoutes(
  withCase: WithCase,
): Record<
  'step.choose' | 'step.open' | 'step.submit' | 'actions.list' | 'action.open' | 'action.submit',
  ActionHandler
> {
  return {
    'step.choose': withCase(STEP_TITLE, 'post-decision', ({ rt }, c, actor) =>
      stepFormCard(rt, c, actor, undefined),
    ),
    'step.open': withCase(STEP_TITLE, 'post-decision', ({ rt, action, data }, c, actor) => {
      const chosen = action.arg ?? (typeof data.step === 'string' ? data.step : undefined);
      return stepFormCard(rt, c, actor, chosen);
    }),
    'step.submit': withCase(
      STEP_TITLE,
      'post-decision',
      async ({ rt, turn, action, data }, c, actor) => {
        const step = action.arg && isStepKind(action.arg) ? action.arg : undefined;
        if (!action.requestId || !step)
          return personalCaseCard(rt, c, actor, { notice: STALE, noticeStyle: 'attention' });
        const p = rt.partnerships.get(c.partnershipId)!;
        const form = stepForm(step, { case: c, timescales: p.timescales });
        const raw = rawValuesOf(form, data);
        const again = (errors: Record<string, string>) =>
          formCard(form, {
            verb: 'step.submit',
            caseId: c.id,
            arg: step,
            requestId: action.requestId!,
            values: inputValues(raw),
            errors,
            subtitle: `Case ${c.ref}`,
          });
        const parsed = parseStep(step, raw);
        if (!parsed.ok) return again(parsed.errors);
        try {
          const change = await rt.service.run(
            actor,
            c.id,
            parsed.value,
            requestKeyOf(turn, action.requestId),
          );
          if (change.repeated)
            return personalCaseCard(rt, change.case, actor, {
              notice: 'Already saved.',
              noticeStyle: 'good',
            });
          const said = stepConfirmation(change.case, step, p);
          return personalCaseCard(
            rt,
            change.case,
            actor,
            said.warning
              ? { notice: `${said.text} ⚠ ${said.warning}`, noticeStyle: 'warning' }
              : { notice: said.text, noticeStyle: 'good' },
          );
        } catch (err) {
          if (!isDomainError(err)) throw err;
          const fields = fieldErrorsOf(err, form.sections[0]!.fields[0]!.id);
          return fields
            ? again(fields)
            : personalCaseCard(rt, c, actor, {
                notice: userMessage(err),
                noticeStyle: 'attention',
              });
        }
      },
    ),
    'actions.list': withCase(PLAN_TITLE, 'view', async ({ rt }, c, actor) =>
      actionsCard(rt, c, actor),
    ),
    'action.open': withCase(PLAN_TITLE, 'post-decision', async ({ rt, action, data }, c, actor) => {
      if (!ACTION_PLAN_STATES.includes(c.state))
        return actionsCard(rt, c, actor, {
          text: `${c.ref} is ${c.state}: the action plan can change from the decision until the case is closed.`,
          style: 'attention',
        });
      let id = action.arg;
      if (id === 'choose') {
        const picked = typeof data.item === 'string' ? data.item : undefined;
        if (!picked)
          return formCard(itemChooser(c.actionPlan ?? []), {
            verb: 'action.open',
            caseId: c.id,
            arg: 'choose',
            subtitle: `Case ${c.ref}`,
          });
        id = picked;
      }
      try {
        return actionFormCard(c, id ? actionItem(c, id) : undefined);
      } catch (err) {
        if (!isDomainError(err)) throw err;
        return actionsCard(rt, c, actor, { text: userMessage(err), style: 'attention' });
      }
    }),
    'action.submit': withCase(
      PLAN_TITLE,
      'post-decision',
      async ({ rt, turn, action, data }, c, actor) => {
        if (!action.requestId)
          return actionsCard(rt, c, actor, { text: STALE, style: 'attention' });
        let item: ActionItem | undefined;
        try {
          item = action.arg ? actionItem(c, action.arg) : undefined;
        } catch (err) {
          if (!isDomainError(err)) throw err;
          return actionsCard(rt, c, actor, { text: userMessage(err), style: 'attention' });
        }
        const raw = rawValuesOf(actionForm(item), data);
        const again = (errors: Record<string, string>, notice?: string) =>
          actionFormCard(c, item, {
            requestId: action.requestId!,
            values: inputValues(raw),
            errors,
            ...(notice ? { notice } : {}),
          });
        const parsed = parseAction(raw, item);
        if (!parsed.ok) return again(parsed.errors);
        try {
          const change = await rt.service.run(
            actor,
            c.id,
            parsed.value,
            requestKeyOf(turn, action.requestId),
          );
          const id = item?.id ?? change.case.actionPlan?.at(-1)?.id ?? '';
          return actionsCard(rt, change.case, actor, {
            text: change.repeated ? 'Already saved.' : `Item ${id} ${item ? 'updated' : 'added'}.`,
            style: 'good',
          });
        } catch (err) {
          if (!isDomainError(err)) throw err;
          const fields = fieldErrorsOf(err, item ? 'status' : 'recommendation');
          return fields
            ? again(fields)
            : actionsCard(rt, c, actor, { text: userMessage(err), style: 'attention' });
        }
      },
    ),
  };
}
