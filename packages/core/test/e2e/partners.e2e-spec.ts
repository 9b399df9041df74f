import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateAsKeys, startDevAs, type DevAs, type Jwks } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import { importJWK, SignJWT } from 'jose';
import {
  MemoryReplayRegister,
  MemoryTransactionStore,
  SignetClient,
  SignetError,
  type AuthorizationRequest,
} from '../../src/index.js';
import { makeClient, type TestClient } from '../../../../tools/test-kit/clients.js';
import { deliver } from './deliver.js';

// Two partners in one app: two real dev-as issuers on their own ports, one client of each, sharing one
// transaction store and replay register as one app with one Redis would. The mix-up attack (a response of one
// issuer delivered to the callback of a login begun with the other) must be refused before any key lookup,
// with no token request to either server.
interface Partner {
  as: DevAs;
  keys: Jwks;
  client: TestClient;
}
const partners: Record<'a' | 'b', Partner> = {} as never;
const store = new MemoryTransactionStore();
const replayRegister = new MemoryReplayRegister();

async function startPartner(name: 'a' | 'b'): Promise<Partner> {
  const redirectUri = `http://127.0.0.1:1/callback/${name}`;
  const client = await makeClient(`bank-${name}-client`, 'ES256', { metadata: { redirect_uris: [redirectUri] } });
  client.redirectUri = redirectUri;
  const keys = await generateAsKeys();
  const as = await startDevAs({ clients: [client.metadata] as never, keys });
  return { as, keys, client };
}

beforeAll(async () => {
  [partners.a, partners.b] = await Promise.all([startPartner('a'), startPartner('b')]);
});

let bStopped = false;
afterAll(async () => {
  await Promise.all([partners.a?.as.close(), bStopped ? undefined : partners.b?.as.close()]);
});

/** A fresh client of the app for one partner (fresh discovery and JWKS caches), on the shared stores. */
function clientOf(name: 'a' | 'b'): Promise<SignetClient> {
  const { as, client } = partners[name];
  return SignetClient.create({
    issuer: as.issuer,
    clientId: client.clientId,
    redirectUri: client.redirectUri,
    signingKeys: [client.signingKey],
    store,
    replayRegister,
    logger: false,
  });
}

/** What the partner's AS would sign: a JARM response for whatever state and audience it likes, with its real key. */
async function craftedBy(name: 'a' | 'b', claims: Record<string, unknown>): Promise<string> {
  const { as, keys } = partners[name];
  const jwk = keys.keys.find((k) => k.alg === 'ES256')!;
  return new SignJWT({ code: 'code-of-the-attacker', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'JWT' })
    .setIssuer(as.issuer)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(await importJWK(jwk, 'ES256'));
}

function stateOf(request: AuthorizationRequest): string {
  return request.state;
}

function tokenRequests(): [number, number] {
  return [partners.a.as.counters.token, partners.b.as.counters.token];
}

async function refusal(promise: Promise<unknown>): Promise<SignetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignetError);
  return error as SignetError;
}

describe('two partners in one app', () => {
  it.each(['a', 'b'] as const)('signs in with partner %s on its own issuer', async (name) => {
    const client = await clientOf(name);
    const result = await client.callback(deliver(await completeLogin((await client.authorize()).url)));
    expect(result.subject).toBe('alice');
    expect(result.claims?.iss).toBe(partners[name].as.issuer);
  });

  it.each([
    ['a', 'b'],
    ['b', 'a'],
  ] as const)(
    'refuses, for a login begun with %s, a response crafted by issuer %s with its real key, before any key lookup',
    async (begunWith, attacker) => {
      const victim = await clientOf(begunWith);
      const request = await victim.authorize();
      const before = tokenRequests();
      const response = await craftedBy(attacker, {
        aud: partners[begunWith].client.clientId,
        state: stateOf(request),
      });
      const error = await refusal(victim.callback({ delivery: 'query', params: new URLSearchParams({ response }) }));
      expect(error.code).toBe('ERR_JARM_ISSUER_INVALID');
      expect(victim.stats.jwksFetches).toBe(0);
      expect(tokenRequests()).toEqual(before);
    },
  );

  it.each([
    ['a', 'b'],
    ['b', 'a'],
  ] as const)(
    "refuses the genuine answer to a login begun with %s delivered to %s's callback (ERR_TRANSACTION_MISMATCH)",
    async (begunWith, receiver) => {
      const owner = await clientOf(begunWith);
      const other = await clientOf(receiver);
      const outcome = await completeLogin((await owner.authorize()).url);
      const before = tokenRequests();
      const error = await refusal(other.callback(deliver(outcome)));
      expect(error.code).toBe('ERR_TRANSACTION_MISMATCH');
      expect(other.stats.jwksFetches).toBe(0);
      expect(owner.stats.jwksFetches).toBe(0);
      expect(tokenRequests()).toEqual(before);
      // The delivery consumed the login: the owner cannot be made to finish it afterwards either.
      expect((await refusal(owner.callback(deliver(outcome)))).code).toBe('ERR_STATE_UNKNOWN');
      expect(tokenRequests()).toEqual(before);
    },
  );

  it("refuses a response crafted by B for B's own client at A's callback, naming B's issuer", async () => {
    const a = await clientOf('a');
    const request = await a.authorize();
    const before = tokenRequests();
    const response = await craftedBy('b', { aud: partners.b.client.clientId, state: stateOf(request) });
    const error = await refusal(a.callback({ delivery: 'query', params: new URLSearchParams({ response }) }));
    expect(error.code).toBe('ERR_JARM_ISSUER_INVALID');
    expect(a.stats.jwksFetches).toBe(0);
    expect(tokenRequests()).toEqual(before);
  });

  // Last: stops B's server for good.
  it("keeps partner A working while B's JWKS is down", async () => {
    const b = await clientOf('b');
    const outcomeB = await completeLogin((await b.authorize()).url);
    bStopped = true;
    await partners.b.as.close();
    const error = await refusal(b.callback(deliver(outcomeB)));
    expect(error.code).toBe('ERR_JWKS_FETCH_FAILED');

    const a = await clientOf('a');
    const result = await a.callback(deliver(await completeLogin((await a.authorize()).url)));
    expect(result.subject).toBe('alice');
    expect(a.stats.jwksFetches).toBe(1);
  });
});
