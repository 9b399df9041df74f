import { inProgressWhile } from '../load/operations-in-progress.js';
import type { JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import type { SignetClientOptions } from '../config/client-options.js';
import { resolveOptions, type ClientConfig } from '../config/resolve-options.js';
import { MetadataCache } from '../discovery/metadata-cache.js';
import { RemoteKeySet } from '../jwks/remote-key-set.js';
import { SignetError } from '../errors/signet-error.js';
import { auditing, recordAcceptedResponse, recordRefusedResponse, recordRequest } from '../audit/flow-records.js';
import { requestEvent, requestRefusedEvent, responseEvent, type ResponseOutcome } from '../audit/flow-events.js';
import { createPkce } from '../pkce/pkce.js';
import { randomValue } from '../random/random-value.js';
import { buildRequestObject } from '../jar/build-request-object.js';
import { validateParameters } from '../jar/validate-parameters.js';
import type { AuthorizationParameters } from '../jar/authorization-parameters.js';
import { authorizationUrl } from '../par/authorization-url.js';
import { dpopThumbprint, generateDpopKey, importDpopKey, type DPoPKeyPair } from '../dpop/dpop-key.js';
import type { CallbackInput } from '../jarm/callback-input.js';
import { assertCallbackInput } from './assert-callback-input.js';
import { requestedResponseMode } from './requested-response-mode.js';
import { verifyAuthorizationResponse, type VerificationTrace } from '../jarm/verify-authorization-response.js';
import { exchangeCode, prepareExchange, type ExchangePreparation } from '../token/exchange-code.js';
import type { LoginResult } from '../token/token-result.js';
import { enforceGrantPolicy, enforceRequestPolicy } from '../policy/enforce-policy.js';
import type { StoreContext } from '../transaction/transaction.js';
import { beginTransaction } from '../transaction/begin-transaction.js';
import { oauthClient } from '../client-auth/oauth-client.js';
import { requestResource } from '../resource/request-resource.js';
import { refusalRecord, relaxationRecord, writeLog } from '../log/signet-logger.js';
import { recordRefusal } from '../audit/record-event.js';
import { OutageMonitor, outageRecord, outageSourceOf, type OutageSource } from '../outage/outage-monitor.js';
import { checkHealth, pingStores, type SignetHealth } from '../outage/health.js';
import { StoreFaultScope } from './store-fault-scope.js';
import { attachConfig } from './client-config.js';
import { settingsOf, type SharedClientState, type SignetClientSettings } from './client-settings.js';
import { traced } from '../telemetry/telemetry.js';

/** The result of starting a login: where to send the browser. */
export interface AuthorizationRequest {
  url: string;
  /** The state value; adapters key their own bookkeeping by it. Never log it whole. */
  state: string;
  jti: string;
  delivery: 'par' | 'value';
}

/**
 * A FAPI client: signed requests out (JAR, PAR), verified responses in (JARM), then the code exchange.
 *
 * @example
 * const client = await SignetClient.create({ issuer, clientId, redirectUri, signingKeys: [privateJwk] });
 * const { url } = await client.authorize({ scope: 'openid profile' }, { cookies });
 * // ... the AS redirects back ...
 * const result = await client.callback({ delivery: 'query', params: req.query }, { cookies });
 */
export class SignetClient {
  readonly #metadata: MetadataCache;
  readonly #outages: OutageMonitor;
  #keys?: RemoteKeySet;

  readonly #config: ClientConfig;
  readonly #settings: SignetClientSettings;

  private constructor(
    config: ClientConfig,
    readonly dpopKey: DPoPKeyPair | undefined,
  ) {
    this.#config = config;
    this.#settings = settingsOf(config);
    attachConfig(this, config);
    this.#metadata = new MetadataCache(config);
    this.#outages = new OutageMonitor(config.onOutage ?? ((event) => writeLog(config.logger, outageRecord(event))));
  }

  /**
   * Validates options and imports keys; throws `ERR_CONFIG_INVALID` naming the option. No network yet.
   * Each compatibility option in effect is written to the logger as a warning.
   */
  static async create(options: SignetClientOptions): Promise<SignetClient> {
    const config = await resolveOptions(options);
    for (const relaxation of config.relaxations) writeLog(config.logger, relaxationRecord(relaxation));
    let dpopKey: DPoPKeyPair | undefined;
    if (config.dpop && !config.dpop.perSession) dpopKey = config.dpop.key ?? (await generateDpopKey());
    return new SignetClient(config, dpopKey);
  }

  /** What this client was configured with, without keys, secrets or hooks: for pages, logs and health views. */
  get settings(): SignetClientSettings {
    return this.#settings;
  }

  /**
   * The stateful parts of this client: a second client of the same app (another redirect URI) shares them, so a
   * response is accepted once across both and one approval log records both; `auditLog` is also for its readers.
   */
  get shared(): SharedClientState {
    const { store, replayRegister, audit, auditLog } = this.#config;
    return { store, replayRegister, ...(audit ? { audit } : {}), ...(auditLog ? { auditLog } : {}) };
  }

  /** The AS metadata (discovered, issuer-checked, cached). */
  async metadata(): Promise<oauth.AuthorizationServer> {
    return this.#metadata.get();
  }

  /** Counts of discovery and jwks_uri fetches, for benchmarks and health checks. */
  get stats(): { discoveryFetches: number; jwksFetches: number } {
    return { discoveryFetches: this.#metadata.fetches, jwksFetches: this.#keys?.fetches ?? 0 };
  }

  /** The AS key set; re-created only if the metadata's jwks_uri changes. */
  async keySet(): Promise<RemoteKeySet> {
    const as = await this.metadata();
    if (!this.#keys || this.#keys.jwksUri !== as.jwks_uri) this.#keys = new RemoteKeySet(as.jwks_uri!, this.#config);
    return this.#keys;
  }

  /**
   * This client's public keys: what `/.well-known/jwks.json` serves and the AS registers. Under
   * `self_signed_tls_client_auth` the certificate's key is published too, with `x5c`: the AS matches the
   * presented certificate against it (RFC 8705 §2.2).
   */
  publicJwks(): { keys: JWK[] } {
    const certificate =
      this.#config.clientAuth === 'self_signed_tls_client_auth' ? this.#config.tls?.certificate : undefined;
    return {
      keys: [
        ...this.#config.signingKeys.map((k) => k.publicJwk),
        ...this.#config.decryptionKeys.map((k) => k.publicJwk),
        ...(certificate ? [{ ...certificate.publicJwk, kid: `x5t#S256:${certificate.thumbprint}` }] : []),
      ],
    };
  }

  /** Closes the mutual-TLS connections this client holds open (keep-alive sockets); idempotent. */
  async close(): Promise<void> {
    await this.#config.tls?.close();
  }

  /**
   * The shared store and the AS metadata and JWKS, probed now (store PING; metadata and keys from their caches),
   * plus the outages real sign-ins have met and that are not over. For health endpoints; never a secret.
   */
  async health(): Promise<SignetHealth> {
    return checkHealth(
      this.#config,
      this.#outages,
      () => this.metadata(),
      async () => (await this.keySet()).keys(),
    );
  }

  /**
   * Starts a login: checks that the shared store answers (a login it could not finish is not begun), signs the
   * request object, pushes it (PAR) or sends it by value, records the transaction. A refusal for an outage
   * carries `recovery: 'retry'`: the same request works once the dependency is back.
   */
  async authorize(params: AuthorizationParameters = {}, context: StoreContext = {}): Promise<AuthorizationRequest> {
    return inProgressWhile(() => traced('authorize', this.#config, () => this.#authorizeOrRefuse(params, context)));
  }

  /** authorize() inside its span: a refusal is logged and audited here. */
  async #authorizeOrRefuse(params: AuthorizationParameters, context: StoreContext): Promise<AuthorizationRequest> {
    const progress: { jti?: string; scope?: string } = {};
    try {
      const request = await this.#authorize(params, context, progress);
      this.#answered('store', 'discovery', ...(request.delivery === 'par' ? (['par'] as const) : []));
      return request;
    } catch (error) {
      // Not a refusal but a fault (a bug, a store's own exception): it goes up as it is, for the app to report.
      if (!(error instanceof SignetError)) throw error;
      if (this.#noteOutage(error)) error.recovery = 'retry';
      writeLog(this.#config.logger, refusalRecord(error, 'authorize'));
      await recordRefusal(this.#config, requestRefusedEvent(this.#config, error, progress));
      throw error;
    }
  }

  /** The steps of a login, in order: nothing is signed before the policy allows it, nothing saved before it left. */
  async #authorize(
    params: AuthorizationParameters,
    context: StoreContext,
    progress: { jti?: string; scope?: string },
  ): Promise<AuthorizationRequest> {
    validateParameters(params);
    const config = this.#config;
    const ping = pingStores(config);
    if (ping) await ping;
    const as = await this.metadata();
    const responseMode = requestedResponseMode(config, as, params);
    const scope = params.scope ?? config.scope;
    progress.scope = scope;
    await enforceRequestPolicy(config, scope, params.authorizationDetails);
    const state = randomValue();
    const nonce = randomValue();
    const { codeVerifier, codeChallenge } = await createPkce();
    const dpopKey = config.dpop ? (config.dpop.perSession ? await generateDpopKey(true) : this.dpopKey) : undefined;
    const protocol = { clientId: config.clientId, redirectUri: config.redirectUri, responseMode, scope, state, nonce };
    const built = await buildRequestObject(
      config,
      as,
      () => this.keySet(),
      { ...protocol, codeChallenge, ...(dpopKey ? { dpopJkt: await dpopThumbprint(dpopKey) } : {}) },
      params,
      (jti) => (progress.jti = jti),
    );
    const { url, delivery } = await authorizationUrl(config, as, built.requestObject, scope, dpopKey);
    const login = { state, nonce, codeVerifier, responseMode, scope, jti: built.jti, ...(dpopKey ? { dpopKey } : {}) };
    await beginTransaction(config, login, params, context);
    const facts = { ...login, delivery, dpop: Boolean(dpopKey) };
    const authorizationDetails = params.authorizationDetails;
    await recordRequest(
      config,
      requestEvent(config, { ...facts, ...(authorizationDetails ? { authorizationDetails } : {}) }),
      built.signed,
    );
    return { url, state, jti: built.jti, delivery };
  }

  /**
   * Verifies the JARM response (every check of JARM §2.4 plus state, mode and replay) and only then
   * exchanges the code. Delivered by the browser the login is bound to, the response consumes the login
   * whatever the outcome (from another browser it burns nothing), with one exception: a store fault before the
   * token request and before anything was recorded as used gives the login back (`StoreFaultScope`); the refusal
   * then carries `recovery: 'retry'`. Every other refusal carries `recovery: 'restart'`.
   * Throws a coded error on refusal.
   */
  async callback(input: CallbackInput, context: StoreContext = {}): Promise<LoginResult> {
    return inProgressWhile(() => traced('callback', this.#config, () => this.#callbackOrRefuse(input, context)));
  }

  /** callback() inside its span: a refusal is logged and audited here. */
  async #callbackOrRefuse(input: CallbackInput, context: StoreContext): Promise<LoginResult> {
    const started = performance.now();
    const trace: VerificationTrace = {};
    const scope = new StoreFaultScope(this.#config, context);
    let exchanging = false;
    try {
      const checked = assertCallbackInput(input);
      // The metadata and key set verification fetched are the ones the exchange uses (no second lookup).
      let as: oauth.AuthorizationServer | undefined;
      let keys: RemoteKeySet | undefined;
      let prepared: ExchangePreparation | undefined;
      const verified = await verifyAuthorizationResponse(
        scope.config,
        {
          keySet: async () => (keys = await this.keySet()),
          metadata: async () => (as = await this.metadata()),
          // The client assertion is signed while the response signature is verified; it is sent only after.
          claimed: () => (prepared = as && prepareExchange(this.#config, as)),
        },
        checked,
        scope.context,
        trace,
      );
      this.#answered('store', 'jwks');
      as ??= await this.metadata();
      const tx = verified.transaction;
      // Extractable: a server-side session seals the per-login key into its vault (SignetSessions.start).
      const dpopKey = tx.dpopKey ? await importDpopKey(tx.dpopKey, true) : this.dpopKey;
      exchanging = true;
      const result = await exchangeCode(
        this.#config,
        as,
        verified.code,
        tx,
        dpopKey,
        keys ?? (await this.keySet()),
        prepared,
      );
      this.#answered('token');
      // Awaited only when configured: no policy and no audit target is the common case, and each await is a tick.
      if (this.#config.policy) await enforceGrantPolicy(this.#config, result);
      if (auditing(this.#config))
        await this.#audit(trace, {
          outcome: 'verified',
          started,
          ...(result.subject ? { subject: result.subject } : {}),
        });
      return result;
    } catch (err) {
      const error =
        err instanceof SignetError
          ? err
          : new SignetError('ERR_UNEXPECTED', 'the callback failed unexpectedly', { cause: err });
      writeLog(this.#config.logger, refusalRecord(error, 'callback'));
      if (err instanceof SignetError && (exchanging || error.code !== 'ERR_TOKEN_REQUEST_FAILED'))
        this.#noteOutage(error);
      error.recovery =
        !exchanging && error.code === 'ERR_STORE_UNAVAILABLE' && (await scope.giveBack(trace)) ? 'retry' : 'restart';
      await this.#audit(trace, { outcome: 'refused', started, error });
      throw error;
    }
  }

  /** Reports the outage a refusal reveals (once, until it ends); true when the code is an outage's. */
  #noteOutage(error: SignetError): boolean {
    const source = outageSourceOf(error.code, error.endpoint);
    if (source) this.#outages.failed(source, error.code);
    return source !== undefined;
  }

  #answered(...sources: OutageSource[]): void {
    for (const source of sources) this.#outages.answered(source);
  }

  /**
   * Makes a request to a resource server with an access token from `callback()`: DPoP proof and nonce
   * retry when the token is DPoP-bound, a Bearer header otherwise. With a client certificate the request
   * presents it, after the token's certificate binding was checked against it (RFC 8705 §3).
   */
  async fetchProtectedResource(
    result: LoginResult,
    url: string | URL,
    init: { method?: string; headers?: Headers; body?: string } = {},
  ): Promise<Response> {
    const dpop = result.dpopKey ? oauth.DPoP(oauthClient(this.#config), result.dpopKey) : undefined;
    return requestResource(this.#config, result.tokens.accessToken, dpop, new URL(url), init);
  }

  async #audit(trace: VerificationTrace, outcome: ResponseOutcome): Promise<void> {
    // Building the event costs hashes and a date: skip it when nobody listens (the callback's hot path).
    if (!auditing(this.#config)) return;
    const event = responseEvent(this.#config, trace, outcome);
    if (outcome.outcome === 'refused') return recordRefusedResponse(this.#config, event);
    return recordAcceptedResponse(this.#config, event, trace.verifiedJws, () => this.keySet());
  }
}
