/** Short answers as cards: command replies, confirmations, refusals, the decision post. */
import { actionData, type CardVerb } from './action-data.js';
import { expandCard, type AdaptiveCard } from './template.js';

export interface MessageSection {
  heading?: string;
  lines?: string[];
  facts?: { title: string; value: string }[];
}

export interface MessageCardInput {
  /** Never a child's pseudonym. */
  title: string;
  subtitle?: string;
  notice?: string;
  noticeStyle?: 'good' | 'attention' | 'warning' | 'accent' | 'emphasis';
  lines?: string[];
  sections?: MessageSection[];
  actions?: { title: string; verb: CardVerb; caseId?: string; arg?: string }[];
}

export function messageCard(m: MessageCardInput): AdaptiveCard {
  return expandCard('message', {
    title: m.title,
    subtitle: m.subtitle ?? '',
    notice: m.notice ?? '',
    noticeStyle: m.noticeStyle ?? 'attention',
    lines: (m.lines ?? []).map((text) => ({ text })),
    sections: (m.sections ?? []).map((s) => ({
      heading: s.heading ?? '',
      lines: (s.lines ?? []).map((text) => ({ text })),
      facts: s.facts ?? [],
    })),
    actions: (m.actions ?? []).map((a) => ({
      title: a.title,
      verb: a.verb,
      data: actionData(a.verb, {
        ...(a.caseId ? { caseId: a.caseId } : {}),
        ...(a.arg ? { arg: a.arg } : {}),
      }),
    })),
  });
}

/** A refusal or a fault, in plain words. */
export function noticeCard(
  title: string,
  text: string,
  style: MessageCardInput['noticeStyle'] = 'attention',
): AdaptiveCard {
  return messageCard({ title, notice: text, noticeStyle: style });
}
