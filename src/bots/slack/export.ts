/**
 * `/cspr export [REF]`: the rapid review record as a Word file, uploaded into the case's private
 * channel with `files.uploadV2` (files.getUploadURLExternal → upload → files.completeUploadExternal).
 * The person who asked is answered privately, in plain words, whether it worked or not. The file
 * goes only to the private case channel, whatever channel the command was typed in.
 */
import type { webApi } from '@slack/bolt';
import { safeError } from '../../logger.js';
import { exportReport, reportFileName } from '../../app/report.js';
import { userMessage } from '../../app/messages.js';
import { isDomainError } from '../../domain/errors.js';
import type { Case } from '../../domain/case.js';
import type { Actor } from '../../domain/roles.js';
import type { SlackMessage } from '../../cards/slack/case-message.js';
import { textMessage } from '../../cards/slack/replies.js';
import { slackCode, why } from './case-channel.js';
import { slackChannelOf, type SlackDeps } from './context.js';

type WebClient = webApi.WebClient;

export async function exportToCaseChannel(
  client: WebClient,
  deps: SlackDeps,
  found: { case: Case; actor: Actor },
): Promise<SlackMessage> {
  const { case: c, actor } = found;
  const channel = slackChannelOf(c);
  if (!channel)
    return textMessage(
      `*${c.ref}* has no Slack case channel yet, so there is nowhere private to put the report. Try again once the channel is open.`,
    );
  let bytes: Buffer;
  let title: string;
  const started = Date.now();
  try {
    const report = await exportReport(deps.service, actor, c.id);
    // The Word writer (docx) is loaded at the first export, not at start-up.
    const { reportDocx } = await import('../../app/report-docx.js');
    bytes = await reportDocx(report);
    title = report.title;
  } catch (err) {
    if (isDomainError(err)) return textMessage(userMessage(err));
    throw err;
  }
  const filename = reportFileName(c.ref, 'docx');
  try {
    await client.files.uploadV2({
      channel_id: channel.id,
      file: bytes,
      filename,
      title,
      initial_comment: `Rapid review record for ${c.ref}, exported by ${actor.name}.`,
    });
  } catch (err) {
    const code = slackCode(err);
    deps.log.warn(
      { err: safeError(err), caseId: c.id, step: 'files.uploadV2', code },
      'export upload failed',
    );
    return textMessage(
      `I couldn’t put the rapid review record for *${c.ref}* in the case channel: ${why(code)} Nothing was shared.`,
    );
  }
  deps.log.info(
    { caseId: c.id, step: 'export', bytes: bytes.length, ms: Date.now() - started },
    'rapid review record exported',
  );
  return textMessage(
    `The rapid review record for *${c.ref}* is in <#${channel.id}> as \`${filename}\` (${Math.max(1, Math.round(bytes.length / 1024))} KB).`,
  );
}
