/**
 * A local stand-in for the Entra token issuer: on 127.0.0.1 it serves the OpenID metadata and the
 * signing keys (`/{tenant}/discovery/v2.0/keys`) the Agents SDK fetches to check a token, and signs
 * RS256 tokens as the channel service would, or wrongly on purpose (another key, `alg: none`, a
 * wrong audience, expired). Real time, since the SDK checks expiry on the real clock.
 */
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const b64url = (x: Buffer | string) => Buffer.from(x).toString('base64url');

export interface TokenClaims {
  aud?: string;
  iss?: string;
  /** Seconds from now (negative: in the past). */
  expiresIn?: number;
  [claim: string]: unknown;
}

export class FakeIssuer {
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** A key the issuer does not publish: tokens it signs must be refused. */
  private readonly strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly kid = `kid-${randomUUID()}`;
  /** Every path fetched (the SDK fetches the keys once, then caches them). */
  readonly fetched: string[] = [];
  private server?: Server;
  port = 0;

  constructor(
    readonly tenantId: string,
    readonly appId: string,
  ) {}

  /** The authority (MicrosoftAppAuthority). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The issuer its tokens carry (MicrosoftAppIssuers). */
  get issuer(): string {
    return `${this.url}/${this.tenantId}/v2.0`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.fetched.push(req.url ?? '');
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === `/${this.tenantId}/discovery/v2.0/keys`) {
        const jwk = this.keys.publicKey.export({ format: 'jwk' });
        return send(200, { keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256' }] });
      }
      if (req.url === `/${this.tenantId}/v2.0/.well-known/openid-configuration`)
        return send(200, {
          issuer: this.issuer,
          jwks_uri: `${this.url}/${this.tenantId}/discovery/v2.0/keys`,
          token_endpoint: `${this.url}/${this.tenantId}/oauth2/v2.0/token`,
        });
      send(404, { error: 'not_found' });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** The env that points the bot at this issuer. */
  env(): Record<string, string> {
    return {
      MicrosoftAppId: this.appId,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: this.tenantId,
      MicrosoftAppAuthority: this.url,
      MicrosoftAppIssuers: this.issuer,
    };
  }

  /** A valid token for the bot, as the channel service sends it. */
  token(claims: TokenClaims = {}): string {
    return this.sign(this.keys.privateKey, claims);
  }

  /** Signed by a key the issuer does not publish (same kid). */
  tokenSignedByStranger(claims: TokenClaims = {}): string {
    return this.sign(this.strangerKey.privateKey, claims);
  }

  /** An unsigned token (`alg: none`), otherwise valid. */
  unsignedToken(claims: TokenClaims = {}): string {
    const header = b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    return `${header}.${b64url(JSON.stringify(this.payload(claims)))}.`;
  }

  private payload(claims: TokenClaims): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const { expiresIn = 3600, ...rest } = claims;
    return {
      aud: this.appId,
      iss: this.issuer,
      tid: this.tenantId,
      nbf: now - 60,
      iat: now - 60,
      exp: now + expiresIn,
      ...rest,
    };
  }

  private sign(key: KeyObject, claims: TokenClaims): string {
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid }));
    const body = b64url(JSON.stringify(this.payload(claims)));
    const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key);
    return `${header}.${body}.${b64url(signature)}`;
  }
}
