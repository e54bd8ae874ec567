/**
 * The Teams tab's SSO token (microsoftTeams.authentication.getAuthToken), validated on the server
 * with `jose`: signature against the issuer's JWKS (from the OpenID metadata, configurable so tests
 * use a local issuer), audience (the tab's Application ID URI), issuer of the token's own tenant,
 * and that tenant being the partnership's. The person is the holder with the token's `oid`.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { HolderRef } from '../app/web-access.js';
import type { PartnershipConfig } from '../config.js';

export interface TeamsSsoConfig {
  metadataUrl: string;
  audience: string;
}

interface Metadata {
  issuer: string;
  jwks_uri: string;
}

export class TeamsSsoVerifier {
  private metadata?: Promise<{ issuer: string; jwks: ReturnType<typeof createRemoteJWKSet> }>;

  constructor(
    private readonly config: TeamsSsoConfig,
    private readonly partnerships: PartnershipConfig[],
    /** MicrosoftAppTenantId: the tenant of partnerships that name none. */
    private readonly defaultTenantId?: string,
    /** The bot's clock (tests run on a fixed one). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  private load() {
    this.metadata ??= (async () => {
      const res = await fetch(this.config.metadataUrl);
      if (!res.ok) throw new Error(`OpenID metadata: HTTP ${res.status}`);
      const m = (await res.json()) as Metadata;
      if (typeof m.issuer !== 'string' || typeof m.jwks_uri !== 'string')
        throw new Error('OpenID metadata without issuer or jwks_uri');
      return { issuer: m.issuer, jwks: createRemoteJWKSet(new URL(m.jwks_uri)) };
    })().catch((err: unknown) => {
      this.metadata = undefined; // try again at the next request
      throw err;
    });
    return this.metadata;
  }

  /** The holder the token proves, or undefined when anything about it is wrong. */
  async holderOf(token: string): Promise<HolderRef | undefined> {
    let payload: JWTPayload;
    try {
      const { issuer, jwks } = await this.load();
      const unverified = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
      ) as { tid?: unknown };
      const tid =
        typeof unverified.tid === 'string' && /^[0-9a-f-]{36}$/i.test(unverified.tid)
          ? unverified.tid
          : undefined;
      if (!tid) return undefined;
      const issuers = [issuer.replace('{tenantid}', tid)];
      if (issuer.startsWith('https://login.microsoftonline.com/'))
        issuers.push(`https://sts.windows.net/${tid}/`); // v1.0 tokens
      ({ payload } = await jwtVerify(token, jwks, {
        audience: this.config.audience,
        issuer: issuers,
        algorithms: ['RS256'],
        clockTolerance: 60,
        currentDate: this.now(),
      }));
    } catch {
      return undefined;
    }
    const { oid, tid } = payload as { oid?: unknown; tid?: unknown };
    if (typeof oid !== 'string' || typeof tid !== 'string') return undefined;
    for (const p of this.partnerships) {
      const tenant = p.teams?.tenantId ?? this.defaultTenantId;
      if (!tenant || tenant.toLowerCase() !== tid.toLowerCase()) continue;
      const h = p.holders.find((x) => x.teamsAadObjectId?.toLowerCase() === oid.toLowerCase());
      if (h) return { partnershipId: p.id, holderId: h.id };
    }
    return undefined;
  }
}
