/**
 * Teams user ids (MRIs, `29:…`) of the partnership's holders, for the case card's per-user refresh.
 * The partnership file knows Entra object ids; Teams gives both ids on every activity and in the
 * roster, so the directory learns them from activities and fetches a conversation's roster once.
 */
import type { Member } from './connector.js';

export class MemberDirectory {
  private readonly mriByAad = new Map<string, string>();
  private readonly fetched = new Set<string>();

  learn(aadObjectId: string | undefined, mri: string | undefined): void {
    if (aadObjectId && mri && mri.startsWith('29:'))
      this.mriByAad.set(aadObjectId.toLowerCase(), mri);
  }

  known(aadObjectId: string): string | undefined {
    return this.mriByAad.get(aadObjectId.toLowerCase());
  }

  /**
   * The MRIs of these users; when some are unknown, reads the roster of `conversationKey` once
   * (through `roster`) and learns from it. A roster that cannot be read leaves those users out.
   */
  async mrisOf(
    aadObjectIds: string[],
    conversationKey: string,
    roster: () => Promise<Member[]>,
  ): Promise<string[]> {
    if (aadObjectIds.some((id) => !this.known(id)) && !this.fetched.has(conversationKey)) {
      this.fetched.add(conversationKey);
      try {
        for (const m of await roster()) this.learn(m.aadObjectId, m.id);
      } catch {
        this.fetched.delete(conversationKey); // try again next time
      }
    }
    return aadObjectIds.map((id) => this.known(id)).filter((x): x is string => Boolean(x));
  }
}
