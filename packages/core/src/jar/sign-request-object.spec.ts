import { describe, expect, it } from '@jest/globals';
import { compactDecrypt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { importSigningKey } from '../keys/import-key.js';
import { encryptRequestObject, signRequestObject } from './sign-request-object.js';

describe('request objects', () => {
  it('are never compressed: neither the signed nor the encrypted request object carries zip', async () => {
    const key = await importSigningKey(
      await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey),
      'signingKeys[0]',
    );
    const { jwt } = await signRequestObject({
      claims: { scope: 'openid', padding: 'a'.repeat(2000) },
      clientId: 'client-1',
      issuer: 'https://as.example',
      key,
      lifetime: 60,
    });
    expect(decodeProtectedHeader(jwt)).not.toHaveProperty('zip');
    const enc = await generateKeyPair('ECDH-ES', { extractable: true });
    const jwk = await exportJWK(enc.publicKey);
    const jwe = await encryptRequestObject(jwt, { jwk, cryptoKey: enc.publicKey, alg: 'ECDH-ES', enc: 'A256GCM' });
    expect(decodeProtectedHeader(jwe)).not.toHaveProperty('zip');
    // Uncompressed: the ciphertext is at least as long as the request object it hides.
    const { plaintext } = await compactDecrypt(jwe, enc.privateKey, { maxDecompressedLength: 0 });
    expect(new TextDecoder().decode(plaintext)).toBe(jwt);
  });
});
