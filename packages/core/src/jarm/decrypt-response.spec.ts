import { beforeAll, describe, expect, it } from '@jest/globals';
import { CompactEncrypt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { resolveOptions, type ClientConfig } from '../config/resolve-options.js';
import { unwrapResponse } from './decrypt-response.js';

const JWS = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln';
let plain: ClientConfig;
let encrypted: ClientConfig;
let lenient: ClientConfig;
let encJwk: JWK;

async function encrypt(
  plaintext: string,
  header: { alg: string; enc: string; kid?: string } = { alg: 'ECDH-ES', enc: 'A256GCM' },
  to: JWK = encJwk,
) {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ kid: to.kid, ...header })
    .encrypt(await importJWK(to, header.alg));
}

beforeAll(async () => {
  const signing = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
  const decryption = {
    ...(await exportJWK((await generateKeyPair('ECDH-ES', { extractable: true })).privateKey)),
    kid: 'enc-1',
  };
  const base = {
    issuer: 'https://as.example',
    clientId: 'client-1',
    redirectUri: 'https://rp.example/callback',
    signingKeys: [signing],
  };
  plain = await resolveOptions(base);
  encrypted = await resolveOptions({ ...base, decryptionKeys: [decryption] });
  lenient = await resolveOptions({ ...base, decryptionKeys: [decryption], allowUnencryptedResponses: true });
  encJwk = encrypted.decryptionKeys[0]!.publicJwk;
});

describe('unwrapResponse', () => {
  it('passes a JWS through when encryption is not required', async () => {
    await expect(unwrapResponse(plain, JWS)).resolves.toBe(JWS);
    await expect(unwrapResponse(lenient, JWS)).resolves.toBe(JWS);
  });

  it('decrypts a nested JWE to its inner JWS', async () => {
    await expect(unwrapResponse(encrypted, await encrypt(JWS))).resolves.toBe(JWS);
  });

  it('rejects a JWE when no decryption key is configured', async () => {
    await expect(unwrapResponse(plain, await encrypt(JWS))).rejects.toMatchObject({
      code: 'ERR_JARM_ENCRYPTION_UNEXPECTED',
    });
  });

  it('rejects a plain JWS when encrypted responses are required', async () => {
    await expect(unwrapResponse(encrypted, JWS)).rejects.toMatchObject({ code: 'ERR_JARM_ENCRYPTION_REQUIRED' });
  });

  it('rejects a JWE encrypted to another key', async () => {
    const other = {
      ...(await exportJWK((await generateKeyPair('ECDH-ES', { extractable: true })).publicKey)),
      kid: 'enc-1',
    };
    await expect(unwrapResponse(encrypted, await encrypt(JWS, undefined, other))).rejects.toMatchObject({
      code: 'ERR_JARM_DECRYPTION_FAILED',
    });
  });

  it('rejects a JWE whose kid names no configured key', async () => {
    await expect(
      unwrapResponse(encrypted, await encrypt(JWS, { alg: 'ECDH-ES', enc: 'A256GCM', kid: 'enc-2' })),
    ).rejects.toMatchObject({
      code: 'ERR_JARM_DECRYPTION_FAILED',
    });
  });

  it.each([
    ['content encryption A128CBC-HS256', { alg: 'ECDH-ES', enc: 'A128CBC-HS256' }],
    ['key management ECDH-ES+A128KW (not in the default allow-list)', { alg: 'ECDH-ES+A128KW', enc: 'A256GCM' }],
  ])('rejects a JWE with disallowed %s', async (_, header) => {
    await expect(unwrapResponse(encrypted, await encrypt(JWS, header))).rejects.toMatchObject({
      code: 'ERR_JARM_DECRYPTION_FAILED',
    });
  });

  it.each([
    ['bare JSON claims', '{"iss":"https://as.example","code":"c","state":"s"}'],
    ['another JWE', 'a.b.c.d.e'],
    ['text', 'hello'],
  ])('rejects a JWE that wraps %s instead of a signed JWT', async (_, inner) => {
    await expect(unwrapResponse(encrypted, await encrypt(inner))).rejects.toMatchObject({ code: 'ERR_JARM_MALFORMED' });
  });

  it.each([
    ['four parts', 'a.b.c.d'],
    ['characters outside base64url', 'a+b.c/d.e='],
    ['whitespace', `${JWS} `],
    ['nothing', ''],
  ])('rejects a response with %s', async (_, response) => {
    await expect(unwrapResponse(plain, response)).rejects.toMatchObject({ code: 'ERR_JARM_MALFORMED' });
  });
});
