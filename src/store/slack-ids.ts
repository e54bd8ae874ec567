/**
 * The Slack user ids learned for holders invited by email (src/app/slack-connect.ts): one small
 * side record per holder, keyed by partnership and holder. Ids only: no email, no name.
 */
import type { LearnedSlackId, SlackIdStore } from '../app/slack-connect.js';
import type { StorePort } from './port.js';

const PAGE = 500;

export function slackIdStore(store: StorePort): SlackIdStore {
  const ids = store.records<LearnedSlackId>('slack_connect_ids');
  return {
    async all() {
      const out: LearnedSlackId[] = [];
      for (let after: string | undefined; ;) {
        const page = await ids.page(after, PAGE);
        for (const {
          value: { partnershipId, holderId, userId, external },
        } of page)
          out.push({ partnershipId, holderId, userId, external });
        if (page.length < PAGE) return out;
        after = page[page.length - 1]!.id;
      }
    },
    async save(id: LearnedSlackId) {
      await ids.put(`${id.partnershipId}:${id.holderId}`, {
        partnershipId: id.partnershipId,
        holderId: id.holderId,
        userId: id.userId,
        external: id.external,
      });
    },
  };
}
