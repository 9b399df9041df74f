import { beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type * as oauth from 'oauth4webapi';
import type { SignetClientOptions } from '../config/client-options.js';
import { resolveOptions, type ClientConfig } from '../config/resolve-options.js';
import { validateMetadata } from './validate-metadata.js';

const ISSUER = 'https://as.example';
let jwk: JWK;
let fapi2: ClientConfig;
const metadata = (extra: Record<string, unknown> = {}): oauth.AuthorizationServer => {
  const value: Record<string, unknown> = {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/authorize`,
    token_endpoint: `${ISSUER}/token`,
    pushed_authorization_request_endpoint: `${ISSUER}/par`,
    jwks_uri: `${ISSUER}/jwks`,
    ...extra,
  };
  for (const [name, v] of Object.entries(value)) if (v === undefined) delete value[name];
  return value as oauth.AuthorizationServer;
};
const config = (options: Partial<SignetClientOptions> = {}) =>
  resolveOptions({
    issuer: ISSUER,
    clientId: 'client-1',
    redirectUri: 'https://rp.example/callback',
    signingKeys: [jwk],
    ...options,
  });

beforeAll(async () => {
  jwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
  fapi2 = await config();
});

describe('validateMetadata', () => {
  it('accepts metadata with every endpoint a FAPI 2.0 flow needs', () => {
    expect(() =>
      validateMetadata(
        fapi2,
        metadata({ response_modes_supported: ['jwt'], authorization_signing_alg_values_supported: ['PS256'] }),
      ),
    ).not.toThrow();
  });

  it.each(['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'pushed_authorization_request_endpoint'])(
    'refuses metadata without %s under fapi2',
    (name) => {
      expect(() => validateMetadata(fapi2, metadata({ [name]: undefined }))).toThrow(
        expect.objectContaining({ code: 'ERR_DISCOVERY_METADATA_INVALID' }),
      );
    },
  );

  it('does not require PAR under fapi1-advanced with usePar auto', async () => {
    const fapi1 = await config({ profile: 'fapi1-advanced', dpop: true });
    expect(() => validateMetadata(fapi1, metadata({ pushed_authorization_request_endpoint: undefined }))).not.toThrow();
  });

  it('requires PAR whenever usePar is true', async () => {
    const fapi1 = await config({ profile: 'fapi1-advanced', usePar: true, dpop: true });
    expect(() => validateMetadata(fapi1, metadata({ pushed_authorization_request_endpoint: undefined }))).toThrow(
      expect.objectContaining({ code: 'ERR_DISCOVERY_METADATA_INVALID' }),
    );
  });

  it('refuses metadata that advertises response modes without the configured one', () => {
    expect(() => validateMetadata(fapi2, metadata({ response_modes_supported: ['query', 'form_post'] }))).toThrow(
      expect.objectContaining({ code: 'ERR_DISCOVERY_METADATA_INVALID' }),
    );
  });

  it('refuses metadata whose JARM algorithms are all outside the allow-list', () => {
    expect(() =>
      validateMetadata(fapi2, metadata({ authorization_signing_alg_values_supported: ['RS256', 'HS256'] })),
    ).toThrow(expect.objectContaining({ code: 'ERR_DISCOVERY_METADATA_INVALID' }));
  });

  it.each(['jwks_uri', 'authorization_endpoint'])('refuses a plain http %s for an https issuer', (name) => {
    expect(() => validateMetadata(fapi2, metadata({ [name]: `http://as.example/${name}` }))).toThrow(
      expect.objectContaining({ code: 'ERR_DISCOVERY_METADATA_INVALID' }),
    );
  });
});
