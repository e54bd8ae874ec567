/** The partnership file's review group (where the weekly oversight digest goes) and the post-decision local defaults. */
import { describe, expect, it } from 'vitest';
import { parsePartnerships } from '../src/config.js';

const holders = [
  { id: 'la', name: 'LA', roles: ['la'] },
  { id: 'police', name: 'Police', roles: ['police'] },
  { id: 'health', name: 'Health', roles: ['health'] },
];
const parse = (extra: Record<string, unknown>) =>
  parsePartnerships(
    JSON.stringify({
      partnerships: [{ id: 'lincs', name: 'Lincs', refPrefix: 'LINCS', holders, ...extra }],
    }),
    'file.yaml',
  );

describe('review group and post-decision timescales', () => {
  it('takes an optional review group and overrides of the local defaults', () => {
    const { partnerships, problems } = parse({
      reviewGroup: {
        slackChannelId: 'C0REVIEW1',
        teamsChannelId: '19:abc@thread.tacv2',
        teamsServiceUrl: 'https://smba.trafficmanager.net/uk/',
      },
      overrides: { draftReportMonths: 3, panelResponseWorkingDays: 10 },
    });
    expect(problems).toEqual([]);
    expect(partnerships[0]!.reviewGroup?.slackChannelId).toBe('C0REVIEW1');
    expect(partnerships[0]!.timescales).toMatchObject({
      draftReportMonths: 3,
      panelResponseWorkingDays: 10,
      reviewerInformedWorkingDays: 5,
      learningReviewMonths: 6,
    });
    expect(parse({}).partnerships[0]!.reviewGroup).toBeUndefined();
  });

  it('names each problem of a review group', () => {
    const { problems } = parse({
      reviewGroup: { slackChannelId: 'general', teamsServiceUrl: 'not a url', other: 1 },
    });
    expect(problems.join('\n')).toContain(
      'file.yaml at partnerships.0.reviewGroup.slackChannelId: a Slack channel id looks like C012ABCDEF',
    );
    expect(problems.join('\n')).toContain('partnerships.0.reviewGroup.teamsServiceUrl');
    expect(problems.join('\n')).toContain('partnerships.0.reviewGroup');
  });
});
