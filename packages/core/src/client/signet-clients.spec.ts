import { describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair } from 'jose';
import { SignetError } from '../errors/signet-error.js';
import { httpStatusOf } from '../http/http-status.js';
import { SignetClient } from './signet-client.js';
import { SignetClients } from './signet-clients.js';
import type { SignetClientOptions } from '../config/client-options.js';

async function optionsFor(partner: string, overrides: Partial<SignetClientOptions> = {}): Promise<SignetClientOptions> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    issuer: `https://as.${partner}.example`,
    clientId: `${partner}-client`,
    redirectUri: `https://app.example/callback/${partner}`,
    signingKeys: [{ ...(await exportJWK(privateKey)), kid: `${partner}-sig` }],
    logger: false,
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<SignetError> {
  const error = await (typeof promise === 'function' ? Promise.resolve().then(promise) : promise).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignetError);
  return error as SignetError;
}

describe('SignetClients', () => {
  it('keeps one client per name, each with its own issuer and client_id', async () => {
    const clients = new SignetClients();
    await clients.register('bankA', await optionsFor('bank-a'));
    await clients.register('bankB', await optionsFor('bank-b'));
    expect(clients.names()).toEqual(['bankA', 'bankB']);
    expect(clients.get('bankA').settings.issuer).toBe('https://as.bank-a.example');
    expect(clients.get('bankB').settings.clientId).toBe('bank-b-client');
    expect(clients.get('bankA')).not.toBe(clients.get('bankB'));
  });

  it('refuses an unknown name with ERR_CLIENT_UNKNOWN (404)', async () => {
    const clients = new SignetClients();
    await clients.register('bankA', await optionsFor('bank-a'));
    const error = await refusal(() => clients.get('bankC'));
    expect(error.code).toBe('ERR_CLIENT_UNKNOWN');
    expect(httpStatusOf(error)).toBe(404);
    expect((await refusal(() => clients.get('__proto__'))).code).toBe('ERR_CLIENT_UNKNOWN');
  });

  it('refuses invalid options at registration, naming the client and the option', async () => {
    const clients = new SignetClients();
    const error = await refusal(clients.register('bankA', await optionsFor('bank-a', { issuer: 'not a url' })));
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toMatch(/^clients\.bankA: .*issuer/);
    expect(clients.has('bankA')).toBe(false);
  });

  it('refuses a name registered twice', async () => {
    const clients = new SignetClients();
    await clients.register('bankA', await optionsFor('bank-a'));
    const error = await refusal(clients.register('bankA', await optionsFor('bank-other')));
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toMatch(/^clients\.bankA\.name/);
    expect(clients.get('bankA').settings.issuer).toBe('https://as.bank-a.example');
  });

  it('refuses a name registered twice concurrently', async () => {
    const clients = new SignetClients();
    const [first, second] = await Promise.allSettled([
      clients.register('bankA', await optionsFor('bank-a')),
      clients.register('bankA', await optionsFor('bank-other')),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
  });

  it.each(['', '1bank', 'bank a', 'bank/a', 'x'.repeat(65)])('refuses the client name %j', async (name) => {
    const error = await refusal(new SignetClients().register(name, await optionsFor('bank-a')));
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.field).toBe('clients');
  });

  it('refuses a redirect URI another client already uses (each callback answers for one client)', async () => {
    const clients = new SignetClients();
    await clients.register('bankA', await optionsFor('bank-a'));
    const error = await refusal(
      clients.register('bankB', await optionsFor('bank-b', { redirectUri: 'https://app.example/callback/bank-a' })),
    );
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.field).toBe('redirectUri');
    expect(error.message).toContain('"bankA"');
    expect(clients.has('bankB')).toBe(false);
  });

  it('adds a client created elsewhere under a name, with the same refusals as register', async () => {
    const clients = new SignetClients();
    const own = await SignetClient.create(await optionsFor('bank-a'));
    expect(clients.add('default', own)).toBe(own);
    expect(clients.get('default')).toBe(own);
    const twice = await refusal(() => clients.add('default', own));
    expect(twice.message).toMatch(/^clients\.default\.name/);
    const sameCallback = await refusal(async () =>
      clients.add(
        'bankB',
        await SignetClient.create(await optionsFor('bank-b', { redirectUri: own.settings.redirectUri })),
      ),
    );
    expect(sameCallback.field).toBe('redirectUri');
    expect((await refusal(() => clients.add('no name', own))).field).toBe('clients');
  });
});
