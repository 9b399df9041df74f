import type * as oauth from 'oauth4webapi';

/** Older than this when the request is made (a slow key set fetch came between), the preparation is not used. */
const MAX_PREPARED_AGE_MS = 5_000;

/**
 * `auth` run ahead of the one request it will authenticate: the parameters and headers it adds (a
 * `private_key_jwt` assertion, signed on libuv's thread pool) are made now, while the caller goes on with other work
 * (the callback: the JARM signature verification), and handed to the first request to `as` by `client`. A later
 * request (a DPoP nonce retry), another server or client, or a preparation more than 5 s old gets a fresh run of
 * `auth`, so an assertion (its `jti`) serves one request at most. Nothing is sent here; a preparation never used
 * is dropped, and its failure surfaces only in the request that uses it, as a failure of `auth` there would.
 *
 * @example
 * const auth = preparedClientAuth(privateKeyJwtAt(config, 'token_endpoint'), as, client);
 * // ... verify the response ...
 * await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier, options);
 */
export function preparedClientAuth(
  auth: oauth.ClientAuth,
  as: oauth.AuthorizationServer,
  client: oauth.Client,
): oauth.ClientAuth {
  const body = new URLSearchParams();
  const headers = new Headers();
  const preparedAt = Date.now();
  let ready: Promise<void>;
  try {
    ready = Promise.resolve(auth(as, client, body, headers));
  } catch (error) {
    ready = Promise.reject(error);
  }
  // Kept for the request; a preparation the callback never reaches (a refused response) must not be unhandled.
  ready.catch(() => undefined);
  let used = false;
  return async (requestAs, requestClient, requestBody, requestHeaders) => {
    const fresh =
      !used && requestAs === as && requestClient === client && Date.now() - preparedAt <= MAX_PREPARED_AGE_MS;
    used = true;
    if (!fresh) return auth(requestAs, requestClient, requestBody, requestHeaders);
    await ready;
    for (const [name, value] of body) requestBody.set(name, value);
    headers.forEach((value, name) => requestHeaders.set(name, value));
  };
}
