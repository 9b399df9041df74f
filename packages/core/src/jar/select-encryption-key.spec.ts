import { beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type * as oauth from 'oauth4webapi';
import { selectEncryptionKey } from './select-encryption-key.js';

const as = (extra: Partial<oauth.AuthorizationServer> = {}): oauth.AuthorizationServer => ({
  issuer: 'https://as.example',
  ...extra,
});
let ecEnc: JWK;
let rsaEnc: JWK;
let ecSig: JWK;

beforeAll(async () => {
  ecEnc = {
    ...(await exportJWK((await generateKeyPair('ECDH-ES', { extractable: true })).publicKey)),
    kid: 'ec-enc',
    use: 'enc',
  };
  rsaEnc = {
    ...(await exportJWK((await generateKeyPair('RSA-OAEP-256', { extractable: true })).publicKey)),
    kid: 'rsa-enc',
    use: 'enc',
  };
  ecSig = {
    ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)),
    kid: 'ec-sig',
    use: 'sig',
    alg: 'ES256',
  };
});

describe('selectEncryptionKey', () => {
  it('prefers ECDH-ES with an EC encryption key', async () => {
    await expect(selectEncryptionKey(as(), [rsaEnc, ecEnc], { enc: 'A256GCM' })).resolves.toMatchObject({
      alg: 'ECDH-ES',
      enc: 'A256GCM',
      jwk: { kid: 'ec-enc' },
    });
  });

  it('uses RSA-OAEP-256 when that is all the AS advertises', async () => {
    const picked = await selectEncryptionKey(
      as({ request_object_encryption_alg_values_supported: ['RSA-OAEP-256', 'RSA1_5'] }),
      [ecEnc, rsaEnc],
      { enc: 'A256GCM' },
    );
    expect(picked).toMatchObject({ alg: 'RSA-OAEP-256', jwk: { kid: 'rsa-enc' } });
  });

  it("honours the client's explicit alg", async () => {
    await expect(
      selectEncryptionKey(as(), [ecEnc, rsaEnc], { alg: 'RSA-OAEP-256', enc: 'A256GCM' }),
    ).resolves.toMatchObject({ alg: 'RSA-OAEP-256' });
  });

  it('never encrypts to a signing key', async () => {
    await expect(selectEncryptionKey(as(), [ecSig], { enc: 'A256GCM' })).rejects.toMatchObject({
      code: 'ERR_REQUEST_ENCRYPTION_KEY_MISSING',
    });
  });

  it('refuses when the AS advertises only algorithms the client does not use', async () => {
    await expect(
      selectEncryptionKey(as({ request_object_encryption_alg_values_supported: ['RSA1_5'] }), [rsaEnc], {
        enc: 'A256GCM',
      }),
    ).rejects.toMatchObject({
      code: 'ERR_REQUEST_ENCRYPTION_KEY_MISSING',
    });
  });

  it('refuses when the AS does not accept the content encryption', async () => {
    await expect(
      selectEncryptionKey(as({ request_object_encryption_enc_values_supported: ['A128CBC-HS256'] }), [ecEnc], {
        enc: 'A256GCM',
      }),
    ).rejects.toMatchObject({
      code: 'ERR_REQUEST_ENCRYPTION_KEY_MISSING',
    });
  });

  it('refuses a key whose own alg is another algorithm', async () => {
    await expect(
      selectEncryptionKey(
        as({ request_object_encryption_alg_values_supported: ['ECDH-ES'] }),
        [{ ...ecEnc, alg: 'ECDH-ES+A256KW' }],
        { enc: 'A256GCM' },
      ),
    ).rejects.toMatchObject({
      code: 'ERR_REQUEST_ENCRYPTION_KEY_MISSING',
    });
  });

  it('refuses an empty key set', async () => {
    await expect(selectEncryptionKey(as(), [], { enc: 'A256GCM' })).rejects.toMatchObject({
      code: 'ERR_REQUEST_ENCRYPTION_KEY_MISSING',
    });
  });
});
