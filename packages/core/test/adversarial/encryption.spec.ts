// Encrypted (nested JWE) responses: encryption hides a response, it never vouches for one. Anyone holding the
// client's public key can encrypt, so the inner JWS signature of the AS is what is trusted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { encryptTo, unsignedJws } from '../../../testing/src/index.js';
import { expectRefused, secretsOf, startHarness, type Harness } from './harness.js';

async function decryptionKey(alg: 'ECDH-ES' | 'RSA-OAEP-256') {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: `enc-${alg}` };
}

describe('encrypted authorization responses', () => {
  let h: Harness;
  let encJwk: JWK;
  const encryptToClient = async (plaintext: string, enc = 'A256GCM', alg = 'ECDH-ES') =>
    encryptTo(plaintext, encJwk, await importJWK(encJwk, alg), { alg, enc });

  beforeAll(async () => {
    h = await startHarness({ decryptionKeys: [await decryptionKey('ECDH-ES')] });
    encJwk = h.client.publicJwks().keys.find((k) => k.use === 'enc')!;
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('completes a login with a nested JWE signed by the AS and encrypted to the client', async () => {
    const login = await h.begin();
    const response = await encryptToClient(await h.as.response({ code: login.code, state: login.state }));
    await expect(h.deliver(response)).resolves.toMatchObject({ subject: 'alice' });
  });

  it('refuses a plain JWS when encrypted responses are required', async () => {
    const login = await h.begin();
    const response = await h.as.response({ code: login.code, state: login.state });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_ENCRYPTION_REQUIRED', secretsOf(login, response));
  });

  it('refuses a JWE that wraps bare JSON claims instead of a signed JWT', async () => {
    const login = await h.begin();
    const now = Math.floor(Date.now() / 1000);
    const claims = JSON.stringify({
      iss: h.as.issuer,
      aud: h.as.clientId,
      exp: now + 60,
      code: login.code,
      state: login.state,
    });
    await expectRefused(h, h.deliver(await encryptToClient(claims)), 'ERR_JARM_MALFORMED', secretsOf(login));
  });

  it('refuses a JWE that wraps an alg none JWT (anyone can encrypt to the client)', async () => {
    const login = await h.begin();
    const now = Math.floor(Date.now() / 1000);
    const inner = unsignedJws(
      { alg: 'none' },
      { iss: h.as.issuer, aud: h.as.clientId, iat: now, exp: now + 60, code: login.code, state: login.state },
    );
    await expectRefused(
      h,
      h.deliver(await encryptToClient(inner)),
      'ERR_JARM_ALG_NOT_ALLOWED',
      secretsOf(login, inner),
    );
  });

  it('refuses a JWE whose content encryption is A128CBC-HS256 (not allowed)', async () => {
    const login = await h.begin();
    const response = await encryptToClient(
      await h.as.response({ code: login.code, state: login.state }),
      'A128CBC-HS256',
    );
    await expectRefused(h, h.deliver(response), 'ERR_JARM_DECRYPTION_FAILED', secretsOf(login));
  });

  it('refuses a JWE whose key management is ECDH-ES+A128KW (not allowed by default)', async () => {
    const login = await h.begin();
    const response = await encryptToClient(
      await h.as.response({ code: login.code, state: login.state }),
      'A256GCM',
      'ECDH-ES+A128KW',
    );
    await expectRefused(h, h.deliver(response), 'ERR_JARM_DECRYPTION_FAILED', secretsOf(login));
  });

  it('refuses a JWE encrypted to another key under the client key id', async () => {
    const login = await h.begin();
    const foreign = {
      ...(await exportJWK((await generateKeyPair('ECDH-ES', { extractable: true })).publicKey)),
      kid: encJwk.kid,
    };
    const inner = await h.as.response({ code: login.code, state: login.state });
    const response = await encryptTo(inner, foreign, await importJWK(foreign, 'ECDH-ES'), {
      alg: 'ECDH-ES',
      enc: 'A256GCM',
    });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_DECRYPTION_FAILED', secretsOf(login));
  });

  it('refuses a JWE with RSA-OAEP (SHA-1) to an RSA-OAEP-256 key', async () => {
    const rsa = await startHarness({ as: h.as, decryptionKeys: [await decryptionKey('RSA-OAEP-256')] });
    const rsaJwk = rsa.client.publicJwks().keys.find((k) => k.use === 'enc')!;
    const login = await rsa.begin();
    const inner = await h.as.response({ code: login.code, state: login.state });
    const response = await encryptTo(inner, rsaJwk, await importJWK(rsaJwk, 'RSA-OAEP'), {
      alg: 'RSA-OAEP',
      enc: 'A256GCM',
    });
    await expectRefused(rsa, rsa.deliver(response), 'ERR_JARM_DECRYPTION_FAILED', secretsOf(login));
  });

  it('refuses a JWE when no decryption key is configured', async () => {
    const plain = await startHarness({ as: h.as });
    const login = await plain.begin();
    const response = await encryptToClient(await h.as.response({ code: login.code, state: login.state }));
    await expectRefused(plain, plain.deliver(response), 'ERR_JARM_ENCRYPTION_UNEXPECTED', secretsOf(login));
  });
});
