import { describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair } from 'jose';
import { MemoryReplayRegister } from '../transaction/replay-register.js';
import { MemoryTransactionStore } from '../transaction/memory-transaction-store.js';
import { SignetClient } from './signet-client.js';

async function create(overrides: Partial<Parameters<typeof SignetClient.create>[0]> = {}) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return SignetClient.create({
    issuer: 'https://as.example',
    clientId: 'app',
    redirectUri: 'https://app.example/callback',
    signingKeys: [{ ...(await exportJWK(privateKey)), kid: 'sig' }],
    logger: false,
    ...overrides,
  });
}

describe('SignetClient settings and shared state', () => {
  it('exposes no configuration object: keys, stores and hooks are reachable only through the views', async () => {
    const client = await create();
    expect('config' in client).toBe(false);
    expect(Object.keys(client)).toEqual(['dpopKey']);
  });

  it('shows the resolved settings without any key or secret, frozen', async () => {
    const client = await create({ scope: 'openid profile', responseMode: 'form_post.jwt', clockTolerance: 3 });
    expect(client.settings).toEqual({
      issuer: 'https://as.example',
      clientId: 'app',
      redirectUri: 'https://app.example/callback',
      profile: 'fapi2',
      responseMode: 'form_post.jwt',
      usePar: 'auto',
      scope: 'openid profile',
      requireEncryptedResponses: false,
      clientAuth: 'private_key_jwt',
      clockTolerance: 3,
      dpop: false,
      requireCertificateBinding: false,
    });
    expect(Object.isFrozen(client.settings)).toBe(true);
    expect(JSON.stringify(client.settings)).not.toMatch(/"d"|privateKey|BEGIN/);
  });

  it('names the DPoP mode: one key for the client, or one per login', async () => {
    expect((await create({ dpop: true })).settings.dpop).toBe('client');
    expect((await create({ dpop: { perSession: true } })).settings.dpop).toBe('per-login');
  });

  it('shares the very store, replay register and audit sink it was given, for a second client of the app', async () => {
    const store = new MemoryTransactionStore();
    const replayRegister = new MemoryReplayRegister();
    const audit = () => undefined;
    const client = await create({ store, replayRegister, audit });
    expect(client.shared.store).toBe(store);
    expect(client.shared.replayRegister).toBe(replayRegister);
    expect(client.shared.audit).toBe(audit);
    expect(client.shared.auditLog).toBeUndefined();
  });
});
