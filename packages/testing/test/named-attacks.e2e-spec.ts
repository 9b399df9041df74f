// Every named attack of the test AS, played against a real Signet client: each is refused with the code the
// catalog promises, after exactly the token requests it promises (none, for every attack on the response).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { SignetClient } from '@signet/core';
import {
  ATTACKS,
  ATTACK_NAMES,
  createTestKey,
  startTestAuthorizationServer,
  type TestAuthorizationServer,
} from '../src/index.js';
import { MemoryCookieJar } from '../../../tools/test-kit/cookie-jar.js';
import { clientFor, login, refusalCode } from './support/signet-client.js';

const plain = ATTACKS.filter((a) => !a.requires);

describe('named attacks, refused by Signet', () => {
  let as: TestAuthorizationServer;
  let client: SignetClient;

  beforeAll(async () => {
    as = await startTestAuthorizationServer();
    client = await clientFor(as);
    await login(client, as); // an earlier response, for replayed-response
  });
  afterAll(() => as.close());
  beforeEach(() => as.reset());

  it('catalogs every attack name once', () => {
    expect(ATTACKS.map((a) => a.name)).toEqual([...ATTACK_NAMES]);
  });

  it('signs alice in when no attack is played (the control)', async () => {
    const result = await login(client, as);
    expect(result.subject).toBe('alice');
    expect(as.counts.token).toBe(1);
  });

  it.each(plain.map((a) => [a.name, a.refusedWith, a.tokenRequests, a] as const))(
    'refuses %s with %s after %d token requests',
    async (_name, code, tokenRequests, attack) => {
      expect(await refusalCode(login(client, as, { attack: attack.name }))).toBe(code);
      expect(as.counts.token).toBe(tokenRequests);
      expect(as.counts.par).toBe(1);
    },
  );

  it('plays an attack switched on for the test on every response until reset', async () => {
    as.attack('expired');
    expect(await refusalCode(login(client, as))).toBe('ERR_JARM_EXPIRED');
    expect(await refusalCode(login(client, as))).toBe('ERR_JARM_EXPIRED');
    expect(as.counts.token).toBe(0);
    as.reset();
    expect((await login(client, as)).subject).toBe('alice');
  });

  it('plays an attack switched on once on the next response only', async () => {
    as.attack('wrong-audience', { once: true });
    expect(await refusalCode(login(client, as))).toBe('ERR_JARM_AUDIENCE_INVALID');
    expect((await login(client, as)).subject).toBe('alice');
    expect(as.counts.token).toBe(1);
  });

  it('refuses an authorization URL that names an unknown attack (400 from its endpoint)', async () => {
    const { url } = await client.authorize({}, { cookies: new MemoryCookieJar() });
    const response = await fetch(`${url}&attack=not-an-attack`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('named attacks inside a nested JWE (a client that decrypts responses)', () => {
  let as: TestAuthorizationServer;
  let client: SignetClient;

  beforeAll(async () => {
    as = await startTestAuthorizationServer();
    const decryption = await createTestKey('ECDH-ES', 'rp-enc');
    client = await clientFor(as, { decryptionKeys: [decryption.privateJwk] });
    as.registerClient({ clientId: as.clientId, responseEncryption: { jwk: decryption.publicJwk } });
  });
  afterAll(() => as.close());
  beforeEach(() => as.reset());

  it('signs alice in from an encrypted response (the control)', async () => {
    expect((await login(client, as)).subject).toBe('alice');
  });

  it.each(['unencrypted-response', 'tampered-signature', 'wrong-issuer', 'alg-none'] as const)(
    'refuses %s with its code and no token request',
    async (name) => {
      const attack = ATTACKS.find((a) => a.name === name)!;
      expect(await refusalCode(login(client, as, { attack: name }))).toBe(attack.refusedWith);
      expect(as.counts.token).toBe(0);
    },
  );
});
