import { beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import type * as oauth from 'oauth4webapi';
import { resolveOptions, type ClientConfig } from '../config/resolve-options.js';
import { privateKeyJwt } from './private-key-jwt.js';

const as: oauth.AuthorizationServer = { issuer: 'https://as.example', token_endpoint: 'https://as.example/token' };
const client: oauth.Client = { client_id: 'client-1' };

async function configWith(alg: 'ES256' | 'EdDSA'): Promise<ClientConfig> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return resolveOptions({
    issuer: as.issuer,
    clientId: client.client_id,
    redirectUri: 'https://rp.example/callback',
    signingKeys: [{ ...(await exportJWK(privateKey)), alg, kid: `k-${alg}` }],
  });
}

async function assertion(auth: oauth.ClientAuth): Promise<string> {
  const body = new URLSearchParams();
  await auth(as, client, body, new Headers());
  return body.get('client_assertion')!;
}

describe('privateKeyJwt', () => {
  let es256: ClientConfig;
  beforeAll(async () => {
    es256 = await configWith('ES256');
  });

  it('is made once per signing key, and signs a fresh assertion (jti) on every request', async () => {
    const key = es256.signingKeys[0]!;
    const auth = privateKeyJwt(key);
    expect(privateKeyJwt(key)).toBe(auth);
    const [first, second] = [await assertion(auth), await assertion(auth)];
    expect(decodeJwt(first)).toMatchObject({ iss: 'client-1', sub: 'client-1', aud: as.issuer });
    expect(decodeJwt(first).jti).not.toBe(decodeJwt(second).jti);
    expect(decodeProtectedHeader(first)).toMatchObject({ alg: 'ES256', kid: 'k-ES256' });
  });

  it('gives another key its own authentication', async () => {
    const other = await configWith('ES256');
    expect(privateKeyJwt(other.signingKeys[0]!)).not.toBe(privateKeyJwt(es256.signingKeys[0]!));
    expect(decodeProtectedHeader(await assertion(privateKeyJwt(other.signingKeys[0]!))).kid).toBe('k-ES256');
  });

  it('keeps the configured "EdDSA" identifier of an Ed25519 key', async () => {
    const ed = await configWith('EdDSA');
    expect(decodeProtectedHeader(await assertion(privateKeyJwt(ed.signingKeys[0]!))).alg).toBe('EdDSA');
  });
});
