import * as oauth from 'oauth4webapi';
import type { RemoteKeySet } from '../jwks/remote-key-set.js';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { httpOptions } from '../http/http-options.js';
import { clientAuthentication, tlsClientAuthRefusal } from '../client-auth/client-authentication.js';
import { checkCertificateBinding } from '../mtls/check-certificate-binding.js';
import { ResponseProbe } from '../http/response-probe.js';
import { failureMessage, type EndpointFailure } from '../errors/endpoint-failure.js';
import { narrowedMetadata, oauthClient } from '../client-auth/oauth-client.js';
import { withDpopNonceRetry } from '../dpop/with-nonce-retry.js';
import type { Transaction } from '../transaction/transaction.js';
import type { LoginResult } from './token-result.js';
import { idTokenSigningAlgorithms } from '../discovery/allowed-algorithms.js';
import { preparedClientAuth } from '../client-auth/prepared-client-auth.js';
import { verifyIdTokenSignature } from './verify-id-token-signature.js';

const ID_TOKEN_FAILURES = new Set<string>([oauth.JWT_CLAIM_COMPARISON, oauth.JWT_TIMESTAMP_CHECK, oauth.KEY_SELECTION]);

/** What a code exchange needs before the code is known: the AS and client as oauth4webapi sees them, and the auth. */
export interface ExchangePreparation {
  /** The metadata it was made for: a refresh of the metadata in between makes it unusable. */
  metadata: oauth.AuthorizationServer;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
}

/**
 * Prepares the exchange of a login's code while its response is still being verified: under `private_key_jwt`
 * the client assertion is signed now (on the thread pool, beside the JARM signature verification), so the token
 * request does not wait for it. Sends nothing; undefined for the other client authentications, whose checks
 * (the certificate still valid) belong to the moment of the request.
 */
export function prepareExchange(
  config: ClientConfig,
  metadata: oauth.AuthorizationServer,
): ExchangePreparation | undefined {
  if (config.clientAuth !== 'private_key_jwt') return undefined;
  const as = narrowedMetadata(config, metadata);
  const client = oauthClient(config);
  return { metadata, as, client, auth: preparedClientAuth(clientAuthentication(config, 'token_endpoint'), as, client) };
}

/**
 * Exchanges a code that passed every JARM check: the configured client authentication, the PKCE verifier, DPoP
 * when configured, the certificate binding checked when mutual TLS is;
 * the ID token's claims are validated by oauth4webapi (iss, aud, exp, iat, nonce, auth_time, alg allow-list), and
 * its signature here with a key from jwks_uri: oauth4webapi trusts TLS for that (OIDC Core §3.1.3.7), we do not.
 */
export async function exchangeCode(
  config: ClientConfig,
  metadata: oauth.AuthorizationServer,
  code: string,
  transaction: Transaction,
  dpopKey: oauth.CryptoKeyPair | undefined,
  keys: RemoteKeySet,
  prepared?: ExchangePreparation,
): Promise<LoginResult> {
  const usable = prepared?.metadata === metadata ? prepared : undefined;
  const as = usable?.as ?? narrowedMetadata(config, metadata);
  const client = usable?.client ?? oauthClient(config);
  const dpop = dpopKey ? oauth.DPoP(client, dpopKey) : undefined;
  // oauth4webapi takes only parameters its own validateAuthResponse returned: the verified code, state and issuer.
  const verified = new URLSearchParams(); // set() one by one: a record costs several times more to convert
  verified.set('code', code);
  verified.set('state', transaction.state);
  verified.set('iss', config.issuer);
  const callbackParameters = oauth.validateAuthResponse(as, client, verified, transaction.state);
  const openid = transaction.scope.split(' ').includes('openid');
  let response: oauth.TokenEndpointResponse;
  const probe = new ResponseProbe(config.fetch);
  try {
    const attempt = async () => {
      const raw = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        usable?.auth ?? clientAuthentication(config, 'token_endpoint'),
        callbackParameters,
        transaction.redirectUri,
        transaction.codeVerifier,
        {
          ...httpOptions(config, probe.fetch),
          ...(dpop ? { DPoP: dpop } : {}),
        },
      );
      return oauth.processAuthorizationCodeResponse(as, client, raw, {
        expectedNonce: openid ? transaction.nonce : oauth.expectNoNonce,
        requireIdToken: openid,
        ...(transaction.maxAge !== undefined ? { maxAge: transaction.maxAge } : {}),
      });
    };
    // Without DPoP there is no nonce to retry for: one layer less on every exchange.
    response = await (dpop ? withDpopNonceRetry(dpop, attempt) : attempt());
  } catch (cause) {
    const endpoint = await probe.describe('token_endpoint');
    throw tlsClientAuthRefusal(config, cause, 'token endpoint', endpoint) ?? tokenError(cause, endpoint);
  }
  if (response.id_token !== undefined)
    await verifyIdTokenSignature(
      response.id_token,
      keys,
      idTokenSigningAlgorithms(config, metadata),
      'the ID token signature does not verify with a key of the authorization server',
    );
  if (dpop && response.token_type.toLowerCase() !== 'dpop') {
    throw new SignetError(
      'ERR_DPOP_FAILED',
      `a DPoP-bound token was requested but the token type is "${response.token_type}"`,
    );
  }
  // RFC 8705 §3: a token bound to another certificate is refused before any session holds it.
  if (config.tls?.certificate)
    checkCertificateBinding(response.access_token, config.tls.certificate.thumbprint, config.requireCertificateBinding);
  const claims = oauth.getValidatedIdTokenClaims(response);
  return {
    ...(claims ? { subject: claims.sub, claims } : {}),
    tokens: {
      accessToken: response.access_token,
      tokenType: response.token_type,
      ...(response.id_token ? { idToken: response.id_token } : {}),
      ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
      ...(response.scope ? { scope: response.scope } : {}),
      ...(response.expires_in !== undefined ? { expiresAt: Math.floor(Date.now() / 1000) + response.expires_in } : {}),
      ...(response.authorization_details ? { authorizationDetails: response.authorization_details } : {}),
    },
    ...(dpopKey ? { dpopKey } : {}),
    ...(transaction.appState ? { appState: transaction.appState } : {}),
  };
}

function tokenError(cause: unknown, endpoint: EndpointFailure | undefined): SignetError {
  if (cause instanceof SignetError) return cause;
  const evidence = endpoint ? { endpoint } : {};
  if (cause instanceof oauth.ResponseBodyError) {
    const code =
      cause.error === 'use_dpop_nonce' || cause.error === 'invalid_dpop_proof'
        ? 'ERR_DPOP_FAILED'
        : 'ERR_TOKEN_REJECTED';
    return new SignetError(code, failureMessage(endpoint, cause, 'the token endpoint refused the code'), {
      cause,
      ...evidence,
    });
  }
  if (cause instanceof oauth.WWWAuthenticateChallengeError)
    return new SignetError(
      'ERR_TOKEN_REJECTED',
      failureMessage(endpoint, cause, 'the token endpoint refused the client'),
      {
        cause,
        ...evidence,
      },
    );
  if (
    cause instanceof oauth.OperationProcessingError &&
    (ID_TOKEN_FAILURES.has(cause.code ?? '') || /id token|id_token|jwt/i.test(cause.message))
  ) {
    return new SignetError('ERR_ID_TOKEN_INVALID', `the ID token is invalid: ${cause.message}`, { cause });
  }
  return new SignetError('ERR_TOKEN_REQUEST_FAILED', failureMessage(endpoint, cause, 'the token request failed'), {
    cause,
    ...evidence,
  });
}
