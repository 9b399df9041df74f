import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { decodeJwt, generateKeyPair, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { preparedClientAuth } from './prepared-client-auth.js';

const as: oauth.AuthorizationServer = { issuer: 'https://as.example', token_endpoint: 'https://as.example/token' };
const client: oauth.Client = { client_id: 'client-1' };

/** A ClientAuth that counts its runs and writes the run number into the body and a header. */
function counting(): { auth: oauth.ClientAuth; runs: () => number } {
  let runs = 0;
  const auth: oauth.ClientAuth = async (_as, _client, body, headers) => {
    runs++;
    body.set('client_id', 'client-1');
    body.set('client_assertion', `assertion-${runs}`);
    headers.set('x-run', String(runs));
  };
  return { auth, runs: () => runs };
}

async function request(auth: oauth.ClientAuth, onAs = as, byClient = client) {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: 'c' });
  const headers = new Headers();
  await auth(onAs, byClient, body, headers);
  return { body, headers };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('preparedClientAuth', () => {
  it('runs the authentication at once and hands its parameters and headers to the first request', async () => {
    const { auth, runs } = counting();
    const prepared = preparedClientAuth(auth, as, client);
    expect(runs()).toBe(1);
    const { body, headers } = await request(prepared);
    expect(runs()).toBe(1);
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
      client_id: 'client-1',
      client_assertion: 'assertion-1',
    });
    expect(headers.get('x-run')).toBe('1');
  });

  it('never hands one assertion to two requests: a retry gets a fresh run', async () => {
    const { auth, runs } = counting();
    const prepared = preparedClientAuth(auth, as, client);
    await request(prepared);
    const retry = await request(prepared);
    expect(runs()).toBe(2);
    expect(retry.body.get('client_assertion')).toBe('assertion-2');
  });

  it('runs afresh for another server or another client than it was prepared for', async () => {
    const { auth } = counting();
    const other = await request(preparedClientAuth(auth, as, client), { ...as });
    expect(other.body.get('client_assertion')).toBe('assertion-2');
    const otherClient = await request(preparedClientAuth(auth, as, client), as, { client_id: 'client-1' });
    expect(otherClient.body.get('client_assertion')).toBe('assertion-4');
  });

  it.each([
    [
      'runs afresh when the preparation is more than 5 s old (its assertion would be close to expiry)',
      5_001,
      'assertion-2',
    ],
    ['uses a preparation of exactly 5 s', 5_000, 'assertion-1'],
  ])('%s', async (_, age, expected) => {
    const { auth } = counting();
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start);
    const prepared = preparedClientAuth(auth, as, client);
    now.mockReturnValue(start + age);
    expect((await request(prepared)).body.get('client_assertion')).toBe(expected);
  });

  it('fails the request that uses a failed preparation, as the authentication itself would', async () => {
    const failing: oauth.ClientAuth = async () => {
      throw new Error('signing failed');
    };
    await expect(request(preparedClientAuth(failing, as, client))).rejects.toThrow('signing failed');
    const throwing: oauth.ClientAuth = () => {
      throw new Error('no key');
    };
    await expect(request(preparedClientAuth(throwing, as, client))).rejects.toThrow('no key');
  });

  it('leaves no unhandled rejection behind when a failed preparation is never used (a refused response)', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      preparedClientAuth(
        async () => {
          throw new Error('signing failed');
        },
        as,
        client,
      );
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it("with oauth4webapi's private_key_jwt: a verifiable assertion, and a retry gets another jti", async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const prepared = preparedClientAuth(oauth.PrivateKeyJwt({ key: privateKey, kid: 'k1' }), as, client);
    const first = (await request(prepared)).body;
    const second = (await request(prepared)).body;
    expect(first.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const { payload } = await jwtVerify(first.get('client_assertion')!, publicKey, {
      issuer: 'client-1',
      subject: 'client-1',
      audience: as.issuer,
    });
    expect(payload.jti).toEqual(expect.any(String));
    expect(decodeJwt(second.get('client_assertion')!).jti).not.toBe(payload.jti);
  });
});
