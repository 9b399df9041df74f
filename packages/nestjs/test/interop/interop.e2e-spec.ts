import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, type INestApplication, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { generateRpKeys, startDevAs, toPublicJwks, type DevAs } from '@signet/dev-as';
import { SignetError } from '@signet/core';
import type { JWK } from 'jose';
import request from 'supertest';
import { SignetLogin, SignetModule } from '../../src/index.js';

// Issue 12's partner server: it accepts only the URL of the endpoint called as the client assertion `aud`, and
// answers a refusal with an empty 401. Real oidc-provider over HTTP; the app is booted from the environment.
const REDIRECT_URI = 'http://127.0.0.1:1/callback';
const SECRET = 'a-test-cookie-secret-of-at-least-32-chars';
let as: DevAs;
let signingKey: JWK;

/** Keeps Nest's log lines per level, as `app.useLogger()` hands them over. */
class CapturingLogger implements LoggerService {
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  log() {}
  debug() {}
  verbose() {}
  warn(message: unknown) {
    this.warnings.push(String(message));
  }
  error(message: unknown) {
    this.errors.push(String(message));
  }
}

@Controller()
class LoginController {
  @Get('login') @SignetLogin() login() {}
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SIGNET_ISSUER: as.issuer,
    SIGNET_CLIENT_ID: 'interop-rp',
    SIGNET_REDIRECT_URI: REDIRECT_URI,
    SIGNET_SIGNING_KEY: JSON.stringify(signingKey),
    SIGNET_COOKIE_SECRET: SECRET,
    SIGNET_STORE: 'memory',
    ...extra,
  };
}

async function boot(variables: Record<string, string>): Promise<{ app: INestApplication; logger: CapturingLogger }> {
  @Module({ imports: [SignetModule.forEnvironment(variables)], controllers: [LoginController] })
  class InteropModule {}
  const moduleRef = await Test.createTestingModule({ imports: [InteropModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  const logger = new CapturingLogger();
  app.useLogger(logger);
  await app.init();
  return { app, logger };
}

beforeAll(async () => {
  const rp = await generateRpKeys();
  signingKey = rp.keys.find((k) => k.use === 'sig')!;
  as = await startDevAs({
    clients: [
      {
        client_id: 'interop-rp',
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: toPublicJwks(rp) as never,
        id_token_signed_response_alg: 'ES256',
        authorization_signed_response_alg: 'ES256',
      },
    ],
    quirks: { clientAssertionAudience: 'endpoint', emptyErrorBodies: true },
  });
});

afterAll(async () => {
  await as?.close();
});

describe('interoperability through the NestJS module', () => {
  const apps: INestApplication[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('answers 503 ERR_PAR_FAILED naming the endpoint and its empty 401, and logs exactly one structured line', async () => {
    const { app, logger } = await boot(env());
    apps.push(app);
    expect(logger.warnings).toEqual([]); // strict defaults: no boot warning
    const response = await request(app.getHttpServer()).get('/login').set('accept', 'application/json');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      error: 'ERR_PAR_FAILED',
      message: 'the pushed authorization request endpoint answered HTTP 401 with an empty body',
    });
    expect(logger.warnings).toHaveLength(1);
    expect(JSON.parse(logger.warnings[0]!)).toMatchObject({
      event: 'signet.refusal',
      code: 'ERR_PAR_FAILED',
      operation: 'authorize',
      endpoint: 'pushed_authorization_request_endpoint',
      url: `${as.issuer}/request`,
      status: 401,
      body: 'empty',
    });
    expect(logger.errors).toEqual([]);
  });

  it('signs the assertion for the endpoint with SIGNET_CLIENT_ASSERTION_AUDIENCE=endpoint, warned once at boot', async () => {
    const { app, logger } = await boot(env({ SIGNET_CLIENT_ASSERTION_AUDIENCE: 'endpoint' }));
    apps.push(app);
    expect(logger.warnings).toHaveLength(1);
    expect(JSON.parse(logger.warnings[0]!)).toMatchObject({
      event: 'signet.compatibility',
      option: 'clientAssertionAudience',
      value: 'endpoint',
      variable: 'SIGNET_CLIENT_ASSERTION_AUDIENCE',
    });
    const response = await request(app.getHttpServer()).get('/login');
    expect(response.status).toBe(302);
    expect(new URL(response.headers.location!).searchParams.get('request_uri')).toMatch(/^urn:/);
    expect(logger.warnings).toHaveLength(1); // no refusal
  });

  it.each([
    ['SIGNET_CLIENT_ASSERTION_AUDIENCE', 'audience', /use one of issuer, token_endpoint, endpoint/],
    ['SIGNET_RESPONSE_MAX_LIFETIME', '7200', /between 10 and 3600/],
    ['SIGNET_RESPONSE_MAX_LIFETIME', '10m', /whole number of seconds/],
  ])('stops the boot on %s=%s, naming the variable and the fix', async (name, value, fix) => {
    const err = await boot(env({ [name]: value })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SignetError);
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: name });
    expect((err as Error).message).toMatch(fix);
  });
});
