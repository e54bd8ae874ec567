/**
 * The bot's Entra identity for the Microsoft 365 Agents SDK: one AuthConfiguration, used both to
 * check incoming tokens (the SDK's `authorizeJWT`) and to get outgoing ones (the SDK's MSAL token
 * provider, so a client secret, a certificate or a managed identity all work, and MSAL keeps the
 * cache). The authority and the accepted issuers come from the environment so that another cloud,
 * or the tests' local token issuer, can stand in for login.microsoftonline.com.
 */
import {
  AuthType,
  type AuthConfiguration,
  type AuthProvider,
  type Connections,
} from '@microsoft/agents-hosting';
import type { TeamsEnv } from '../../config.js';
import type { TokenProvider } from './graph.js';

/** The resource of a token for the Bot Connector (replies, proactive posts, card updates); the SDK adds `/.default`. */
export const BOT_CONNECTOR_SCOPE = 'https://api.botframework.com';
/** The resource of an app-only Microsoft Graph token. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com';

const AUTH_TYPES: Record<TeamsEnv['appType'], AuthType> = {
  MultiTenant: AuthType.ClientSecret,
  SingleTenant: AuthType.ClientSecret,
  UserAssignedMSI: AuthType.UserManagedIdentity,
};

/**
 * The SDK configuration of the bot. Without an app id it is empty: the SDK then lets activities in
 * anonymously (local mode, never with NODE_ENV=production) and sends them without a token.
 */
export function authConfigOf(env: TeamsEnv): AuthConfiguration {
  if (!env.appId) return {};
  const certificate = env.certPemFile && env.certKeyFile;
  return {
    clientId: env.appId,
    authType: certificate ? AuthType.Certificate : AUTH_TYPES[env.appType],
    ...(env.appPassword && !certificate ? { clientSecret: env.appPassword } : {}),
    ...(certificate ? { certPemFile: env.certPemFile, certKeyFile: env.certKeyFile } : {}),
    ...(env.tenantId ? { tenantId: env.tenantId } : {}),
    ...(env.authority ? { authorityEndpoint: env.authority } : {}),
    // Always check the issuer (the SDK leaves it off by default): the SDK's list for the tenant, or the configured one.
    validateIssuer: true,
    ...(env.issuers?.length ? { issuers: env.issuers } : {}),
  };
}

/**
 * Every connection the adapter asks for is this one provider. Used where the credentials are not
 * the bot's Entra app (the tests' local token source); production keeps the SDK's MSAL connections.
 */
export function singleConnection(provider: AuthProvider, config: AuthConfiguration): Connections {
  return {
    getConnection: () => provider,
    getDefaultConnection: () => provider,
    getTokenProvider: () => provider,
    getTokenProviderFromActivity: () => provider,
    getDefaultConnectionConfiguration: () => config,
  };
}

/** App-only Graph tokens per tenant from the SDK's provider (MSAL caches them per authority). */
export function graphTokensFrom(provider: AuthProvider, config: AuthConfiguration): TokenProvider {
  return {
    getToken: (tenantId) =>
      provider.getAccessToken({ ...config, ...(tenantId ? { tenantId } : {}) }, GRAPH_SCOPE),
  };
}
