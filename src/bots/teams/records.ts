/**
 * `timeline [REF] [page N|last]` and `export [REF]` in Teams.
 *
 * The timeline is a card of one page (20 events) with who, what and when; in a shared conversation
 * no partner's vote outcome shows before all three voted, in a personal chat the person's own does.
 *
 * The export answers with a summary card (decision, votes, every statutory timescale) and, beside
 * it, the Word file as an inline (data URI) attachment. Teams itself does not let a bot post a file
 * into a channel without Microsoft Graph and SharePoint, nor into a personal chat without the file
 * consent flow; so in Teams the summary card is what people see, the inline .docx is for clients
 * that show it (the Agents Playground, the Bot Framework Emulator), and the full record is always
 * one `npx cspr export REF` away (docs/teams.md). The record names children by pseudonym, so it is
 * given only in a personal chat or in the case's own channel.
 */
import type { Attachment } from '@microsoft/agents-activity';
import { exportReport, reportFileName } from '../../app/report.js';
import { DOCX_MIME, reportDocx } from '../../app/report-docx.js';
import { userMessage } from '../../app/messages.js';
import { pageArg, timelinePage } from '../../app/timeline.js';
import type { Case } from '../../domain/case.js';
import { isDomainError } from '../../domain/errors.js';
import type { Actor } from '../../domain/roles.js';
import { attachment, messageCard, noticeCard, type AdaptiveCard } from '../../cards/teams/index.js';
import type { OutgoingActivity } from './connector.js';
import { teamsChannel, type TeamsRuntime, type Turn } from './runtime.js';

/** A card with files beside it (one message). */
export interface CardWithFiles {
  card: AdaptiveCard;
  files: Attachment[];
}

/** The activity of a command's answer: the card, then any files. */
export function replyActivity(reply: AdaptiveCard | CardWithFiles): OutgoingActivity {
  const r: CardWithFiles = isCardWithFiles(reply) ? reply : { card: reply, files: [] };
  return { type: 'message', attachments: [attachment(r.card), ...r.files] };
}

function isCardWithFiles(reply: AdaptiveCard | CardWithFiles): reply is CardWithFiles {
  return (reply as { type?: unknown }).type !== 'AdaptiveCard' && Array.isArray((reply as { files?: unknown }).files);
}

/** Inline attachments bigger than this are left out (Teams caps a message at about 100 KB). */
export const INLINE_FILE_LIMIT = 60_000;

export async function timelineCard(rt: TeamsRuntime, turn: Turn, c: Case, actor: Actor, args: string[]): Promise<AdaptiveCard> {
  try {
    const page = pageArg(args);
    const shared = turn.kind !== 'personal';
    const t = await timelinePage(rt.service, actor, c.id, { ...(page ? { page } : {}), ...(shared ? {} : { viewer: actor }) });
    const first = (t.page - 1) * t.pageSize + 1;
    const lines: string[] = [];
    if (t.votesHidden) lines.push('Votes stay hidden until all three partners have voted.');
    if (t.page < t.pages) lines.push(`Next: \`timeline ${t.ref} page ${t.page + 1}\`${t.pages > 2 ? ` · latest: \`timeline ${t.ref} page last\`` : ''}`);
    else if (t.pages > 1) lines.push(`First page: \`timeline ${t.ref} page 1\``);
    return messageCard({
      title: `Audit trail: ${t.ref}`,
      subtitle: `Events ${first}–${first + t.entries.length - 1} of ${t.total} (page ${t.page} of ${t.pages})`,
      sections: [{ facts: t.entries.map((e) => ({ title: e.when, value: `${e.failed ? '⚠ ' : ''}${e.what} (${e.who})` })) }, ...(lines.length ? [{ lines }] : [])],
    });
  } catch (err) {
    if (isDomainError(err)) return noticeCard(`Audit trail: ${c.ref}`, userMessage(err), 'warning');
    throw err;
  }
}

export async function exportReply(rt: TeamsRuntime, turn: Turn, c: Case, actor: Actor): Promise<AdaptiveCard | CardWithFiles> {
  const title = `Rapid review record: ${c.ref}`;
  const own = teamsChannel(c);
  if (turn.kind !== 'personal' && !(turn.channelId && own && own.id === turn.channelId))
    return noticeCard(title, 'The record names the children by pseudonym: ask me for it in the case’s own channel, or in a personal chat with me.', 'warning');
  let bytes: Buffer;
  let report: Awaited<ReturnType<typeof exportReport>>;
  const started = Date.now();
  try {
    report = await exportReport(rt.service, actor, c.id);
    bytes = await reportDocx(report);
  } catch (err) {
    if (isDomainError(err)) return noticeCard(title, userMessage(err), 'warning');
    throw err;
  }
  const filename = reportFileName(c.ref, 'docx');
  const data = bytes.toString('base64');
  const inline = data.length <= INLINE_FILE_LIMIT;
  rt.log.info({ teams: 'export', caseId: c.id, bytes: bytes.length, inline, ms: Date.now() - started }, 'rapid review record exported');
  const s = report.summary;
  const card = messageCard({
    title,
    subtitle: report.partnershipName,
    lines: [
      report.generatedLine,
      inline
        ? `The full record is attached as ${filename} (${Math.max(1, Math.round(bytes.length / 1024))} KB). If your Teams does not show the file, the business manager can run \`npx cspr export ${c.ref} --out ${filename}\`.`
        : `The full record (${Math.round(bytes.length / 1024)} KB) is too large to attach in Teams: the business manager can run \`npx cspr export ${c.ref} --out ${filename}\`.`,
    ],
    sections: [
      { heading: 'Where it stands', facts: [{ title: 'State', value: s.state }, { title: 'Decision', value: s.decision }] },
      { heading: 'Votes', facts: s.votes.map((v) => ({ title: v.partner, value: v.text })) },
      { heading: 'Statutory timescales', facts: s.timescales.map((t) => ({ title: t.label, value: `${t.due}: ${t.status}` })) },
    ],
  });
  return inline ? { card, files: [{ contentType: DOCX_MIME, contentUrl: `data:${DOCX_MIME};base64,${data}`, name: filename }] } : card;
}
