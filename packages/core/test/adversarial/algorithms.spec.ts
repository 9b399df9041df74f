// Issue 9 items 5 and 11: only what both sides declared is used. A key in the AS's JWKS is not an algorithm it
// declared; a request object signed with an algorithm the AS does not accept, or a front-channel request to an AS
// that requires PAR, is a configuration error said at first discovery, not a failure at every login.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import {
  createTestKey,
  startTestAuthorizationServer,
  type TestAuthorizationServer,
  encryptTo,
  signJws,
} from '../../../testing/src/index.js';
import { expectRefused, secretsOf, startHarness } from './harness.js';

describe('algorithms and PAR the authorization server advertises', () => {
  let as: TestAuthorizationServer;
  beforeEach(async () => {
    as = await startTestAuthorizationServer({ alg: 'ES256' });
  });
  afterEach(() => as.close());

  it('refuses an EdDSA-signed response from an AS advertising only ES256 for responses, though its JWKS holds an Ed25519 key', async () => {
    const ed = await createTestKey('EdDSA');
    as.jwks.keys.push(ed.publicJwk);
    const h = await startHarness({ as });
    const login = await h.begin();
    const response = await as.response({ code: login.code, state: login.state }, { key: ed });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_ALG_NOT_ALLOWED', secretsOf(login, response));
    expect(as.counts.jwks).toBe(0);
  });

  it('refuses an EdDSA-signed ID token from an AS advertising only ES256 for ID tokens', async () => {
    const ed = await createTestKey('EdDSA');
    as.jwks.keys.push(ed.publicJwk);
    as.metadata.authorization_signing_alg_values_supported = ['ES256', 'EdDSA'];
    const h = await startHarness({ as });
    const login = await h.begin();
    as.behaviour.idToken = (claims) => signJws({ alg: 'EdDSA', kid: ed.kid, typ: 'JWT' }, claims, ed.privateKey);
    const response = await as.response({ code: login.code, state: login.state });
    await expect(h.deliver(response)).rejects.toMatchObject({ code: 'ERR_ID_TOKEN_INVALID' });
    expect(h.events.at(-1)).toMatchObject({ outcome: 'refused', code: 'ERR_ID_TOKEN_INVALID' });
  });

  it('refuses an encrypted response under a key management algorithm the AS does not advertise', async () => {
    const { privateKey } = await generateKeyPair('ECDH-ES', { extractable: true });
    as.metadata.authorization_encryption_alg_values_supported = ['RSA-OAEP-256', 'ECDH-ES+A256KW'];
    as.metadata.authorization_encryption_enc_values_supported = ['A256GCM'];
    const h = await startHarness({ as, decryptionKeys: [{ ...(await exportJWK(privateKey)), kid: 'enc-1' }] });
    const encJwk = h.client.publicJwks().keys.find((k) => k.use === 'enc')!;
    const login = await h.begin();
    const inner = await as.response({ code: login.code, state: login.state });
    const response = await encryptTo(inner, encJwk, await importJWK(encJwk, 'ECDH-ES'), {
      alg: 'ECDH-ES',
      enc: 'A256GCM',
    });
    await expectRefused(h, h.deliver(response), 'ERR_JARM_DECRYPTION_FAILED', secretsOf(login, response));
  });

  it.each([
    ['ID token', { id_token_signing_alg_values_supported: ['RS256'] }, 'responseAlgorithms'],
    [
      'response encryption',
      { authorization_encryption_alg_values_supported: ['RSA1_5'] },
      'responseEncryptionAlgorithms',
    ],
  ])(
    'refuses at first discovery an AS sharing no %s algorithm with the allow-list, naming the option',
    async (_, metadata, field) => {
      Object.assign(as.metadata, metadata);
      const { privateKey } = await generateKeyPair('ECDH-ES', { extractable: true });
      const h = await startHarness({ as, decryptionKeys: [await exportJWK(privateKey)] });
      const err = await h.client.authorize().catch((e: Error) => e);
      expect(err).toMatchObject({ code: 'ERR_DISCOVERY_METADATA_INVALID', field });
      expect((err as Error).message).toContain(field);
      expect(as.counts.par).toBe(0);
    },
  );

  it('refuses at first discovery to sign a request object with an algorithm the AS does not accept for them', async () => {
    as.metadata.request_object_signing_alg_values_supported = ['PS256'];
    const h = await startHarness({ as });
    const err = await h.client.authorize().catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'ERR_DISCOVERY_METADATA_INVALID', field: 'signingKeys' });
    expect((err as Error).message).toMatch(/ES256.*signingKeys\[0\].*request_object_signing_alg_values_supported/);
    expect(as.counts.par).toBe(0);
  });

  it('refuses at first discovery usePar false with an AS that requires pushed authorization requests, naming the setting', async () => {
    const h = await startHarness({ as, profile: 'fapi1-advanced', usePar: false, dpop: true });
    const err = await h.client.authorize().catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'ERR_DISCOVERY_METADATA_INVALID', field: 'usePar' });
    expect((err as Error).message).toMatch(/require_pushed_authorization_requests.*SIGNET_USE_PAR/);
    expect(as.counts.par).toBe(0);
  });

  it('uses PAR with usePar auto when the AS requires it, even where the profile would not', async () => {
    const h = await startHarness({ as, profile: 'fapi1-advanced', dpop: true });
    await expect(h.client.authorize()).resolves.toMatchObject({ delivery: 'par' });
    expect(as.counts.par).toBe(1);
  });

  it('refuses an AS that requires PAR but publishes no PAR endpoint', async () => {
    delete as.metadata.pushed_authorization_request_endpoint;
    const h = await startHarness({ as, profile: 'fapi1-advanced', dpop: true });
    await expect(h.client.authorize()).rejects.toMatchObject({ code: 'ERR_DISCOVERY_METADATA_INVALID' });
  });
});
