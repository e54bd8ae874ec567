/**
 * How cases and events are stored sealed (encryption at rest), for the repository and `rotate-key`.
 *
 * - Commits: each event is `{ type, data: { sealed } }`: the type stays in clear (and is
 *   authenticated), the data is sealed, bound to its commit, position and type.
 * - Snapshots: the fields queries and indexes need stay in clear (CLEAR); every other field
 *   of the case (children, notification, referral, facts, criteria, votes, decision, corrections,
 *   reviewer, review record, action plan, reasons, panel response, and any field added later) is sealed together in `sealed`,
 *   bound to the case id and version.
 * - Values written before encryption (no `sealed`) are still read, so an older store opens;
 *   `cspr rotate-key` seals them.
 */
import type { Case } from '../domain/case.js';
import type { NewEvent } from '../domain/events.js';
import { isSealedBox, type DataCipher, type SealedBox } from './cipher.js';
/** A stored document: JSON fields by name. */
export type Doc = Record<string, unknown>;

/** Snapshot fields kept in clear: identity, state and dates for queries, indexes and reminders. */
const CLEAR = {
  id: true,
  partnershipId: true,
  ref: true,
  state: true,
  procedure: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  dates: true,
  duties: true,
  channels: true,
  themes: true,
  remindersPaused: true,
  erased: true, // when, from which state, how many children: no personal data
} as const satisfies Partial<Record<keyof Case, true>>;
type ClearField = keyof typeof CLEAR;

/** Every other field of a case is sealed; naming them here makes a new Case field a compile error until classified. */
const SEALED = {
  children: true,
  referral: true,
  notification: true,
  reasons: true,
  facts: true,
  criteria: true,
  votes: true,
  decision: true,
  corrections: true,
  panelResponse: true,
  reviewer: true,
  review: true,
  actionPlan: true,
} as const satisfies Record<Exclude<keyof Case, ClearField>, true>;
/** `$unset` of every sealed field: removes clear copies a store written before encryption left behind. */
export const UNSET_CLEAR_COPIES: Readonly<Record<string, ''>> = Object.fromEntries(
  Object.keys(SEALED).map((f) => [f, '']),
);

export type StoredEvent = {
  type: NewEvent['type'];
  data: { sealed: SealedBox } | NewEvent['data'];
};

/** A snapshot as stored: clear fields, `sealed` (or, before encryption, the case's fields in clear). */
export type SnapshotDoc = Doc &
  Pick<Case, ClearField> & { _id: string; index?: Record<string, unknown>; sealed?: SealedBox };

const eventContext = (commitId: string, i: number, type: string) =>
  `commit ${commitId} event ${i} (${type})`;
const snapshotContext = (doc: { _id: string; version: number }) =>
  `case ${doc._id} snapshot v${doc.version}`;

export function sealEvents(
  cipher: DataCipher,
  commitId: string,
  events: readonly NewEvent[],
): StoredEvent[] {
  return events.map((e, i) => ({
    type: e.type,
    data: { sealed: cipher.seal(e.data, eventContext(commitId, i, e.type)) },
  }));
}

/** The events of a commit in clear (throws SealError if any cannot be opened: never a partial read). */
export function openEvents(
  cipher: DataCipher,
  commitId: string,
  events: readonly StoredEvent[],
): NewEvent[] {
  return events.map((e, i) => {
    const sealed = sealedOf(e.data);
    return {
      type: e.type,
      data: sealed ? cipher.open(sealed, eventContext(commitId, i, e.type)) : e.data,
    } as NewEvent;
  });
}

export function sealSnapshot(
  cipher: DataCipher,
  c: Case,
  index: Record<string, unknown>,
): SnapshotDoc {
  const clear: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) (k in CLEAR ? clear : secret)[k] = v;
  return {
    ...(clear as Pick<Case, ClearField>),
    _id: c.id,
    index,
    sealed: cipher.seal(secret, snapshotContext({ _id: c.id, version: c.version })),
  };
}

/** The case a snapshot holds (throws SealError if it cannot be opened). */
export function openSnapshot(cipher: DataCipher, doc: SnapshotDoc): Case {
  const { _id, index: _index, sealed, ...rest } = doc;
  if (!sealed) return rest as unknown as Case; // written before encryption
  const clear = Object.fromEntries(Object.entries(rest).filter(([k]) => k in CLEAR));
  return {
    ...clear,
    ...cipher.open<Record<string, unknown>>(sealed, snapshotContext({ _id, version: doc.version })),
  } as unknown as Case;
}

/** The sealed box of an event's data, if sealed. */
export function sealedOf(data: unknown): SealedBox | undefined {
  const box =
    typeof data === 'object' && data !== null ? (data as { sealed?: unknown }).sealed : undefined;
  return isSealedBox(box) ? box : undefined;
}
