/**
 * Slack Connect acceptances: `shared_channel_invite_accepted` for a case channel's invitation
 * notes who accepted on the case (its channel record, so on the audit trail), learns their user id
 * for votes, reminders and direct messages, and updates the case message (which lists who has not
 * accepted yet). Only an invitation the bot itself recorded for that channel counts.
 */
import type { App } from '@slack/bolt';
import { type CaseService } from '../../app/case-service.js';
import { safeError } from '../../logger.js';
import type { SlackConnectDirectory } from '../../app/slack-connect.js';
import { systemActor } from '../../domain/roles.js';
import { connectInvites } from './case-channel.js';
import { SLACK_ID, slackChannelOf, type SlackDeps, type SlackEffectsPort } from './context.js';

export function registerConnect(
  app: App,
  deps: SlackDeps,
  connect: SlackConnectDirectory,
  effects: SlackEffectsPort,
): void {
  app.event('shared_channel_invite_accepted', async ({ event }) => {
    const channelId = event.channel?.id;
    const inviteId = event.invite?.id;
    const userId = event.accepting_user?.id;
    if (
      typeof channelId !== 'string' ||
      !SLACK_ID.test(channelId) ||
      typeof inviteId !== 'string' ||
      typeof userId !== 'string' ||
      !/^[UW][A-Z0-9]{2,30}$/.test(userId)
    )
      return;
    try {
      await accepted(
        deps.service,
        connect,
        channelId,
        inviteId,
        userId,
        event.accepting_user.team_id,
      );
      const c = await caseOf(deps.service, channelId);
      if (c) effects.sync(c.id, undefined);
    } catch (err) {
      deps.log.warn(
        { err: safeError(err), event: 'shared_channel_invite_accepted' },
        'could not note a Slack Connect acceptance',
      );
    }
  });
}

async function caseOf(service: CaseService, channelId: string) {
  return service.caseInChannel({ platform: 'slack', id: channelId });
}

async function accepted(
  service: CaseService,
  connect: SlackConnectDirectory,
  channelId: string,
  inviteId: string,
  userId: string,
  teamId: string | undefined,
): Promise<void> {
  const c = await caseOf(service, channelId);
  const ch = c && slackChannelOf(c);
  if (!c || !ch) return;
  const invites = connectInvites(ch);
  const [holderId, invite] = Object.entries(invites).find(([, i]) => i.invite === inviteId) ?? [];
  if (!holderId || !invite) return; // not an invitation of ours
  const host = service.partnership(c.partnershipId).slack?.teamId;
  await connect.learn({
    partnershipId: c.partnershipId,
    holderId,
    userId,
    external: !host || !teamId || teamId !== host,
  });
  if (invite.acceptedBy === userId) return;
  const meta = {
    ...(ch.meta ?? {}),
    connect: { ...invites, [holderId]: { ...invite, acceptedBy: userId } },
  };
  await service.run(
    systemActor(c.partnershipId),
    c.id,
    { type: 'record-channel', channel: { ...ch, meta }, isNew: false },
    `slack:connect:${inviteId}`,
  );
}
