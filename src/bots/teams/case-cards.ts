/**
 * The case as a Teams card, for the channel (shared, no votes revealed early) or for one person
 * (their own vote controls when they hold a partner role). Refresh user ids are the partner holders.
 */
import { CASE_FORMS, partnersOf } from '../../app/case-forms.js';
import { caseView } from '../../app/case-view.js';
import { holdersWithRole } from '../../config.js';
import type { Case, CriteriaAssessment, Facts } from '../../domain/case.js';
import { CRITERION_KEYS } from '../../domain/criteria.js';
import { can, PARTNERS, type Actor, type Partner } from '../../domain/roles.js';
import {
  caseCard,
  evidenceIdOf,
  type AdaptiveCard,
  type CaseCardOptions,
} from '../../cards/teams/index.js';
import { voteForm, type FieldErrors } from '../../cards/forms/index.js';
import { teamsChannel, type TeamsRuntime } from './runtime.js';

/** MRIs of the case's partnership's partner holders, for `refresh.userIds`. */
export async function refreshUserIds(
  rt: TeamsRuntime,
  c: Case,
  where?: { serviceUrl: string; conversationId: string },
): Promise<string[]> {
  const p = rt.partnerships.get(c.partnershipId);
  if (!p) return [];
  const aads = [
    ...new Set(
      PARTNERS.flatMap((r) => holdersWithRole(p, r))
        .map((h) => h.teamsAadObjectId)
        .filter((x): x is string => Boolean(x)),
    ),
  ];
  const ch = teamsChannel(c);
  const target =
    where ??
    (ch
      ? {
          serviceUrl: ch.meta.serviceUrl,
          conversationId: ch.meta.local ? (ch.meta.conversationId ?? ch.id) : ch.id,
        }
      : undefined);
  if (!target) return aads.map((a) => rt.directory.known(a)).filter((x): x is string => Boolean(x));
  return rt.directory.mrisOf(aads, target.conversationId, () =>
    rt.connector.members(target.serviceUrl, target.conversationId),
  );
}

/** The card everyone sees in the case channel. */
export async function sharedCaseCard(
  rt: TeamsRuntime,
  c: Case,
  where?: { serviceUrl: string; conversationId: string },
): Promise<AdaptiveCard> {
  const p = rt.partnerships.get(c.partnershipId)!;
  return caseCard(caseView(c, p, rt.service.clock.now()), {
    refreshUserIds: await refreshUserIds(rt, c, where),
  });
}

export interface PersonalOptions {
  notice?: string;
  noticeStyle?: CaseCardOptions['noticeStyle'];
  vote?: { requestId?: string; values?: Record<string, string>; errors?: FieldErrors };
}

/** One person's view: their vote controls when they may vote now, the status otherwise. */
export async function personalCaseCard(
  rt: TeamsRuntime,
  c: Case,
  actor: Actor,
  o: PersonalOptions = {},
): Promise<AdaptiveCard> {
  const p = rt.partnerships.get(c.partnershipId)!;
  const view = caseView(c, p, rt.service.clock.now(), actor);
  const partners = partnersOf(actor);
  const voting = partners.length > 0 && view.can.vote;
  return caseCard(view, {
    refreshUserIds: await refreshUserIds(rt, c),
    buttons: {
      facts: view.can.facts && can(actor, CASE_FORMS.facts.permission, c.partnershipId),
      criteria: view.can.criteria && can(actor, CASE_FORMS.criteria.permission, c.partnershipId),
      vote: voting,
      step: view.can.step && can(actor, 'post-decision', c.partnershipId),
      actions: view.can.actions,
      notified: view.can.notified && can(actor, CASE_FORMS.notified.permission, c.partnershipId),
    },
    ...(voting
      ? {
          vote: {
            form: voteForm(partners),
            values: o.vote?.values ?? voteValues(c, partners),
            ...(o.vote?.errors ? { errors: o.vote.errors } : {}),
            ...(o.vote?.requestId ? { requestId: o.vote.requestId } : {}),
          },
        }
      : {}),
    ...(o.notice ? { notice: o.notice, noticeStyle: o.noticeStyle ?? 'emphasis' } : {}),
  });
}

export { partnersOf };

/** The person's current vote, to edit (one partner role only: several would be ambiguous). */
export function voteValues(c: Case, partners: Partner[]): Record<string, string> {
  const v = partners.length === 1 ? c.votes[partners[0]!] : undefined;
  return v ? { outcome: v.outcome, rationale: v.rationale, criteria: v.criteria.join(',') } : {};
}

export function factsValues(f: Facts | undefined): Record<string, string> {
  if (!f) return {};
  const out: Record<string, string> = {
    summary: f.summary,
    agencies: f.agencies.join(','),
    keyEpisodes: f.keyEpisodes,
    immediateAction: f.immediateAction ? 'yes' : 'no',
    learning: f.learning,
    complexOrNational: f.complexOrNational ? 'yes' : 'no',
    themes: f.themes.join(','),
  };
  if (f.immediateActionDetail) out.immediateActionDetail = f.immediateActionDetail;
  if (f.goodPractice) out.goodPractice = f.goodPractice;
  if (f.otherAreas) out.otherAreas = f.otherAreas;
  return out;
}

export function criteriaValues(a: CriteriaAssessment | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!a) return out;
  for (const key of CRITERION_KEYS) {
    const x = a[key];
    if (!x) continue;
    out[key] = x.answer;
    if (x.evidence) out[evidenceIdOf(key)] = x.evidence;
  }
  return out;
}
