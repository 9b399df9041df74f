import { beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { verifyJarmResponse, type VerifyJarmResponseOptions } from './verify-jarm-response.js';

const ISSUER = 'https://as.example';
let signer: CryptoKey;
let jwks: { keys: JWK[] };
let options: VerifyJarmResponseOptions;

async function response(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, aud: 'client-1', iat: now, exp: now + 60, code: 'c', state: 's', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', ...header })
    .sign(signer);
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signer = pair.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] };
  options = { issuer: ISSUER, clientId: 'client-1', algorithms: ['ES256'], getKey: createLocalJWKSet(jwks) };
});

describe('verifyJarmResponse (standalone, no SignetClient)', () => {
  it('returns the verified claims and a replay id of what the AS signed', async () => {
    const jws = await response();
    const verified = await verifyJarmResponse(jws, options);
    expect(verified.claims).toMatchObject({ code: 'c', state: 's' });
    expect(verified.header).toMatchObject({ alg: 'ES256', kid: 'k1' });
    // The same for every spelling of the signature: the signature is not part of it.
    const [h, p] = jws.split('.');
    expect((await verifyJarmResponse(jws, options)).replayId).toBe(verified.replayId);
    expect(verified.replayId).not.toContain(jws.split('.')[2]!.slice(0, 10));
    expect(verified.replayId.startsWith('jarm:')).toBe(true);
    expect(h && p).toBeTruthy();
  });

  it('refuses a response from another issuer without resolving any key', async () => {
    let lookups = 0;
    const getKey: VerifyJarmResponseOptions['getKey'] = async (...args) => {
      lookups++;
      return createLocalJWKSet(jwks)(...args);
    };
    await expect(
      verifyJarmResponse(await response({ iss: 'https://other.example' }), { ...options, getKey }),
    ).rejects.toMatchObject({ code: 'ERR_JARM_ISSUER_INVALID' });
    expect(lookups).toBe(0);
  });

  it('refuses an algorithm outside the given list', async () => {
    await expect(verifyJarmResponse(await response(), { ...options, algorithms: ['PS256'] })).rejects.toMatchObject({
      code: 'ERR_JARM_ALG_NOT_ALLOWED',
    });
  });

  it.each([['none'], ['HS256']])('refuses options that would allow %s', async (alg) => {
    await expect(verifyJarmResponse(await response(), { ...options, algorithms: [alg] })).rejects.toMatchObject({
      code: 'ERR_USAGE_INVALID',
      field: 'algorithms',
    });
  });

  it('refuses a response living longer than maxLifetime', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect(
      verifyJarmResponse(await response({ iat: now, exp: now + 300 }), { ...options, maxLifetime: 60 }),
    ).rejects.toMatchObject({ code: 'ERR_JARM_LIFETIME_TOO_LONG' });
  });

  it('returns a verified error as claims (tying it to a login is the caller’s part)', async () => {
    const verified = await verifyJarmResponse(await response({ code: undefined, error: 'access_denied' }), options);
    expect(verified.claims.error).toBe('access_denied');
  });

  it('answers alike whether the key is a CryptoKey (one node:crypto verification) or a JWK (jose verifies)', async () => {
    const jwk: VerifyJarmResponseOptions['getKey'] = async () => jwks.keys[0]!;
    const good = await response();
    const [h, p, sig] = good.split('.') as [string, string, string];
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), code: 'x' })).toString('base64url')}.${sig}`;
    for (const getKey of [options.getKey, jwk]) {
      const verified = await verifyJarmResponse(good, { ...options, getKey });
      expect(verified.claims).toMatchObject({ code: 'c', state: 's', iss: ISSUER });
      expect(verified.header).toEqual({ alg: 'ES256', kid: 'k1' });
      await expect(verifyJarmResponse(forged, { ...options, getKey })).rejects.toMatchObject({
        code: 'ERR_JARM_SIGNATURE_INVALID',
      });
    }
  });
});
