// A Signet client (core, cookie transaction store as the framework adapters use by default) for a test AS.
import { CookieTransactionStore, SignetClient, type SignetClientOptions } from '@signet/core';
import { MemoryCookieJar } from '../../../../tools/test-kit/cookie-jar.js';
import {
  callbackInputOf,
  createTestKey,
  type AuthorizeOptions,
  type TestAuthorizationServer,
} from '../../src/index.js';

export const REDIRECT_URI = 'https://rp.example/callback';

/** A client registered with `as` (its keys, its redirect URI), so the AS checks every signature it sends. */
export async function clientFor(
  as: TestAuthorizationServer,
  options: Partial<SignetClientOptions> = {},
): Promise<SignetClient> {
  const key = await createTestKey('ES256', `rp-${Math.random().toString(36).slice(2, 8)}`);
  const client = await SignetClient.create({
    issuer: as.issuer,
    clientId: as.clientId,
    redirectUri: REDIRECT_URI,
    signingKeys: [key.privateJwk],
    store: new CookieTransactionStore({ secrets: 'test-cookie-secret-0123456789abcdef-0123' }),
    logger: false,
    ...options,
  });
  as.registerClient({ clientId: as.clientId, jwks: client.publicJwks(), redirectUris: [REDIRECT_URI] });
  return client;
}

/** One login through the test AS's authorization endpoint (called directly), in a fresh browser. */
export async function login(client: SignetClient, as: TestAuthorizationServer, options: AuthorizeOptions = {}) {
  const cookies = new MemoryCookieJar();
  const { url } = await client.authorize({}, { cookies });
  return client.callback(callbackInputOf(await as.authorize(url, options)), { cookies });
}

/** The code a refusal carries (and fails the test if it was accepted). */
export async function refusalCode(attempt: Promise<unknown>): Promise<string> {
  return attempt.then(
    () => 'accepted',
    (err: unknown) => String((err as { code?: unknown }).code ?? err),
  );
}
