import { describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair } from 'jose';
import type { SignetLogRecord } from '@signet/core';
import { SignetStrategy } from './signet-strategy.js';

describe('compatibility options given to the strategy', () => {
  it('are warned when the strategy is constructed, before any request (no network: creating the client is local)', async () => {
    const records: SignetLogRecord[] = [];
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const strategy = new SignetStrategy(
      {
        issuer: 'https://as.example.com',
        clientId: 'client',
        redirectUri: 'https://app.example.com/callback',
        signingKeys: [await exportJWK(privateKey)],
        clientAssertionAudience: 'token_endpoint',
        logger: (record) => void records.push(record),
      },
      () => undefined,
    );
    // Creation began in the constructor: the shared holder has the client's promise before anyone asked for it.
    expect((strategy as unknown as { signetShared: { client?: Promise<unknown> } }).signetShared.client).toBeDefined();
    await strategy.client();
    expect(records).toEqual([
      expect.objectContaining({
        event: 'signet.compatibility',
        option: 'clientAssertionAudience',
        value: 'token_endpoint',
        variable: 'SIGNET_CLIENT_ASSERTION_AUDIENCE',
      }),
    ]);
  });

  it('keep a configuration error for the first request, coded', async () => {
    const strategy = new SignetStrategy(
      {
        issuer: 'https://as.example.com',
        clientId: 'client',
        redirectUri: 'https://app.example.com/callback',
        signingKeys: [],
        clientAssertionAudience: 'everyone' as never,
      },
      () => undefined,
    );
    await expect(strategy.client()).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });
});
