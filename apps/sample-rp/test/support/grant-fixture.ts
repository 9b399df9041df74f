import type { AddressInfo } from 'node:net';
import { generateAsKeys, generateRpKeys, startDevAs, toPublicJwks, type DevAs, type Jwks } from '@signet/dev-as';
import { freePort } from '@signet/redis-store/testing';
import type { ClientMetadata } from 'oidc-provider';
import type { JWK } from 'jose';
import { createSampleApp } from '../../src/bootstrap.js';
import { CLIENTS, COOKIE_SECRET, REDIRECT_URI } from './dev-as.js';
import type { Instance } from './load-balanced.js';

// Two sample-rp instances with server-side sessions in one Redis, in front of a dev-as that issues DPoP-bound,
// rotating refresh tokens and delivers back-channel logout to instance A (whose port is reserved first, so that
// the AS can register it before either starts).

export interface GrantFixture {
  as: DevAs;
  asKeys: Jwks;
  signingKey: JWK;
  ports: [number, number];
  env(redisUrl: string, extra?: Record<string, string>): Record<string, string | undefined>;
}

export async function startGrantAs(): Promise<GrantFixture> {
  const [rp, asKeys, portA, portB] = await Promise.all([generateRpKeys(), generateAsKeys(), freePort(), freePort()]);
  const client: ClientMetadata = {
    client_id: CLIENTS.plain,
    redirect_uris: [REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    scope: 'openid profile email',
    jwks: toPublicJwks(rp) as ClientMetadata['jwks'],
    id_token_signed_response_alg: 'ES256',
    authorization_signed_response_alg: 'ES256',
    dpop_bound_access_tokens: true,
    post_logout_redirect_uris: [new URL('/', REDIRECT_URI).href],
    backchannel_logout_uri: `http://127.0.0.1:${portA}/backchannel-logout`,
    backchannel_logout_session_required: true,
  };
  const as = await startDevAs({ clients: [client], keys: asKeys });
  const signingKey = rp.keys.find((k) => k.use === 'sig')!;
  return {
    as,
    asKeys,
    signingKey,
    ports: [portA, portB],
    env: (redisUrl, extra = {}) => ({
      SIGNET_ISSUER: as.issuer,
      SIGNET_CLIENT_ID: CLIENTS.plain,
      SIGNET_REDIRECT_URI: REDIRECT_URI,
      SIGNET_SIGNING_KEY: JSON.stringify(signingKey),
      SIGNET_COOKIE_SECRET: COOKIE_SECRET,
      SIGNET_SCOPE: 'openid profile email',
      SIGNET_STORE: 'redis',
      SIGNET_REDIS_URL: redisUrl,
      SIGNET_SESSION_STORE: 'redis',
      SIGNET_DPOP: 'true',
      SIGNET_ADMIN_SUBJECTS: 'alice',
      ...extra,
    }),
  };
}

/** One instance on a chosen port (0: any). */
export async function startOn(env: Record<string, string | undefined>, port: number): Promise<Instance> {
  const app = await createSampleApp(env, { logger: false });
  await app.listen(port, '127.0.0.1');
  const bound = (app.getHttpServer().address() as AddressInfo).port;
  return { app, origin: `http://127.0.0.1:${bound}`, close: () => app.close() };
}
