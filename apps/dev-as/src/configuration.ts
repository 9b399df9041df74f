import { randomBytes } from 'node:crypto';
import { errors, type ClientMetadata, type Configuration, type FapiProfile, type JWK } from 'oidc-provider';
import { clientAssertionAudienceCheck } from './quirks.js';
import { SCOPE_CLAIMS, accountFinder, type AccountDirectory } from './accounts.js';
import { errorPage, logoutPage, postLogoutPage } from './html.js';
import { INTERACTION_PREFIX } from './interactions.js';
import { memoryAdapter } from './memory-adapter.js';
import type { Jwks } from './keys.js';
import type { DevAsOptions, DevAsProfile, DevAsTtl } from './types.js';
import { mtlsEndpointAliases, mtlsFeature } from './mtls.js';

/** oidc-provider's default endpoint paths, pinned here so request counting cannot drift from them. */
export const ROUTES = {
  authorization: '/auth',
  pushed_authorization_request: '/request',
  token: '/token',
  jwks: '/jwks',
  userinfo: '/me',
  revocation: '/token/revocation',
  end_session: '/session/end',
} as const;

const FAPI_PROFILES: Record<DevAsProfile, FapiProfile> = { fapi2: '2.0', 'fapi1-advanced': '1.0 Final' };

/** FAPI-approved JWS algorithms (FAPI 2.0 §5.4 allows PS256, ES256, EdDSA/Ed25519). */
const SIGNING_ALGS = ['PS256', 'ES256', 'EdDSA'] as const;
const ENCRYPTION_ALGS = ['ECDH-ES', 'RSA-OAEP-256'] as const;
const ENCRYPTION_ENCS = ['A256GCM', 'A128GCM', 'A128CBC-HS256', 'A256CBC-HS512'] as const;

/** Fixed dev lifetimes; also keeps oidc-provider from nagging about its default TTL helpers. */
const DEFAULT_TTL: Required<DevAsTtl> = {
  AccessToken: 600,
  AuthorizationCode: 60,
  IdToken: 600,
  RefreshToken: 86_400,
  Interaction: 600,
  Session: 3_600,
  Grant: 86_400,
};

/**
 * oidc-provider insists RAR requests name a resource server (RFC 8707); requests that send authorization_details
 * without `resource` are defaulted to this one. Any absolute URI is accepted as a resource indicator.
 */
export const DEFAULT_RESOURCE_INDICATOR = 'urn:signet:dev-as:resource-server';

/** Open-banking style RAR types; any detail of these types is accepted (a dev AS has no policy to apply). */
const RAR_TYPES = ['payment_initiation', 'account_information'] as const;

export function profileResolver(profile: DevAsOptions['profile']): (clientId: string) => DevAsProfile {
  return profile ?? (() => 'fapi2');
}

/**
 * Per-client defaults a dev AS should not make every test spell out (explicit metadata always wins):
 * - PAR required for fapi2 clients only: oidc-provider's global switch would also force it on FAPI 1.0 Advanced
 *   clients that send request objects by value.
 * - every RAR type allowed: oidc-provider defaults `authorization_details_types` to none.
 */
export function prepareClients(
  clients: ClientMetadata[],
  profileOf: (clientId: string) => DevAsProfile,
): ClientMetadata[] {
  return clients.map((client) => ({
    ...client,
    require_pushed_authorization_requests:
      client.require_pushed_authorization_requests ?? profileOf(client.client_id) === 'fapi2',
    authorization_details_types: client['authorization_details_types'] ?? [...RAR_TYPES],
  }));
}

/** Drops the SSRF dispatcher oidc-provider injects, which refuses loopback `jwks_uri`s (dev/test only). */
function loopbackFriendlyFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const { dispatcher: _ssrfGuard, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
  return globalThis.fetch(input, rest);
}

function parseDetails(raw: unknown): Array<{ type: string }> | undefined {
  if (typeof raw !== 'string') return undefined;
  const parsed = JSON.parse(raw) as unknown;
  return Array.isArray(parsed) ? (parsed as Array<{ type: string }>) : undefined;
}

export interface ConfigurationInputs {
  options: DevAsOptions;
  jwks: Jwks;
  accounts: AccountDirectory;
  /** The HTTPS origin advertised as mtls_endpoint_aliases (mtls in aliases mode). */
  mtlsOrigin?: string;
  /** Live lifetimes: a test may shorten or lengthen the access-token lifetime while the AS runs. */
  lifetimes?: { AccessToken: number };
  /** The storage; a fresh in-memory one when omitted. */
  adapter?: ReturnType<typeof memoryAdapter>;
}

export function buildConfiguration({
  options,
  jwks,
  accounts,
  mtlsOrigin,
  lifetimes,
  adapter,
}: ConfigurationInputs): Configuration {
  const profileOf = profileResolver(options.profile);
  const fixed = { ...DEFAULT_TTL, ...options.ttl };
  const live = lifetimes ?? { AccessToken: fixed.AccessToken };
  const ttl = { ...fixed, AccessToken: () => live.AccessToken };
  const rarTypes = Object.fromEntries(RAR_TYPES.map((type) => [type, { validate: () => undefined }]));
  const clients = prepareClients(options.clients, profileOf);
  // Discovery can only say "PAR required" globally; say it when it is true of every registered client, which
  // is what lets RP libraries that read discovery choose PAR on their own.
  const parRequiredForAll = clients.length > 0 && clients.every((c) => c.require_pushed_authorization_requests);

  return {
    adapter: adapter ?? memoryAdapter(),
    clients,
    // jose's and @types/oidc-provider's JWK types differ only in readonly-ness.
    jwks: { keys: jwks.keys as JWK[] },
    findAccount: accountFinder(accounts),
    routes: ROUTES,
    // Random per start: sessions are in memory anyway, so they never need to survive a restart.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'ES256',
      authorization_signed_response_alg: 'ES256',
    },
    clientAuthMethods: options.mtls
      ? ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth']
      : ['private_key_jwt'],
    ...(mtlsOrigin ? { discovery: { mtls_endpoint_aliases: mtlsEndpointAliases(mtlsOrigin) } } : {}),
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: { acr: null, auth_time: null, iss: null, sid: null, ...SCOPE_CLAIMS },
    // The ID token carries the claims of the granted scopes (profile, email), so an RP that reads only the ID
    // token shows a name and an email; oidc-provider's default keeps them for userinfo when a code is issued.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // oidc-provider drops offline_access unless prompt=consent (OIDC Core §11), so tying refresh tokens to that
    // scope would surprise RPs; here the registered refresh_token grant type alone decides.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Every refresh rotates the refresh token (FAPI 2.0 §5.3.3.1 clients must cope): the old one is then dead,
    // which is what makes a client redeeming one refresh token twice visible as invalid_grant.
    rotateRefreshToken: true,
    ttl,
    enabledJWA: {
      clientAuthSigningAlgValues: [...SIGNING_ALGS],
      requestObjectSigningAlgValues: [...SIGNING_ALGS],
      authorizationSigningAlgValues: [...SIGNING_ALGS],
      idTokenSigningAlgValues: [...SIGNING_ALGS],
      userinfoSigningAlgValues: [...SIGNING_ALGS],
      dPoPSigningAlgValues: [...SIGNING_ALGS],
      requestObjectEncryptionAlgValues: [...ENCRYPTION_ALGS],
      requestObjectEncryptionEncValues: [...ENCRYPTION_ENCS],
      authorizationEncryptionAlgValues: [...ENCRYPTION_ALGS],
      authorizationEncryptionEncValues: [...ENCRYPTION_ENCS],
      idTokenEncryptionAlgValues: [...ENCRYPTION_ALGS],
      idTokenEncryptionEncValues: [...ENCRYPTION_ENCS],
      userinfoEncryptionAlgValues: [...ENCRYPTION_ALGS],
      userinfoEncryptionEncValues: [...ENCRYPTION_ENCS],
    },
    features: {
      devInteractions: { enabled: false },
      fapi: {
        enabled: true,
        // Called with the request's client; before one is known, fall back to the stricter profile.
        profile: (_ctx, client) => (client ? FAPI_PROFILES[profileOf(client.clientId)] : '2.0'),
      },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: parRequiredForAll },
      requestObjects: { enabled: true, requireSignedRequestObject: true },
      jwtResponseModes: { enabled: true },
      encryption: { enabled: true },
      dPoP: { enabled: true },
      claimsParameter: { enabled: true },
      ...(options.mtls ? { mTLS: mtlsFeature() } : {}),
      // A client revokes only its own tokens (RFC 7009 §2.1).
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = postLogoutPage();
        },
      },
      backchannelLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, _client, oneOf) =>
          oneOf ?? (ctx.oidc.params?.['authorization_details'] ? DEFAULT_RESOURCE_INDICATOR : undefined),
        // No RS-specific scopes: RAR details, not scopes, describe what an RS token may do here.
        // With JWT resource tokens, the token endpoint issues the token for the granted resource even with openid
        // (oidc-provider otherwise gives an openid request a userinfo token): what a resource server test needs.
        useGrantedResource: () => options.resourceTokenFormat === 'jwt',
        getResourceServerInfo: (_ctx, indicator) => ({
          scope: '',
          audience: indicator,
          accessTokenFormat: options.resourceTokenFormat ?? 'opaque',
        }),
      },
      richAuthorizationRequests: {
        enabled: true,
        types: rarTypes,
        // Only what this request asked for (and the user just consented to) goes into the code.
        authorizationDetailsForGrantSource: (ctx) => parseDetails(ctx.oidc.params?.['authorization_details']),
        authorizationDetailsForAccessToken: (_ctx, _token, source) => source?.rar,
        authorizationDetailsForIntrospection: (_ctx, token) => token.rar,
      },
    },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PREFIX}${interaction.uid}` },
    clientBasedCORS: () => false,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage({ ...out });
    },
    ...(options.allowLoopbackFetch === false ? {} : { fetch: loopbackFriendlyFetch }),
    ...(options.quirks?.clientAssertionAudience
      ? {
          assertJwtClientAuthClaimsAndHeader: clientAssertionAudienceCheck(
            options.quirks.clientAssertionAudience,
            errors.InvalidClientAuth,
          ) as unknown as Configuration['assertJwtClientAuthClaimsAndHeader'],
        }
      : {}),
  };
}
