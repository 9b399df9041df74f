// Issue 9: every way around a check that attacking from outside found. Each test is named after what it refuses
// and asserts the code, zero token requests and the matching audit event (expectRefused).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { base64url, CompactEncrypt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { CookieTransactionStore } from '../../src/transaction/cookie-transaction-store.js';
import { BINDING_COOKIE_PREFIX } from '../../src/transaction/browser-binding.js';
import { MemoryTransactionStore } from '../../src/transaction/memory-transaction-store.js';
import type { CookieJar } from '../../src/transaction/transaction.js';
import {
  startTestAuthorizationServer,
  type TestAuthorizationServer,
  encryptTo,
  flipSignatureBit,
  unsignedJws,
} from '../../../testing/src/index.js';
import { expectRefused, secretsOf, startHarness, type Harness } from './harness.js';
import { clientConfig } from '../../src/client/client-config.js';

const SECRET = randomBytes(32).toString('base64url');

/** A browser's cookie jar; `copy()` is what an attacker keeps of it before a delivery. */
interface Browser extends CookieJar {
  copy(): Browser;
}
function browser(initial: Map<string, string> = new Map()): Browser {
  const jar = new Map(initial);
  return {
    get: (name) => jar.get(name),
    set: (name, value) => void jar.set(name, value),
    clear: (name) => void jar.delete(name),
    names: () => [...jar.keys()],
    copy: () => browser(jar),
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The same signature bytes, spelled with non-zero padding bits in the last base64url character. */
function respellPadding(jws: string): string {
  const i = jws.length - 1;
  return jws.slice(0, i) + ALPHABET[ALPHABET.indexOf(jws[i]!) ^ 1];
}

/** P-256 group order: (r, n − s) verifies wherever (r, s) does (ECDSA malleability). */
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
function ecdsaTwin(jws: string): string {
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const bytes = base64url.decode(signature);
  const s = BigInt(`0x${Buffer.from(bytes.subarray(32)).toString('hex')}`);
  const twin = Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex');
  return `${header}.${payload}.${base64url.encode(new Uint8Array([...bytes.subarray(0, 32), ...twin]))}`;
}

describe.each(['ES256', 'PS256', 'EdDSA'] as const)('re-spelled replays with %s (cookie store)', (alg) => {
  let as: TestAuthorizationServer;
  let h: Harness;
  beforeAll(async () => {
    as = await startTestAuthorizationServer({ alg });
    h = await startHarness({ as, store: new CookieTransactionStore({ secrets: SECRET }) });
  });
  afterAll(async () => {
    await h.close();
    await as.close();
  });
  beforeEach(() => h.reset());

  const spellings: Array<[string, (jws: string) => string, 'ERR_JARM_REPLAYED' | 'ERR_JARM_MALFORMED']> = [
    ['as received', (jws) => jws, 'ERR_JARM_REPLAYED'],
    // Decoders ignore the padding bits; Signet refuses every spelling but the canonical one outright.
    ['with non-zero padding bits in the last signature character', respellPadding, 'ERR_JARM_MALFORMED'],
    ...(alg === 'ES256'
      ? ([['as its ECDSA twin (r, n - s)', ecdsaTwin, 'ERR_JARM_REPLAYED']] as typeof spellings)
      : []),
  ];

  it.each(spellings)(
    'refuses a captured response replayed %s, with a copy of the cookies, as %s',
    async (_, respell, code) => {
      const cookies = browser();
      const login = await h.begin({}, { cookies });
      const stolen = cookies.copy();
      const response = await h.as.response({ code: login.code, state: login.state });
      await expect(h.deliver(response, { context: { cookies } })).resolves.toMatchObject({ subject: 'alice' });
      h.reset();
      const replay = respell(response);
      await expectRefused(h, h.deliver(replay, { context: { cookies: stolen } }), code, secretsOf(login, replay));
    },
  );

  it('refuses a first delivery whose signature has non-zero padding bits (one spelling per signature)', async () => {
    const cookies = browser();
    const login = await h.begin({}, { cookies });
    const response = respellPadding(await h.as.response({ code: login.code, state: login.state }));
    await expectRefused(
      h,
      h.deliver(response, { context: { cookies } }),
      'ERR_JARM_MALFORMED',
      secretsOf(login, response),
    );
  });
});

describe('verified error responses, pending logins and cross-callback delivery', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store: new CookieTransactionStore({ secrets: SECRET }) });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('refuses a replayed verified access_denied as ERR_JARM_REPLAYED instead of reporting it again', async () => {
    const cookies = browser();
    const login = await h.begin({}, { cookies });
    const stolen = cookies.copy();
    const response = await h.as.response({ error: 'access_denied', state: login.state });
    await expectRefused(h, h.deliver(response, { context: { cookies } }), 'ERR_AUTHORIZATION_ERROR');
    await expectRefused(
      h,
      h.deliver(response, { context: { cookies: stolen } }),
      'ERR_JARM_REPLAYED',
      secretsOf(login, response),
    );
  });

  it('refuses the genuine response after a bad one from the same browser, even with the cookies from before (cookie store)', async () => {
    const cookies = browser();
    const login = await h.begin({}, { cookies });
    const before = cookies.copy();
    const genuine = await h.as.response({ code: login.code, state: login.state });
    await expectRefused(
      h,
      h.deliver(flipSignatureBit(genuine), { context: { cookies } }),
      'ERR_JARM_SIGNATURE_INVALID',
    );
    await expectRefused(
      h,
      h.deliver(genuine, { context: { cookies: before } }),
      'ERR_STATE_UNKNOWN',
      secretsOf(login, genuine),
    );
  });

  it('refuses a callback from a browser without any transaction cookie before any decryption or key lookup', async () => {
    const login = await h.begin({}, { cookies: browser() });
    // Not even a JWE that would decrypt: had it been decrypted, the code would be ERR_JARM_ENCRYPTION_UNEXPECTED.
    const jwe = `${base64url.encode('{"alg":"RSA-OAEP-256","enc":"A256GCM"}')}.AAAA.AAAA.AAAA.AAAA`;
    await expectRefused(h, h.deliver(jwe, { context: { cookies: browser() } }), 'ERR_STATE_UNKNOWN', secretsOf(login));
    const response = await h.as.response({ code: login.code, state: login.state });
    await expectRefused(
      h,
      h.deliver(response, { context: { cookies: browser() } }),
      'ERR_STATE_UNKNOWN',
      secretsOf(login),
    );
    expect(h.as.counts.jwks).toBe(0);
  });

  it('refuses a response for a login begun on another callback of the app (cross-callback delivery)', async () => {
    const other = await startHarness({
      as: h.as,
      redirectUri: 'https://rp.example/passport/callback',
      store: new CookieTransactionStore({ secrets: SECRET }),
      replayRegister: clientConfig(h.client).replayRegister,
    });
    const cookies = browser();
    const login = await h.begin({}, { cookies });
    const response = await h.as.response({ code: login.code, state: login.state });
    await expectRefused(
      other,
      other.deliver(response, { context: { cookies } }),
      'ERR_TRANSACTION_MISMATCH',
      secretsOf(login, response),
    );
    expect(h.as.counts.token).toBe(0);
    await other.close();
  });
});

describe('memory store: a forged response from another browser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store: new MemoryTransactionStore() });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it("refuses an unsigned response carrying a victim's state from another browser, and burns nothing", async () => {
    const victim = browser();
    const login = await h.begin({}, { cookies: victim });
    const attacker = browser();
    // Even a binding cookie of the right name: the attacker can compute the name from the state, not the value.
    const name = BINDING_COOKIE_PREFIX + createHash('sha256').update(login.state).digest('base64url').slice(0, 16);
    attacker.set(name, 'attacker-value', { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
    const now = Math.floor(Date.now() / 1000);
    const forged = unsignedJws(
      { alg: 'none' },
      { iss: h.as.issuer, aud: h.as.clientId, iat: now, exp: now + 60, code: 'forged', state: login.state },
    );
    await expectRefused(
      h,
      h.deliver(forged, { context: { cookies: attacker } }),
      'ERR_STATE_UNKNOWN',
      secretsOf(login),
    );
    const genuine = await h.as.response({ code: login.code, state: login.state });
    await expect(h.deliver(genuine, { context: { cookies: victim } })).resolves.toMatchObject({ subject: 'alice' });
  });
});

describe('attacker text never reaches a refusal message', () => {
  const SENTENCE = 'Your account is locked, call +1 555 0100';
  let h: Harness;
  let encJwk: JWK;
  beforeAll(async () => {
    const { privateKey } = await generateKeyPair('ECDH-ES', { extractable: true });
    h = await startHarness({
      decryptionKeys: [{ ...(await exportJWK(privateKey)), kid: 'enc-1' }],
      allowUnencryptedResponses: true,
    });
    encJwk = h.client.publicJwks().keys.find((k) => k.use === 'enc')!;
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it.each([
    ['alg', { alg: SENTENCE }],
    ['typ', { typ: SENTENCE }],
    ['kid', { kid: SENTENCE }],
  ])('refuses a response whose %s header is a sentence without quoting it', async (_, header) => {
    const login = await h.begin();
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: h.as.issuer,
      aud: h.as.clientId,
      iat: now,
      exp: now + 60,
      code: login.code,
      state: login.state,
    };
    // jose cannot sign under an alg it does not know: such a header comes unsigned.
    const response =
      'alg' in header
        ? unsignedJws(header, claims)
        : await h.as.response({ code: login.code, state: login.state }, { header });
    const err = await h.deliver(response).catch((e: Error) => e);
    expect(err).toMatchObject({ code: expect.stringMatching(/^ERR_/) });
    expect((err as Error).message).not.toContain('locked');
    expect(h.as.counts.token).toBe(0);
  });

  it.each([
    ['kid', { alg: 'ECDH-ES', enc: 'A256GCM', kid: SENTENCE }],
    ['enc', { alg: 'ECDH-ES', enc: SENTENCE }],
    ['alg', { alg: SENTENCE, enc: 'A256GCM' }],
  ])('refuses an encrypted response whose %s header is a sentence without quoting it', async (_, header) => {
    await h.begin();
    const jwe = `${base64url.encode(JSON.stringify(header))}.AAAA.AAAA.AAAA.AAAA`;
    const err = await h.deliver(jwe).catch((e: Error) => e);
    expect(err).toMatchObject({ code: expect.stringMatching(/^ERR_/) });
    expect((err as Error).message).not.toContain('locked');
  });

  it('refuses unsigned parameters beside the response without quoting their names', async () => {
    const login = await h.begin();
    const response = await h.as.response({ code: login.code, state: login.state });
    const err = await h.client
      .callback({ delivery: 'query', params: { response, [SENTENCE]: 'x' } })
      .catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'ERR_JARM_UNEXPECTED_PARAMETERS' });
    expect((err as Error).message).not.toContain('locked');
  });

  it('refuses a verified error with a sentence for its error code without quoting it', async () => {
    const login = await h.begin();
    const response = await h.as.response({ error: SENTENCE, state: login.state });
    const err = await expectRefused(h, h.deliver(response), 'ERR_AUTHORIZATION_ERROR');
    expect(err.message).not.toContain('locked');
  });

  it('refuses a compressed (zip) encrypted response before decrypting it', async () => {
    const login = await h.begin();
    const inner = await h.as.response({ code: login.code, state: login.state });
    const zipped = await new CompactEncrypt(new TextEncoder().encode(inner))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', zip: 'DEF', kid: encJwk.kid! })
      .encrypt(await importJWK(encJwk, 'ECDH-ES'));
    const err = await expectRefused(h, h.deliver(zipped), 'ERR_JARM_HEADER_INVALID', secretsOf(login, zipped));
    expect(err.field).toBe('zip');
    // The same header with a ciphertext that would not decrypt: still refused for zip, so before decryption.
    const [protectedHeader] = zipped.split('.');
    await expectRefused(h, h.deliver(`${protectedHeader}.AAAA.AAAA.AAAA.AAAA`), 'ERR_JARM_HEADER_INVALID');
    expect(encryptTo).toBeDefined();
  });
});
