/**
 * `timeline [REF] [page N|last]` and `export [REF]` in Teams.
 *
 * The timeline is a card of one page (20 events) with who, what and when; in a shared conversation
 * no partner's vote outcome shows before all three voted, in a personal chat the person's own does.
 *
 * The export answers with a summary card (decision, votes, every statutory timescale). In the case's
 * own channel the Word file then goes into the channel's Files (Graph upload session) and a file
 * card follows; in a personal chat (where Teams would need the file consent flow) the .docx is an
 * inline (data URI) attachment for clients that show it (the Agents Playground, the Emulator), and
 * the full record is always one `npx cspr export REF` away (docs/teams.md). The record names children by pseudonym, so it is
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
import { statusOf, type OutgoingActivity } from './connector.js';
import { GraphError, type DriveItem } from './graph.js';
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
  return (
    (reply as { type?: unknown }).type !== 'AdaptiveCard' &&
    Array.isArray((reply as { files?: unknown }).files)
  );
}

/** Inline attachments bigger than this are left out (Teams caps a message at about 100 KB). */
export const INLINE_FILE_LIMIT = 60_000;

export async function timelineCard(
  rt: TeamsRuntime,
  turn: Turn,
  c: Case,
  actor: Actor,
  args: string[],
): Promise<AdaptiveCard> {
  try {
    const page = pageArg(args);
    const shared = turn.kind !== 'personal';
    const t = await timelinePage(rt.service, actor, c.id, {
      ...(page ? { page } : {}),
      ...(shared ? {} : { viewer: actor }),
    });
    const first = (t.page - 1) * t.pageSize + 1;
    const lines: string[] = [];
    if (t.votesHidden) lines.push('Votes stay hidden until all three partners have voted.');
    if (t.page < t.pages)
      lines.push(
        `Next: \`timeline ${t.ref} page ${t.page + 1}\`${t.pages > 2 ? ` · latest: \`timeline ${t.ref} page last\`` : ''}`,
      );
    else if (t.pages > 1) lines.push(`First page: \`timeline ${t.ref} page 1\``);
    return messageCard({
      title: `Audit trail: ${t.ref}`,
      subtitle: `Events ${first}–${first + t.entries.length - 1} of ${t.total} (page ${t.page} of ${t.pages})`,
      sections: [
        {
          facts: t.entries.map((e) => ({
            title: e.when,
            value: `${e.failed ? '⚠ ' : ''}${e.what} (${e.who})`,
          })),
        },
        ...(lines.length ? [{ lines }] : []),
      ],
    });
  } catch (err) {
    if (isDomainError(err)) return noticeCard(`Audit trail: ${c.ref}`, userMessage(err), 'warning');
    throw err;
  }
}

export async function exportReply(
  rt: TeamsRuntime,
  turn: Turn,
  c: Case,
  actor: Actor,
): Promise<AdaptiveCard | CardWithFiles> {
  const title = `Rapid review record: ${c.ref}`;
  const own = teamsChannel(c);
  if (turn.kind !== 'personal' && !(turn.channelId && own && own.id === turn.channelId))
    return noticeCard(
      title,
      'The record names the children by pseudonym: ask me for it in the case’s own channel, or in a personal chat with me.',
      'warning',
    );
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
  const s0 = report.summary;
  // In the case's own channel (through Graph): into the channel's Files, with a file card, after the answer.
  if (turn.kind !== 'personal' && own && !own.meta.local && own.meta.teamId && rt.graph) {
    const teamId = own.meta.teamId;
    rt.background.run('teams.export', () =>
      putInChannelFiles(
        rt,
        turn,
        c,
        { teamId, channelId: own.id, tenantId: own.meta.tenantId },
        filename,
        bytes,
      ),
    );
    rt.log.info(
      { teams: 'export', caseId: c.id, bytes: bytes.length, files: true, ms: Date.now() - started },
      'rapid review record exported',
    );
    return summaryCard(
      title,
      report.partnershipName,
      [
        report.generatedLine,
        `I am putting ${filename} into this channel's Files; its file card follows here.`,
      ],
      s0,
    );
  }
  const data = bytes.toString('base64');
  const inline = data.length <= INLINE_FILE_LIMIT;
  rt.log.info(
    { teams: 'export', caseId: c.id, bytes: bytes.length, inline, ms: Date.now() - started },
    'rapid review record exported',
  );
  const card = summaryCard(
    title,
    report.partnershipName,
    [
      report.generatedLine,
      inline
        ? `The full record is attached as ${filename} (${Math.max(1, Math.round(bytes.length / 1024))} KB). If your Teams does not show the file, the business manager can run \`npx cspr export ${c.ref} --out ${filename}\`.`
        : `The full record (${Math.round(bytes.length / 1024)} KB) is too large to attach in Teams: the business manager can run \`npx cspr export ${c.ref} --out ${filename}\`.`,
    ],
    s0,
  );
  return inline
    ? {
        card,
        files: [
          {
            contentType: DOCX_MIME,
            contentUrl: `data:${DOCX_MIME};base64,${data}`,
            name: filename,
          },
        ],
      }
    : card;
}

type ReportSummary = Awaited<ReturnType<typeof exportReport>>['summary'];

function summaryCard(
  title: string,
  subtitle: string,
  lines: string[],
  s: ReportSummary,
): AdaptiveCard {
  return messageCard({
    title,
    subtitle,
    lines,
    sections: [
      {
        heading: 'Where it stands',
        facts: [
          { title: 'State', value: s.state },
          { title: 'Decision', value: s.decision },
        ],
      },
      { heading: 'Votes', facts: s.votes.map((v) => ({ title: v.partner, value: v.text })) },
      {
        heading: 'Statutory timescales',
        facts: s.timescales.map((t) => ({ title: t.label, value: `${t.due}: ${t.status}` })),
      },
    ],
  });
}

/** Teams' file card: the file in the channel's Files, opened from there (its unique id is the item's eTag GUID). */
export function fileCard(item: DriveItem): Attachment {
  const uniqueId = /\{?([0-9a-f-]{36})\}?/i.exec(item.eTag ?? '')?.[1] ?? item.id;
  return {
    contentType: FILE_CARD,
    contentUrl: item.webUrl,
    name: item.name,
    content: { uniqueId, fileType: 'docx' },
  };
}

export const FILE_CARD = 'application/vnd.microsoft.teams.card.file.info';

async function putInChannelFiles(
  rt: TeamsRuntime,
  turn: Turn,
  c: Case,
  where: { teamId: string; channelId: string; tenantId: string | undefined },
  filename: string,
  bytes: Buffer,
): Promise<void> {
  let activity: OutgoingActivity;
  try {
    const item = await rt.graph!.uploadToChannelFiles(
      where.tenantId,
      where.teamId,
      where.channelId,
      filename,
      bytes,
    );
    activity = { type: 'message', attachments: [fileCard(item)] };
  } catch (err) {
    const code = err instanceof GraphError ? err.code : 'failed';
    rt.log.warn(
      { caseId: c.id, code },
      'rapid review record could not be put into the channel files',
    );
    activity = replyActivity(
      noticeCard(
        `Rapid review record: ${c.ref}`,
        `I could not put ${filename} into this channel's Files (${code}). Ask me again in a moment; the business manager can also run \`npx cspr export ${c.ref} --out ${filename}\`.`,
        'warning',
      ),
    );
  }
  try {
    await rt.connector.send(turn.serviceUrl, turn.conversationId, activity);
  } catch (err) {
    rt.log.warn(
      { caseId: c.id, status: statusOf(err) },
      'the export file card could not be posted',
    );
  }
}
