import { describe, expect, it } from '@jest/globals';
import { MemoryTransactionStore, SignetClient, SignetError } from '@signet/core';
import { exportJWK, generateKeyPair } from 'jose';
import { signetClientFromEnvironment } from './client-from-environment.js';

async function env(overrides: Record<string, string | undefined> = {}) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    SIGNET_ISSUER: 'https://as.example.com',
    SIGNET_CLIENT_ID: 'client',
    SIGNET_REDIRECT_URI: 'https://app.example.com/callback',
    SIGNET_SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)),
    SIGNET_COOKIE_SECRET: 'a-test-cookie-secret-of-at-least-32-chars',
    ...overrides,
  };
}

describe('signetClientFromEnvironment', () => {
  it("builds the strategy's client from the same table as the NestJS module, stores included", async () => {
    const { client, close } = await signetClientFromEnvironment(await env({ SIGNET_STORE: 'memory' }));
    expect(client).toBeInstanceOf(SignetClient);
    expect(client.shared.store).toBeInstanceOf(MemoryTransactionStore);
    await close();
  });

  it('refuses a public signing key at once, naming the variable', async () => {
    const err = await signetClientFromEnvironment(
      await env({ SIGNET_SIGNING_KEY: '{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}' }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignetError);
    expect((err as SignetError).field).toBe('SIGNET_SIGNING_KEY');
    expect((err as SignetError).message).toMatch(/^SIGNET_SIGNING_KEY: /);
  });

  it('refuses fapi1-advanced without a client certificate, naming the variables to set', async () => {
    const err = await signetClientFromEnvironment(await env({ SIGNET_PROFILE: 'fapi1-advanced' })).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'SIGNET_PROFILE' });
    expect((err as SignetError).message).toMatch(/sender-constrained.*SIGNET_TLS_CERT_FILE and SIGNET_TLS_KEY_FILE/);
  });
});

describe('signetClientFromEnvironment with SIGNET_CLIENTS', () => {
  async function partners(overrides: Record<string, string | undefined> = {}) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    return {
      SIGNET_CLIENTS: 'bankA,bankB',
      SIGNET_COOKIE_SECRET: 'a-test-cookie-secret-of-at-least-32-chars',
      SIGNET_SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)),
      SIGNET_BANKA_ISSUER: 'https://bank-a.example',
      SIGNET_BANKA_CLIENT_ID: 'app-at-a',
      SIGNET_BANKA_REDIRECT_URI: 'https://app.example.com/passport/callback/bankA',
      SIGNET_BANKB_ISSUER: 'https://bank-b.example',
      SIGNET_BANKB_CLIENT_ID: 'app-at-b',
      SIGNET_BANKB_REDIRECT_URI: 'https://app.example.com/passport/callback/bankB',
      ...overrides,
    };
  }

  it("builds a named partner's client from its own SIGNET_<NAME>_* variables, named after it", async () => {
    const { client, close } = await signetClientFromEnvironment(await partners(), {}, { client: 'bankB' });
    expect(client.settings).toMatchObject({ issuer: 'https://bank-b.example', clientId: 'app-at-b', name: 'bankB' });
    await close();
  });

  it('refuses named-only partners without a chosen client, naming SIGNET_CLIENTS and the fix', async () => {
    const err = await signetClientFromEnvironment(await partners()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'SIGNET_CLIENTS' });
    expect((err as SignetError).message).toMatch(
      /^SIGNET_CLIENTS names partners \(bankA, bankB\) and SIGNET_ISSUER is not set.*Fix: pass \{ client: 'bankA' \}/,
    );
  });

  it('refuses a client name SIGNET_CLIENTS does not list, naming the variables to set', async () => {
    const err = await signetClientFromEnvironment(await partners(), {}, { client: 'bankC' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'SIGNET_CLIENTS' });
    expect((err as SignetError).message).toMatch(
      /names no client "bankC"\. Fix: add bankC to SIGNET_CLIENTS and set SIGNET_BANKC_ISSUER/,
    );
  });

  it("refuses a partner's bad value, naming the partner and its variable", async () => {
    const err = await signetClientFromEnvironment(
      await partners({ SIGNET_BANKA_ISSUER: 'not a url' }),
      {},
      { client: 'bankA' },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignetError);
    expect((err as SignetError).message).toMatch(/^clients\.bankA: SIGNET_BANKA_ISSUER/);
  });
});
