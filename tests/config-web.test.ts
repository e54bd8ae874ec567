/** PUBLIC_URL and the Teams tab's SSO settings (TEAMS_SSO_AUDIENCE, TEAMS_SSO_METADATA_URL). */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('web configuration', () => {
  it('takes PUBLIC_URL without its trailing slash; without it, warns that links point at localhost', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://cspr.north.example.gov.uk/' }).publicUrl).toBe(
      'https://cspr.north.example.gov.uk',
    );
    const bare = loadConfig({});
    expect(bare.publicUrl).toBeUndefined();
    expect(bare.warnings.join('\n')).toContain('PUBLIC_URL is not set');
  });

  it('refuses a PUBLIC_URL or metadata URL that is not http(s)', () => {
    expect(problemsOf({ PUBLIC_URL: 'cspr.example.org' }).join('\n')).toContain(
      'PUBLIC_URL: "cspr.example.org" is not an http(s) URL',
    );
    expect(
      problemsOf({ TEAMS_SSO_AUDIENCE: 'api://x/1', TEAMS_SSO_METADATA_URL: 'ftp://x' }).join('\n'),
    ).toContain('TEAMS_SSO_METADATA_URL');
  });

  it('turns the tab SSO on with an audience, defaulting to Microsoft’s multi-tenant metadata', () => {
    expect(loadConfig({}).teamsSso).toBeUndefined();
    expect(loadConfig({ TEAMS_SSO_AUDIENCE: 'api://cspr.example.org/0000' }).teamsSso).toEqual({
      audience: 'api://cspr.example.org/0000',
      metadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    });
  });
});
