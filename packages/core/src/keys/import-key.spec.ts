import { beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { importDecryptionKey, importSigningKey } from './import-key.js';

let ecJwk: JWK;
let edJwk: JWK;
beforeAll(async () => {
  ecJwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
  edJwk = await exportJWK((await generateKeyPair('EdDSA', { extractable: true })).privateKey);
});

describe('importSigningKey', () => {
  it('refuses malformed JWK JSON without quoting any of it, not even in the cause', async () => {
    const secretish = '{"kty":"EC","d":"SECRET-PRIVATE-PART",}';
    const err = (await importSigningKey(secretish, 'signingKeys[0]').catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'signingKeys[0]' });
    expect(err.cause).toBeUndefined();
    expect(JSON.stringify({ message: err.message, stack: err.stack })).not.toContain('SECRET-PRIVATE-PART');
  });

  it('imports a JWK, JWK JSON text and a PEM alike', async () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    for (const material of [ecJwk, JSON.stringify(ecJwk), pem]) {
      await expect(importSigningKey(material, 'k')).resolves.toMatchObject({ alg: 'ES256' });
    }
  });

  it('publishes only the public half, marked for signatures', async () => {
    const key = await importSigningKey(ecJwk, 'k');
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: key.kid });
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(key.privateKey.extractable).toBe(false);
  });

  it('takes the kid from the options, then the JWK, then the RFC 7638 thumbprint', async () => {
    const { d: _d, ...pub } = ecJwk;
    expect((await importSigningKey({ key: { ...ecJwk, kid: 'jwk-kid' }, kid: 'option-kid' }, 'k')).kid).toBe(
      'option-kid',
    );
    expect((await importSigningKey({ ...ecJwk, kid: 'jwk-kid' }, 'k')).kid).toBe('jwk-kid');
    expect((await importSigningKey(ecJwk, 'k')).kid).toBe(await calculateJwkThumbprint(pub));
  });

  it('accepts Ed25519 under either EdDSA or Ed25519', async () => {
    await expect(importSigningKey(edJwk, 'k')).resolves.toMatchObject({ alg: 'EdDSA' });
    await expect(importSigningKey({ key: edJwk, alg: 'Ed25519' }, 'k')).resolves.toMatchObject({ alg: 'Ed25519' });
  });

  it('refuses an algorithm that does not fit the key (PS256 on an EC key)', async () => {
    await expect(importSigningKey({ key: ecJwk, alg: 'PS256' }, 'signingKeys[1]')).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'signingKeys[1]',
      message: expect.stringMatching(/^signingKeys\[1\]: /),
    });
  });

  it('refuses an alg RS256 carried inside the JWK itself', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expect(
      importSigningKey({ ...(privateKey.export({ format: 'jwk' }) as JWK), alg: 'RS256' }, 'k'),
    ).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });

  it.each([
    ['invalid JSON text', '{"kty":'],
    ['a string that is neither JSON nor PEM', 'secret'],
    ['a malformed PEM', '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----'],
    ['a number', 42],
    ['an unknown key type', { kty: 'XYZ', d: 'x' }],
    ['an EC JWK with a broken private scalar', { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', d: 'AA' }],
  ])('refuses %s', async (_, material) => {
    await expect(importSigningKey(material as JWK, 'k')).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'k',
    });
  });

  it('refuses an X25519 key for signing', async () => {
    const x = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' }) as JWK;
    await expect(importSigningKey(x, 'k')).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });
});

describe('importDecryptionKey', () => {
  it('allows ECDH-ES variants for an EC key and RSA-OAEP-256 only for an RSA key', async () => {
    const ec = await exportJWK((await generateKeyPair('ECDH-ES', { extractable: true })).privateKey);
    await expect(importDecryptionKey(ec, 'd')).resolves.toMatchObject({
      algs: ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW'],
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK;
    const key = await importDecryptionKey(rsa, 'd');
    expect(key.algs).toEqual(['RSA-OAEP-256']);
    expect(key.publicJwk).toMatchObject({ use: 'enc' });
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('narrows to the alg given in the options', async () => {
    const ec = await exportJWK((await generateKeyPair('ECDH-ES', { extractable: true })).privateKey);
    await expect(importDecryptionKey({ key: ec, alg: 'ECDH-ES+A256KW' }, 'd')).resolves.toMatchObject({
      algs: ['ECDH-ES+A256KW'],
    });
  });

  it.each(['RSA-OAEP', 'RSA1_5'])('refuses %s for an RSA key', async (alg) => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK;
    await expect(importDecryptionKey({ key: rsa, alg }, 'decryptionKeys[0]')).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'decryptionKeys[0]',
    });
  });

  it('refuses an Ed25519 key for decryption', async () => {
    await expect(importDecryptionKey(edJwk, 'd')).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });

  it('refuses a symmetric key for decryption', async () => {
    await expect(importDecryptionKey({ kty: 'oct', k: 'AAAA' }, 'd')).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
    });
  });
});
