import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { SignetClient, SignetError } from '@signet/core';
import { createTestPki, type IssuedCertificate } from '@signet/dev-as/pki';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { SIGNET_CLIENT, SignetModule } from '../../src/index.js';

// Mutual TLS through the module's three doors: forRoot options, forEnvironment variables, and their refusals.
const SECRET = 'a-test-cookie-secret-of-at-least-32-chars';
let jwk: JWK;
let ca: string;
let certificate: IssuedCertificate;
const files: Record<string, string> = {};

beforeAll(async () => {
  jwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
  const pki = await createTestPki();
  ca = pki.ca;
  certificate = await pki.issue({ subject: 'CN=client' });
  const dir = mkdtempSync(join(tmpdir(), 'signet-nestjs-mtls-'));
  for (const [name, text] of Object.entries({ cert: certificate.certificate, key: certificate.key, ca })) {
    files[name] = join(dir, `${name}.pem`);
    writeFileSync(files[name]!, text);
  }
});

const base = () => ({
  issuer: 'https://as.example.com',
  clientId: 'client',
  redirectUri: 'https://app.example.com/callback',
  signingKeys: jwk,
  cookieSecret: SECRET,
});

async function boot(module: ReturnType<typeof SignetModule.forRoot>) {
  const ref = await Test.createTestingModule({ imports: [module] }).compile();
  const client = ref.get<SignetClient>(SIGNET_CLIENT);
  await ref.close();
  return client;
}

async function bootError(module: ReturnType<typeof SignetModule.forRoot>): Promise<SignetError> {
  const err = await boot(module).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SignetError);
  return err as SignetError;
}

describe('SignetModule and mutual TLS', () => {
  it('forRoot: takes clientAuth and tls as core does', async () => {
    const client = await boot(
      SignetModule.forRoot({
        ...base(),
        profile: 'fapi1-advanced',
        clientAuth: 'tls_client_auth',
        tls: { certificate: certificate.certificate, key: certificate.key, ca },
      }),
    );
    expect(client.settings.clientAuth).toBe('tls_client_auth');
    expect(client.settings.tls?.certificate?.subject).toBe('CN=client');
    expect(client.settings.requireCertificateBinding).toBe(true);
  });

  it('forRoot: refuses fapi1-advanced with neither dpop nor a certificate, naming profile', async () => {
    const err = await bootError(SignetModule.forRoot({ ...base(), profile: 'fapi1-advanced' }));
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'profile' });
  });

  it('forEnvironment: reads SIGNET_CLIENT_AUTH and the SIGNET_TLS_* files', async () => {
    const client = await boot(
      SignetModule.forEnvironment({
        SIGNET_ISSUER: 'https://as.example.com',
        SIGNET_CLIENT_ID: 'client',
        SIGNET_REDIRECT_URI: 'https://app.example.com/callback',
        SIGNET_SIGNING_KEY: JSON.stringify(jwk),
        SIGNET_COOKIE_SECRET: SECRET,
        SIGNET_STORE: 'memory',
        SIGNET_CLIENT_AUTH: 'self_signed_tls_client_auth',
        SIGNET_TLS_CERT_FILE: files['cert']!,
        SIGNET_TLS_KEY_FILE: files['key']!,
        SIGNET_TLS_CA_FILE: files['ca']!,
      }),
    );
    expect(client.settings.clientAuth).toBe('self_signed_tls_client_auth');
    expect(client.settings.tls?.ca).toBe(true);
    expect(client.publicJwks().keys.some((key) => Array.isArray(key.x5c))).toBe(true);
  });

  it('forEnvironment: an override with dpop satisfies fapi1-advanced without a certificate', async () => {
    const client = await boot(
      SignetModule.forEnvironment(
        {
          SIGNET_ISSUER: 'https://as.example.com',
          SIGNET_CLIENT_ID: 'client',
          SIGNET_REDIRECT_URI: 'https://app.example.com/callback',
          SIGNET_SIGNING_KEY: JSON.stringify(jwk),
          SIGNET_COOKIE_SECRET: SECRET,
          SIGNET_STORE: 'memory',
          SIGNET_PROFILE: 'fapi1-advanced',
        },
        { overrides: { dpop: true } },
      ),
    );
    expect(client.settings.dpop).toBe('client');
  });
});
