// A programmable FAPI test authorization server, in process: real HTTP on 127.0.0.1 (a random port), real keys,
// real JWTs. Discovery, JWKS, PAR, an authorization endpoint answering with JARM in every response mode, a token
// endpoint (private_key_jwt, PKCE, DPoP, ID tokens, refresh rotation), userinfo, revocation and end-session.
// Named attacks tamper with its answers on demand; it counts every request, so a test can prove that no token
// request was made. Its clock is Date.now() everywhere, so a test that moves Date.now() moves the AS with it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signJws } from '../forge/forge.js';
import { authorize, userNamed } from './authorization-endpoint.js';
import { opaque } from './opaque.js';
import { authenticateClient, OAuthFailure } from './client-checks.js';
import { escapeHtml, readForm, send } from './http-io.js';
import { issueCode } from './id-token.js';
import { createTestKey, type TestKey } from './keys.js';
import { pushedRequest } from './par-endpoint.js';
import { serveUserinfo } from './userinfo-endpoint.js';
import type { ServerState } from './state.js';
import { tokenRequest } from './token-endpoint.js';
import type { TestAsCounts, TestAuthorizationServer, TestAuthorizationServerOptions, TestUser } from './types.js';

const DEFAULT_USERS: Record<string, TestUser> = {
  alice: {
    sub: 'alice',
    name: 'Alice Example',
    preferred_username: 'alice',
    email: 'alice@example.test',
    email_verified: true,
  },
  bob: { sub: 'bob', name: 'Bob Example', preferred_username: 'bob', email: 'bob@example.test', email_verified: true },
};

const zeroCounts = (): TestAsCounts => ({
  discovery: 0,
  jwks: 0,
  par: 0,
  authorization: 0,
  token: 0,
  refresh: 0,
  revocation: 0,
  userinfo: 0,
});

function metadataFor(base: string, signing: string[], encryption: TestKey[]): Record<string, unknown> {
  return {
    issuer: base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    pushed_authorization_request_endpoint: `${base}/par`,
    require_pushed_authorization_requests: true,
    jwks_uri: `${base}/jwks`,
    userinfo_endpoint: `${base}/userinfo`,
    revocation_endpoint: `${base}/revoke`,
    end_session_endpoint: `${base}/logout`,
    response_types_supported: ['code'],
    response_modes_supported: ['jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    subject_types_supported: ['public'],
    authorization_signing_alg_values_supported: signing,
    id_token_signing_alg_values_supported: signing,
    request_object_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
    ...(encryption.length > 0
      ? {
          request_object_encryption_alg_values_supported: [...new Set(encryption.map((k) => k.alg))],
          request_object_encryption_enc_values_supported: ['A256GCM'],
        }
      : {}),
    authorization_encryption_alg_values_supported: ['ECDH-ES', 'ECDH-ES+A256KW', 'RSA-OAEP-256'],
    authorization_encryption_enc_values_supported: ['A256GCM', 'A128CBC-HS256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
    code_challenge_methods_supported: ['S256'],
    dpop_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
    authorization_response_iss_parameter_supported: true,
  };
}

/** The auto-submitting form a browser receives for form_post.jwt. */
function formPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(action)}">${inputs}<noscript><button>Continue</button></noscript></form></body></html>`;
}

/**
 * Starts a test authorization server on 127.0.0.1 with a random port.
 * @example
 * const as = await startTestAuthorizationServer({ clients: [{ clientId: 'my-app', jwks: client.publicJwks() }] });
 * as.attack('wrong-issuer', { once: true });
 */
export async function startTestAuthorizationServer(
  options: TestAuthorizationServerOptions = {},
): Promise<TestAuthorizationServer> {
  const clientId = options.clientId ?? 'signet-test-client';
  const key = options.signingKey ?? (await createTestKey(options.alg ?? 'ES256'));
  const extra = options.extraSigningKeys ?? [];
  const encryption = options.encryptionKeys ?? [];
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof OAuthFailure)
        return send(res, err.status, { error: err.error, error_description: err.message }, err.headers);
      send(res, 500, { error: 'server_error', error_description: String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingAlgs = [...new Set([key, ...extra].map((k) => k.alg))];

  const as: TestAuthorizationServer = {
    issuer: base,
    clientId,
    key,
    jwksUri: `${base}/jwks`,
    jwks: { keys: [key, ...extra, ...encryption].map((k) => k.publicJwk) },
    metadata: metadataFor(base, signingAlgs, encryption),
    counts: zeroCounts(),
    pushed: [],
    tokenRequests: [],
    behaviour: {},
    attacks: new Set(),
    users: { ...DEFAULT_USERS, ...options.users },
    attack(names, { once = false } = {}) {
      for (const name of [names].flat()) {
        if (once) state.onceAttacks.push(name);
        else as.attacks.add(name);
      }
    },
    registerClient(client) {
      const known = state.clients.get(client.clientId);
      if (!known) return void state.clients.set(client.clientId, { ...client });
      if (client.jwks) {
        // A key registered again (same kid) replaces the old one: two keys of one kid would be ambiguous.
        const kids = new Set(client.jwks.keys.map((k) => k.kid));
        const kept = (known.jwks?.keys ?? []).filter((k) => k.kid === undefined || !kids.has(k.kid));
        known.jwks = { keys: [...kept, ...client.jwks.keys] };
      }
      if (client.redirectUris) known.redirectUris = [...(known.redirectUris ?? []), ...client.redirectUris];
      if (client.responseEncryption) known.responseEncryption = client.responseEncryption;
    },
    authorize: (url, authorizeOptions) => authorize(state, url, authorizeOptions),
    lastRequest() {
      const last = as.pushed.at(-1);
      if (!last) throw new Error('no request object was pushed');
      return last.claims;
    },
    issueCode(request = as.lastRequest(), login = options.defaultLogin ?? 'alice') {
      return issueCode(state, String(request.client_id ?? clientId), request, userNamed(state, login));
    },
    async response(claims, { header, key: signer = key } = {}) {
      const now = Math.floor(Date.now() / 1000);
      return signJws(
        { alg: signer.alg, kid: signer.kid, ...header },
        { iss: as.issuer, aud: clientId, iat: now, exp: now + 120, ...claims },
        signer.privateKey,
      );
    },
    publish(keys) {
      as.jwks = { keys };
    },
    reset() {
      Object.assign(as.counts, zeroCounts());
      as.pushed.length = 0;
      as.tokenRequests.length = 0;
      as.behaviour = {};
      as.attacks.clear();
      state.onceAttacks.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };

  const state: ServerState = {
    as,
    options,
    clients: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    requestUris: new Map(),
    assertionJti: new Set(),
    dpopJti: new Set(),
    dpopNonce: opaque(12),
    onceAttacks: [],
    delivered: [],
  };
  as.registerClient({ clientId });
  for (const client of options.clients ?? []) as.registerClient(client);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /.well-known/openid-configuration' || route === 'GET /.well-known/oauth-authorization-server') {
      as.counts.discovery++;
      const canned = as.behaviour.discovery;
      return canned ? send(res, canned.status, canned.body, canned.headers) : send(res, 200, as.metadata);
    }
    if (route === 'GET /jwks') {
      as.counts.jwks++;
      const canned = as.behaviour.jwks;
      return canned ? send(res, canned.status, canned.body, canned.headers) : send(res, 200, as.jwks);
    }
    if (route === 'POST /par') {
      as.counts.par++;
      const form = await readForm(req);
      const canned = as.behaviour.par;
      if (canned) return send(res, canned.status, canned.body, canned.headers);
      return send(res, 201, await pushedRequest(state, form, req.headers));
    }
    if (route === 'GET /authorize') {
      const outcome = await authorize(state, url.href);
      if (outcome.kind === 'redirect') {
        res.writeHead(303, { location: outcome.url, 'cache-control': 'no-store' });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(formPostPage(outcome.action, outcome.fields));
    }
    if (route === 'POST /token') {
      as.counts.token++;
      const form = await readForm(req);
      as.tokenRequests.push(form);
      const canned = as.behaviour.token;
      if (canned) return send(res, canned.status, canned.body, canned.headers);
      return send(res, 200, await tokenRequest(state, form, req.headers));
    }
    if (route === 'GET /userinfo' || route === 'POST /userinfo') {
      as.counts.userinfo++;
      return send(res, 200, await serveUserinfo(state, req));
    }
    if (route === 'POST /revoke') {
      as.counts.revocation++;
      const form = await readForm(req);
      await authenticateClient(form, state.clients, as.issuer, state.assertionJti, options.skipClientChecks ?? false);
      const token = form.get('token') ?? '';
      state.accessTokens.delete(token);
      state.refreshTokens.delete(token);
      res.writeHead(200, { 'cache-control': 'no-store' });
      return void res.end();
    }
    if (route === 'GET /logout') {
      const target = url.searchParams.get('post_logout_redirect_uri');
      if (!target) return send(res, 200, { signed_out: true });
      const back = new URL(target);
      const stateParam = url.searchParams.get('state');
      if (stateParam) back.searchParams.set('state', stateParam);
      res.writeHead(303, { location: back.href });
      return void res.end();
    }
    send(res, 404, { error: 'not_found' });
  }

  return as;
}
