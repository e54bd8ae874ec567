/**
 * The Slack user ids learned for holders invited by email (src/app/slack-connect.ts): one small
 * document per holder, keyed by partnership and holder. Ids only: no email, no name.
 */
import type { LearnedSlackId, SlackIdStore } from '../app/slack-connect.js';
import type { Doc, StoreEngine } from './collection.js';

interface IdDoc extends Doc {
  _id: string;
  partnershipId: string;
  holderId: string;
  userId: string;
  external: boolean;
}

export function slackIdStore(engine: StoreEngine): SlackIdStore {
  const ids = engine.collection<IdDoc>('slack_connect_ids');
  return {
    async all() {
      return (await ids.find({}).toArray()).map(({ partnershipId, holderId, userId, external }) => ({ partnershipId, holderId, userId, external }));
    },
    async save(id: LearnedSlackId) {
      await ids.updateOne({ _id: `${id.partnershipId}:${id.holderId}` }, { $set: { partnershipId: id.partnershipId, holderId: id.holderId, userId: id.userId, external: id.external } }, { upsert: true });
    },
  };
}
