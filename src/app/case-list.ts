/**
 * `list`, on every platform: one page of the partnership's cases, newest first, with how many there
 * are in all and the command for the next page. A partnership keeps its cases for years, so the
 * answer reads (and works out the next deadline of) one page only, never every case.
 */
import type { PartnershipConfig } from '../config.js';
import { DomainError } from '../domain/errors.js';
import type { Actor } from '../domain/roles.js';
import type { CaseService } from './case-service.js';
import { caseLines, type CaseLine } from './commands.js';

export const LIST_PAGE_SIZE = 20;

export interface CaseListPage {
  lines: CaseLine[];
  /** Cases in all (every page). */
  total: number;
  page: number;
  pages: number;
  /** The command for the next page, when there is one. */
  next?: string;
}

/** The page asked for: `list`, `list 2`, `list page 2`. */
export function listPageArg(args: string[]): number {
  const words = args.map((a) => a.toLowerCase()).filter((a) => a !== 'page' && a !== 'p');
  const w = words[0];
  if (w === undefined) return 1;
  if (!/^\d{1,6}$/.test(w) || Number(w) < 1)
    throw new DomainError('field.invalid', 'Give a page number, for example “list page 2”.', {
      field: 'page',
    });
  return Number(w);
}

export async function caseListPage(
  service: CaseService,
  actors: Actor[],
  partnerships: Map<string, PartnershipConfig>,
  page: number,
  now: Date,
): Promise<CaseListPage> {
  const { cases, total } = await service.listPage(actors, {
    limit: LIST_PAGE_SIZE,
    offset: (page - 1) * LIST_PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  return {
    lines: caseLines(cases, partnerships, now),
    total,
    page,
    pages,
    ...(page < pages ? { next: `list page ${page + 1}` } : {}),
  };
}

/** The line under a page that is not all of it ("114 more (page 1 of 7): list page 2"), or past the last page. */
export function moreLine(p: CaseListPage): string | undefined {
  const shownBefore = (p.page - 1) * LIST_PAGE_SIZE;
  const after = p.total - shownBefore - p.lines.length;
  if (after > 0) return `${after} more (page ${p.page} of ${p.pages}): ${p.next}`;
  if (p.page > 1 && p.lines.length === 0)
    return `There are ${p.total} case${p.total === 1 ? '' : 's'}, on ${p.pages} page${p.pages === 1 ? '' : 's'}.`;
  return undefined;
}
