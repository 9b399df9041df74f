import { beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
import { importSigningKey, type SigningKey } from '../keys/import-key.js';
import { requestObjectClaims, type ProtocolParameters } from './request-object-claims.js';
import { signRequestObject } from './sign-request-object.js';

const protocol: ProtocolParameters = {
  clientId: 'client-1',
  redirectUri: 'https://rp.example/callback',
  responseMode: 'jwt',
  scope: 'openid',
  state: 'state-1',
  nonce: 'nonce-1',
  codeChallenge: 'challenge-1',
};
let key: SigningKey;

beforeAll(async () => {
  key = await importSigningKey(
    await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey),
    'k',
  );
});

describe('requestObjectClaims', () => {
  it('carries every protocol parameter, with PKCE S256 and response_type code', () => {
    expect(requestObjectClaims(protocol, {})).toEqual({
      client_id: 'client-1',
      redirect_uri: 'https://rp.example/callback',
      response_type: 'code',
      response_mode: 'jwt',
      scope: 'openid',
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
    });
  });

  it('lets no extra parameter override a protocol parameter', () => {
    const claims = requestObjectClaims(protocol, {
      extra: { state: 'x', code_challenge_method: 'plain', redirect_uri: 'https://attacker.example' },
    });
    expect(claims).toMatchObject({
      state: 'state-1',
      code_challenge_method: 'S256',
      redirect_uri: 'https://rp.example/callback',
    });
  });

  it('maps application parameters to their claim names', () => {
    const claims = requestObjectClaims(
      { ...protocol, dpopJkt: 'jkt' },
      {
        authorizationDetails: [{ type: 't' }],
        acrValues: 'acr',
        prompt: 'login',
        loginHint: 'alice',
        maxAge: 0,
        claims: { userinfo: {} },
        resource: 'https://api.example/',
      },
    );
    expect(claims).toMatchObject({
      dpop_jkt: 'jkt',
      authorization_details: [{ type: 't' }],
      acr_values: 'acr',
      prompt: 'login',
      login_hint: 'alice',
      max_age: 0,
      claims: { userinfo: {} },
      resource: 'https://api.example/',
    });
  });
});

describe('signRequestObject', () => {
  it('signs with typ oauth-authz-req+jwt, the key alg and kid', async () => {
    const { jwt } = await signRequestObject({
      claims: requestObjectClaims(protocol, {}),
      clientId: 'client-1',
      issuer: 'https://as.example',
      key,
      lifetime: 60,
    });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', kid: key.kid, typ: 'oauth-authz-req+jwt' });
    await expect(
      jwtVerify(jwt, await importJWK(key.publicJwk, 'ES256'), { typ: 'oauth-authz-req+jwt' }),
    ).resolves.toBeDefined();
  });

  it('sets iss = client_id, aud = the issuer as a string, iat = nbf, exp = iat + lifetime, and a fresh jti', async () => {
    const input = {
      claims: requestObjectClaims(protocol, {}),
      clientId: 'client-1',
      issuer: 'https://as.example',
      key,
      lifetime: 60,
    };
    const first = await signRequestObject(input);
    const second = await signRequestObject(input);
    const claims = decodeJwt(first.jwt);
    expect(claims).toMatchObject({ iss: 'client-1', aud: 'https://as.example', client_id: 'client-1', jti: first.jti });
    expect(typeof claims.aud).toBe('string');
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.exp! - claims.nbf!).toBe(60);
    expect(second.jti).not.toBe(first.jti);
  });

  it('never puts sub, request or request_uri inside the request object', async () => {
    const { jwt } = await signRequestObject({
      claims: requestObjectClaims(protocol, {}),
      clientId: 'client-1',
      issuer: 'https://as.example',
      key,
      lifetime: 60,
    });
    const claims = decodeJwt(jwt);
    for (const name of ['sub', 'request', 'request_uri']) expect(claims).not.toHaveProperty(name);
  });
});
