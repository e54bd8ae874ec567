/** Two partnerships for tests, parsed by the real config loader. */
import { parsePartnerships, type PartnershipConfig } from '../../src/config.js';
import type { Notification } from '../../src/domain/case.js';
import { actorOf } from '../../src/app/identity.js';
import type { Actor } from '../../src/domain/roles.js';

const holders = (prefix: string) => [
  { id: `${prefix}-la`, name: `${prefix} LA lead`, roles: ['la'] },
  { id: `${prefix}-police`, name: `${prefix} police lead`, roles: ['police'] },
  { id: `${prefix}-health`, name: `${prefix} health lead`, roles: ['health'] },
  { id: `${prefix}-bm`, name: `${prefix} business manager`, roles: ['business-manager'] },
  { id: `${prefix}-chair`, name: `${prefix} chair`, roles: ['chair'] },
  { id: `${prefix}-scrutineer`, name: `${prefix} scrutineer`, roles: ['scrutineer'] },
  { id: `${prefix}-member`, name: `${prefix} member`, roles: ['member'] },
];

export function testPartnerships(): PartnershipConfig[] {
  const { partnerships, problems } = parsePartnerships(
    JSON.stringify({
      partnerships: [
        {
          id: 'north',
          name: 'North Safeguarding Children Partnership',
          refPrefix: 'NORTH',
          holders: holders('north'),
        },
        {
          id: 'south',
          name: 'South Safeguarding Children Partnership',
          refPrefix: 'SOUTH',
          holders: holders('south'),
        },
      ],
    }),
    'test',
  );
  if (problems.length) throw new Error(problems.join('\n'));
  return partnerships;
}

export function actor(
  partnerships: PartnershipConfig[],
  partnershipId: string,
  role: string,
): Actor {
  const p = partnerships.find((x) => x.id === partnershipId)!;
  return actorOf(
    p,
    p.holders.find((h) => h.roles.includes(role as never))!,
  );
}

export const notification = (overrides: Partial<Notification> = {}): Notification => ({
  awareOn: '2026-12-22',
  harm: 'serious-harm',
  abuseOrNeglect: 'suspected',
  location: 'in-area',
  childStatus: 'none',
  children: [{ pseudonym: 'Child A', age: 3 }],
  notifyingAgency: 'Children’s social care',
  summary: 'Infant admitted with unexplained injuries.',
  ...overrides,
});

export const facts = {
  summary: 'What happened, without names.',
  agencies: ['police', 'hospital'],
  keyEpisodes: 'Two missed health visits.',
  immediateAction: false,
  learning: 'Information sharing between agencies.',
  complexOrNational: false,
  themes: ['nai-infancy'],
};
