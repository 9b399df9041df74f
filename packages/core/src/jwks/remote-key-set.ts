import {
  createRemoteJWKSet,
  customFetch,
  errors,
  type CryptoKey,
  type FlattenedJWSInput,
  type JWK,
  type JWSHeaderParameters,
} from 'jose';
import { SignetError } from '../errors/signet-error.js';
import { boundedResponse } from '../http/read-bounded.js';
import { ResponseProbe } from '../http/response-probe.js';
import { failureSummary } from '../errors/endpoint-failure.js';

const MAX_JWKS_BYTES = 256 * 1024;

/**
 * The AS signing keys, only ever from its metadata `jwks_uri`. jose's remote set caches the keys, refetches
 * on an unknown kid at most once per cooldown, shares one fetch among concurrent misses, and selects by kid,
 * kty, alg and use. This wrapper bounds the document size, counts fetches and turns failures into coded errors.
 */
/** What a key set needs of the client's configuration (narrow, so jwks/ depends on no config type). */
export interface RemoteKeySetOptions {
  fetch: typeof fetch;
  /** Milliseconds. */
  httpTimeout: number;
  /** Seconds. */
  jwksCooldown: number;
}

export class RemoteKeySet {
  /** The number of jwks_uri fetches made. */
  fetches = 0;
  readonly #resolve: ReturnType<typeof createRemoteJWKSet>;
  /** Keeps the last answer of jwks_uri, read only to describe a failed fetch. */
  readonly #probe: ResponseProbe;

  constructor(
    readonly jwksUri: string,
    config: RemoteKeySetOptions,
  ) {
    const probe = (this.#probe = new ResponseProbe(config.fetch));
    this.#resolve = createRemoteJWKSet(new URL(jwksUri), {
      timeoutDuration: config.httpTimeout,
      cooldownDuration: config.jwksCooldown * 1000,
      cacheMaxAge: 10 * 60 * 1000,
      [customFetch]: async (url, init) => {
        this.fetches++;
        return boundedResponse(await probe.fetch(url, init), MAX_JWKS_BYTES);
      },
    });
  }

  /** The AS's public keys as last fetched (fetching them when none are cached yet). */
  async keys(): Promise<JWK[]> {
    if (this.#resolve.jwks() === undefined) {
      try {
        await this.#resolve.reload();
      } catch (cause) {
        throw await this.#fetchFailed('could not be fetched', cause);
      }
    }
    return this.#resolve.jwks()?.keys ?? [];
  }

  /** Resolves the verification key for a header, or throws a coded error. */
  async getKey(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> {
    try {
      return await this.#resolve(header, token);
    } catch (cause) {
      if (cause instanceof errors.JWKSNoMatchingKey) {
        throw new SignetError(
          'ERR_JWKS_NO_MATCHING_KEY',
          'no key of the authorization server matches the token header "kid" and "alg"',
          { cause },
        );
      }
      if (cause instanceof errors.JWKSMultipleMatchingKeys) {
        throw new SignetError(
          'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
          'several keys of the authorization server match the token header "alg"; a "kid" is needed',
          { cause },
        );
      }
      throw await this.#fetchFailed('could not be used', cause);
    }
  }

  /** ERR_JWKS_FETCH_FAILED with what jwks_uri answered (status, body kind), when it answered at all. */
  async #fetchFailed(problem: string, cause: unknown): Promise<SignetError> {
    const endpoint = await this.#probe.describe('jwks_uri');
    const answered = endpoint ? ` (${failureSummary(endpoint)})` : '';
    return new SignetError(
      'ERR_JWKS_FETCH_FAILED',
      `the authorization server JWKS at ${this.jwksUri} ${problem}${answered}`,
      {
        cause,
        ...(endpoint ? { endpoint } : {}),
      },
    );
  }
}
