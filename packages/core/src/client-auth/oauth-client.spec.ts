import { beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { resolveOptions, type ClientConfig } from '../config/resolve-options.js';
import { narrowedMetadata, oauthClient } from './oauth-client.js';

const as: oauth.AuthorizationServer = {
  issuer: 'https://as.example',
  token_endpoint: 'https://as.example/token',
  id_token_signing_alg_values_supported: ['RS256', 'ES256', 'PS256'],
};
let config: ClientConfig;
let other: ClientConfig;

beforeAll(async () => {
  const key = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
  const options = { issuer: as.issuer, redirectUri: 'https://rp.example/callback', signingKeys: [key] };
  config = await resolveOptions({ ...options, clientId: 'client-1', clockTolerance: 7 });
  other = await resolveOptions({ ...options, clientId: 'client-2' });
});

describe('oauthClient', () => {
  it('is the client as oauth4webapi sees it, made once per configuration and never changed', () => {
    const client = oauthClient(config);
    expect(client).toEqual({ client_id: 'client-1', [oauth.clockTolerance]: 7 });
    expect(oauthClient(config)).toBe(client);
    expect(Object.isFrozen(client)).toBe(true);
    expect(oauthClient(other).client_id).toBe('client-2');
  });
});

describe('narrowedMetadata', () => {
  it('narrows the ID token algorithms to the allow-list, once per metadata document and configuration', () => {
    const view = narrowedMetadata(config, as);
    expect(view.id_token_signing_alg_values_supported).toEqual(['ES256', 'PS256']);
    expect(view.token_endpoint).toBe(as.token_endpoint);
    expect(narrowedMetadata(config, as)).toBe(view);
    expect(Object.isFrozen(view)).toBe(true);
    expect(as.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256', 'PS256']);
  });

  it('makes a new view for refreshed metadata (another document) and for another configuration', () => {
    const view = narrowedMetadata(config, as);
    const refreshed = { ...as, id_token_signing_alg_values_supported: ['ES256'] };
    expect(narrowedMetadata(config, refreshed).id_token_signing_alg_values_supported).toEqual(['ES256']);
    expect(narrowedMetadata(other, as)).not.toBe(view);
  });
});
