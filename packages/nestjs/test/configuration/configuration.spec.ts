import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { CookieSecrets, SignetClient, SignetError } from '@signet/core';
import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';
import {
  SIGNET_CLIENT,
  SIGNET_MODULE_OPTIONS,
  SIGNET_SESSION_SETTINGS,
  SignetAuditService,
  SignetModule,
  signetOptionsFromEnvironment,
  type SessionSettings,
  type SignetModuleOptions,
} from '../../src/index.js';

const SECRET = 'a-test-cookie-secret-of-at-least-32-chars';
let jwk: JWK;
let pem: string;
let dir: string;

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  jwk = await exportJWK(privateKey);
  pem = await exportPKCS8(privateKey);
  dir = mkdtempSync(join(tmpdir(), 'signet-nestjs-'));
});

function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    SIGNET_ISSUER: 'https://as.example.com',
    SIGNET_CLIENT_ID: 'client',
    SIGNET_REDIRECT_URI: 'https://app.example.com/callback',
    SIGNET_SIGNING_KEY: JSON.stringify(jwk),
    SIGNET_COOKIE_SECRET: SECRET,
    ...overrides,
  };
}

async function boot(module: ReturnType<typeof SignetModule.forRoot>): Promise<SignetClient> {
  const ref = await Test.createTestingModule({ imports: [module] }).compile();
  return ref.get<SignetClient>(SIGNET_CLIENT);
}

async function bootError(module: ReturnType<typeof SignetModule.forRoot>): Promise<SignetError> {
  try {
    await boot(module);
  } catch (err) {
    expect(err).toBeInstanceOf(SignetError);
    return err as SignetError;
  }
  throw new Error('the module booted');
}

describe('SignetModule.forRoot', () => {
  it('provides a SignetClient built from the options', async () => {
    const client = await boot(
      SignetModule.forRoot({
        issuer: 'https://as.example.com',
        clientId: 'c',
        redirectUri: 'https://app.example.com/cb',
        signingKeys: jwk,
        cookieSecret: SECRET,
      }),
    );
    expect(client).toBeInstanceOf(SignetClient);
    expect(client.settings.clientId).toBe('c');
  });

  it('refuses to boot without a cookie secret long enough, naming cookieSecret', async () => {
    const err = await bootError(
      SignetModule.forRoot({
        issuer: 'https://as.example.com',
        clientId: 'c',
        redirectUri: 'https://app.example.com/cb',
        signingKeys: jwk,
        cookieSecret: 'short',
      }),
    );
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.field).toBe('cookieSecret');
  });

  it('registers globally when isGlobal is set', () => {
    expect(
      SignetModule.forRoot({
        issuer: 'x',
        clientId: 'c',
        redirectUri: 'y',
        signingKeys: jwk,
        cookieSecret: SECRET,
        isGlobal: true,
      }).global,
    ).toBe(true);
  });

  it('passes audit events to the option sink and the audit stream', async () => {
    const seen: string[] = [];
    const ref = await Test.createTestingModule({
      imports: [
        SignetModule.forRoot({
          issuer: 'https://as.example.com',
          clientId: 'c',
          redirectUri: 'https://app.example.com/cb',
          signingKeys: jwk,
          cookieSecret: SECRET,
          audit: (e) => void seen.push(`option:${e.type}`),
        }),
      ],
    }).compile();
    ref.get(SignetAuditService).events$.subscribe((e) => seen.push(`stream:${e.type}`));
    const client = ref.get<SignetClient>(SIGNET_CLIENT);
    client.shared.audit?.({
      type: 'authorization.response',
      time: '',
      issuer: '',
      clientId: '',
      outcome: 'refused',
      durationMs: 0,
    });
    expect(seen).toEqual(['stream:authorization.response', 'option:authorization.response']);
  });
});

describe('SignetModule.forRootAsync', () => {
  it('reads its options from @nestjs/config ConfigService', async () => {
    @Module({
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          load: [() => ({ signet: { issuer: 'https://as.example.com', clientId: 'from-config' } })],
        }),
      ],
      exports: [ConfigModule],
    })
    class Settings {}
    const client = await boot(
      SignetModule.forRootAsync({
        imports: [Settings],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          issuer: config.getOrThrow<string>('signet.issuer'),
          clientId: config.getOrThrow<string>('signet.clientId'),
          redirectUri: 'https://app.example.com/cb',
          signingKeys: jwk,
          cookieSecret: SECRET,
        }),
      }),
    );
    expect(client.settings.clientId).toBe('from-config');
  });
});

describe('SignetModule.forEnvironment', () => {
  it('boots from the environment table', async () => {
    const client = await boot(
      SignetModule.forEnvironment(
        env({ SIGNET_SCOPE: 'openid profile', SIGNET_RESPONSE_MODE: 'form_post.jwt', SIGNET_CLOCK_TOLERANCE: '10' }),
      ),
    );
    expect(client.settings).toMatchObject({
      scope: 'openid profile',
      responseMode: 'form_post.jwt',
      clockTolerance: 10,
      usePar: 'auto',
      profile: 'fapi2',
    });
  });

  it('reads a PEM signing key from SIGNET_SIGNING_KEY_FILE', async () => {
    const file = join(dir, 'signing.pem');
    writeFileSync(file, pem);
    const client = await boot(
      SignetModule.forEnvironment(env({ SIGNET_SIGNING_KEY: undefined, SIGNET_SIGNING_KEY_FILE: file })),
    );
    expect(client.publicJwks().keys).toHaveLength(1);
  });

  it('splits one JWKS file into signing and decryption keys', async () => {
    const { privateKey } = await generateKeyPair('ECDH-ES', { extractable: true, crv: 'P-256' });
    const file = join(dir, 'rp.json');
    writeFileSync(
      file,
      JSON.stringify({
        keys: [
          { ...jwk, use: 'sig' },
          { ...(await exportJWK(privateKey)), use: 'enc' },
        ],
      }),
    );
    const client = await boot(
      SignetModule.forEnvironment(
        env({ SIGNET_SIGNING_KEY: undefined, SIGNET_SIGNING_KEY_FILE: file, SIGNET_DECRYPTION_KEY_FILE: file }),
      ),
    );
    expect(client.publicJwks().keys.map((k) => k.use)).toEqual(['sig', 'enc']);
    expect(client.settings.requireEncryptedResponses).toBe(true);
  });

  it.each([
    ['a missing issuer', { SIGNET_ISSUER: undefined }, 'SIGNET_ISSUER', /is not set\. Fix: set SIGNET_ISSUER/],
    ['a missing signing key', { SIGNET_SIGNING_KEY: undefined }, 'SIGNET_SIGNING_KEY', /SIGNET_SIGNING_KEY_FILE/],
    ['both key forms at once', { SIGNET_SIGNING_KEY_FILE: '/tmp/x' }, 'SIGNET_SIGNING_KEY', /keep one of them/],
    [
      'an unreadable key file',
      { SIGNET_SIGNING_KEY: undefined, SIGNET_SIGNING_KEY_FILE: '/nonexistent/key.pem' },
      'SIGNET_SIGNING_KEY_FILE',
      /ENOENT/,
    ],
    [
      'an unknown response mode',
      { SIGNET_RESPONSE_MODE: 'query' },
      'SIGNET_RESPONSE_MODE',
      /one of jwt, query.jwt, form_post.jwt, fragment.jwt/,
    ],
    ['a non-numeric clock tolerance', { SIGNET_CLOCK_TOLERANCE: 'soon' }, 'SIGNET_CLOCK_TOLERANCE', /whole number/],
    ['a clock tolerance above 60 s', { SIGNET_CLOCK_TOLERANCE: '600' }, 'SIGNET_CLOCK_TOLERANCE', /between 0 and 60/],
    ['a short cookie secret', { SIGNET_COOKIE_SECRET: 'short' }, 'SIGNET_COOKIE_SECRET', /at least 32 characters/],
    ['an unknown store', { SIGNET_STORE: 'postgres' }, 'SIGNET_STORE', /one of cookie, memory, redis/],
    ['a missing cookie secret', { SIGNET_COOKIE_SECRET: undefined }, 'SIGNET_COOKIE_SECRET', /is not set/],
  ])('refuses %s, naming the variable', async (_name, overrides, variable, message) => {
    const err = await bootError(SignetModule.forEnvironment(env(overrides)));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.field).toBe(variable);
    expect(err.message.startsWith(`${variable} `) || err.message.startsWith(`${variable}: `)).toBe(true);
    expect(err.message).toMatch(message);
  });

  it.each([
    ['a plain-http issuer off loopback', { SIGNET_ISSUER: 'http://as.example.com' }, 'SIGNET_ISSUER', /must use https/],
    ['PAR switched off under FAPI 2.0', { SIGNET_USE_PAR: 'false' }, 'SIGNET_USE_PAR', /FAPI 2.0 requires PAR/],
    [
      'a public key given as the signing key',
      { SIGNET_SIGNING_KEY: '{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}' },
      'SIGNET_SIGNING_KEY',
      /public key/,
    ],
  ])("renames core's refusal of %s after the variable", async (_name, overrides, variable, message) => {
    const err = await bootError(SignetModule.forEnvironment(env(overrides)));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.field).toBe(variable);
    expect(err.message).toMatch(new RegExp(`^${variable}: `));
    expect(err.message).toMatch(message);
  });

  it('parses SIGNET_COOKIE_SECRET once: the session signs with the same value the options carry', async () => {
    const ref = await Test.createTestingModule({ imports: [SignetModule.forEnvironment(env())] }).compile();
    const options = ref.get<SignetModuleOptions>(SIGNET_MODULE_OPTIONS);
    expect(options.cookieSecret).toBeInstanceOf(CookieSecrets);
    expect(ref.get<SessionSettings>(SIGNET_SESSION_SETTINGS).secrets).toBe(
      (options.cookieSecret as CookieSecrets).list,
    );
    expect(Object.getOwnPropertySymbols(options)).toEqual([]);
    await ref.close();
  });

  it('treats empty variables as unset', () => {
    expect(signetOptionsFromEnvironment(env({ SIGNET_SCOPE: '', SIGNET_PROFILE: '  ' }))).not.toHaveProperty('scope');
  });

  it('rotates cookie secrets from a comma-separated list', () => {
    expect(
      signetOptionsFromEnvironment(env({ SIGNET_COOKIE_SECRET: `${SECRET}-new, ${SECRET}` })).cookieSecret,
    ).toEqual(CookieSecrets.from([`${SECRET}-new`, SECRET]));
  });
});
