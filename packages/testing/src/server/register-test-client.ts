import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { createTestKey, type TestSigningAlg } from './keys.js';
import type { TestAuthorizationServer } from './types.js';

/** Options of `registerTestClient`. */
export interface RegisterTestClientOptions {
  /** Default: the AS's default client. */
  clientId?: string;
  /** The app's callback URL. Default `http://127.0.0.1/callback` (loopback http: cookies without `Secure`). */
  redirectUri?: string;
  /** The client's signing algorithm. Default `ES256`. */
  alg?: TestSigningAlg;
}

/** A client registered with a test AS: what the app needs to sign in there, also as Signet's environment. */
export interface TestClientRegistration {
  clientId: string;
  redirectUri: string;
  /** The client's private signing key (its public half is registered with the AS). */
  signingKey: JWK;
  /** A fresh cookie secret (48 random characters). */
  cookieSecret: string;
  /** `SIGNET_ISSUER`, `SIGNET_CLIENT_ID`, `SIGNET_REDIRECT_URI`, `SIGNET_SIGNING_KEY`, `SIGNET_COOKIE_SECRET`. */
  environment: Record<string, string>;
}

/**
 * Generates a client key, registers the client with the test AS (its public key, its redirect URI) and returns
 * the settings an app needs, as options and as the environment `SignetModule.forEnvironment()` reads.
 * @example Object.assign(process.env, (await registerTestClient(as)).environment);
 */
export async function registerTestClient(
  as: TestAuthorizationServer,
  options: RegisterTestClientOptions = {},
): Promise<TestClientRegistration> {
  const clientId = options.clientId ?? as.clientId;
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1/callback';
  const key = await createTestKey(options.alg ?? 'ES256', `${clientId}-${randomBytes(4).toString('hex')}`);
  as.registerClient({ clientId, jwks: { keys: [key.publicJwk] }, redirectUris: [redirectUri] });
  const cookieSecret = randomBytes(36).toString('base64url');
  return {
    clientId,
    redirectUri,
    signingKey: key.privateJwk,
    cookieSecret,
    environment: {
      SIGNET_ISSUER: as.issuer,
      SIGNET_CLIENT_ID: clientId,
      SIGNET_REDIRECT_URI: redirectUri,
      SIGNET_SIGNING_KEY: JSON.stringify(key.privateJwk),
      SIGNET_COOKIE_SECRET: cookieSecret,
    },
  };
}
