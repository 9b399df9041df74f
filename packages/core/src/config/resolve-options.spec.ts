import { beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SignetClientOptions } from './client-options.js';
import { DEFAULTS, resolveOptions } from './resolve-options.js';

let ecJwk: JWK;
const base = (): SignetClientOptions => ({
  issuer: 'https://as.example',
  clientId: 'client-1',
  redirectUri: 'https://rp.example/callback',
  signingKeys: [ecJwk],
});
const refusal = (options: Partial<SignetClientOptions> | Record<string, unknown>) =>
  resolveOptions({ ...base(), ...options } as SignetClientOptions);

beforeAll(async () => {
  ecJwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
});

describe('resolveOptions', () => {
  it('applies the documented defaults to a minimal configuration', async () => {
    const config = await resolveOptions(base());
    expect(config).toMatchObject({
      profile: 'fapi2',
      responseMode: 'jwt',
      usePar: 'auto',
      scope: 'openid',
      responseAlgorithms: DEFAULTS.responseAlgorithms,
      clockTolerance: 5,
      requestObjectLifetime: 60,
      requireEncryptedResponses: false,
      allowInsecureLoopback: false,
    });
    expect(config.signingKeys[0]).toMatchObject({ alg: 'ES256' });
  });

  it.each([
    ['issuer', { issuer: undefined }],
    ['issuer', { issuer: '' }],
    ['clientId', { clientId: undefined }],
    ['clientId', { clientId: '  ' }],
    ['redirectUri', { redirectUri: undefined }],
  ])('refuses a configuration without %s, naming the field', async (field, options) => {
    const err = await refusal(options).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field });
    expect((err as Error).message).toMatch(new RegExp(`^${field}: `));
  });

  it.each([
    ['issuer', { issuer: 'http://as.example' }],
    ['redirectUri', { redirectUri: 'http://rp.example/callback' }],
  ])('refuses a plain http %s on a non-loopback host', async (field, options) => {
    await expect(refusal(options)).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field,
      message: expect.stringContaining('https'),
    });
  });

  it('allows plain http on loopback and says so in the config', async () => {
    const config = await refusal({ issuer: 'http://127.0.0.1:8080', redirectUri: 'http://localhost:3000/callback' });
    expect(config.allowInsecureLoopback).toBe(true);
  });

  it.each([
    ['issuer', { issuer: 'https://as.example/?tenant=a' }],
    ['issuer', { issuer: 'https://as.example/#x' }],
    ['issuer', { issuer: 'not a url' }],
    ['redirectUri', { redirectUri: 'https://rp.example/callback#frag' }],
  ])('refuses a malformed %s', async (field, options) => {
    await expect(refusal(options)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID', field });
  });

  it.each(['none', 'HS256', 'RS256'])('refuses a signing key whose alg is overridden to %s', async (alg) => {
    const err = await refusal({ signingKeys: [{ key: ecJwk, alg }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'signingKeys[0]' });
    expect((err as Error).message).toContain(alg);
  });

  it('refuses a symmetric (oct) signing key', async () => {
    await expect(
      refusal({ signingKeys: [{ kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA' }] }),
    ).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'signingKeys[0]',
      message: expect.stringContaining('symmetric'),
    });
  });

  it('refuses an RSA signing key of 1024 bits', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await expect(refusal({ signingKeys: [privateKey.export({ format: 'jwk' }) as JWK] })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining('2048'),
    });
  });

  it('refuses a public-only signing key', async () => {
    const { d: _d, ...publicJwk } = ecJwk;
    await expect(refusal({ signingKeys: [publicJwk] })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining('private'),
    });
  });

  it('refuses an EC P-384 signing key (not a FAPI algorithm)', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await expect(refusal({ signingKeys: [privateKey.export({ format: 'jwk' }) as JWK] })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'signingKeys[0]',
    });
  });

  it('refuses a configuration without signing keys', async () => {
    await expect(refusal({ signingKeys: [] })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'signingKeys',
    });
  });

  it('refuses two signing keys that share a kid', async () => {
    const other = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    await expect(
      refusal({
        signingKeys: [
          { ...ecJwk, kid: 'same' },
          { ...other, kid: 'same' },
        ],
      }),
    ).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'signingKeys',
      message: expect.stringContaining('kid'),
    });
  });

  it.each([
    ['requestObjectLifetime', 3601],
    ['requestObjectLifetime', 0],
    ['clockTolerance', 61],
    ['clockTolerance', -1],
    ['clockTolerance', 1.5],
    ['responseMaxLifetime', 3601],
    ['transactionTtl', 10],
    ['maxResponseSize', 10_000_000],
  ])('refuses %s = %p', async (field, value) => {
    const err = await refusal({ [field]: value }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field });
    expect((err as Error).message).toMatch(new RegExp(`^${field}: `));
  });

  it('refuses fapi2 with usePar false', async () => {
    await expect(refusal({ usePar: false })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'usePar',
      message: expect.stringContaining('PAR'),
    });
  });

  it('accepts fapi1-advanced with usePar false (request by value)', async () => {
    await expect(refusal({ profile: 'fapi1-advanced', usePar: false, dpop: true })).resolves.toMatchObject({
      usePar: false,
    });
  });

  it.each([
    ['profile', { profile: 'fapi3' }],
    ['responseMode', { responseMode: 'query' }],
    ['responseMode', { responseMode: 'form_post' }],
    ['usePar', { usePar: 'yes' }],
    ['scope', { scope: ' ' }],
    ['fetch', { fetch: 'fetch' }],
    ['store', { store: {} }],
    ['audit', { audit: 'console' }],
  ])('refuses an invalid %s', async (field, options) => {
    await expect(refusal(options)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID', field });
  });

  it.each([[['none']], [['HS256']], [['RS256']], [['ES256', 'HS512']], [[]], ['ES256']])(
    'refuses responseAlgorithms %j',
    async (responseAlgorithms) => {
      await expect(refusal({ responseAlgorithms })).rejects.toMatchObject({
        code: 'ERR_CONFIG_INVALID',
        field: 'responseAlgorithms',
      });
    },
  );

  it.each([
    ['responseEncryptionAlgorithms', ['RSA1_5']],
    ['responseEncryptionAlgorithms', ['RSA-OAEP']],
    ['responseEncryptionAlgorithms', ['dir']],
    ['responseContentEncryptionAlgorithms', ['A128CBC-HS256']],
  ])('refuses %s %j', async (field, value) => {
    await expect(refusal({ [field]: value })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID', field });
  });

  it.each([
    ['encryptRequestObject.alg', { alg: 'RSA1_5' }],
    ['encryptRequestObject.enc', { enc: 'A128CBC-HS256' }],
  ])('refuses request object encryption with a weak %s', async (field, encryptRequestObject) => {
    await expect(refusal({ encryptRequestObject })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID', field });
  });

  it('requires encrypted responses once decryption keys are set, unless explicitly allowed', async () => {
    const dec = await exportJWK((await generateKeyPair('ECDH-ES', { extractable: true })).privateKey);
    await expect(refusal({ decryptionKeys: [dec] })).resolves.toMatchObject({ requireEncryptedResponses: true });
    await expect(refusal({ decryptionKeys: [dec], allowUnencryptedResponses: true })).resolves.toMatchObject({
      requireEncryptedResponses: false,
    });
  });

  describe('PEM keys', () => {
    it.each([
      ['EC P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'ES256'],
      ['RSA 2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 }), 'PS256'],
      ['Ed25519', () => generateKeyPairSync('ed25519'), 'EdDSA'],
    ])('imports a PKCS#8 %s key and infers %s', async (_, generate, alg) => {
      const pem = generate().privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      const config = await refusal({ signingKeys: pem });
      expect(config.signingKeys[0]).toMatchObject({ alg });
      expect(config.signingKeys[0]!.publicJwk).not.toHaveProperty('d');
    });

    it('refuses a PEM public key', async () => {
      const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
        type: 'spki',
        format: 'pem',
      }) as string;
      await expect(refusal({ signingKeys: pem })).rejects.toMatchObject({
        code: 'ERR_CONFIG_INVALID',
        field: 'signingKeys[0]',
      });
    });
  });
});

describe('resolveOptions: mutual TLS', () => {
  it('refuses fapi1-advanced with neither DPoP nor a client certificate, naming both', async () => {
    await expect(refusal({ profile: 'fapi1-advanced' })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'profile',
      message: expect.stringMatching(/sender-constrained.*tls\.certificate and tls\.key.*SIGNET_TLS_CERT_FILE.*dpop/),
    });
  });

  it.each(['tls_client_auth', 'self_signed_tls_client_auth'])(
    'refuses clientAuth %s without a certificate',
    async (m) => {
      await expect(refusal({ clientAuth: m as never })).rejects.toMatchObject({ field: 'clientAuth' });
    },
  );

  it('refuses an unknown clientAuth', async () => {
    await expect(refusal({ clientAuth: 'client_secret_basic' as never })).rejects.toMatchObject({
      field: 'clientAuth',
    });
  });

  it('refuses a certificate without its key', async () => {
    await expect(refusal({ tls: { certificate: '-----BEGIN CERTIFICATE-----' } })).rejects.toMatchObject({
      field: 'tls.certificate',
      message: expect.stringMatching(/needs its private key/),
    });
  });
});
