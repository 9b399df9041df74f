import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { compactDecrypt, decodeJwt, SignJWT, type JWK } from 'jose';
import type { BenchKey } from './keys.js';

/**
 * A local authorization server that answers at once: discovery, jwks_uri, PAR and a token endpoint whose
 * answers are signed ahead of time. It verifies nothing (it is the fixture, not the thing measured) and
 * counts every request, so the benchmarks can report how often each client fetched the JWKS.
 */
export interface FakeAs {
  issuer: string;
  jwksUri: string;
  metadata: Record<string, unknown>;
  counts: { discovery: number; jwks: number; par: number; token: number };
  /** Replaces the published signing keys (a key rotation). */
  publish(keys: JWK[]): void;
  /** Plays the authorization endpoint for a pushed request: returns the redirect URI with a JARM `response`. */
  authorize(requestUri: string): Promise<string>;
  close(): Promise<void>;
}

export interface FakeAsOptions {
  clientId: string;
  /** Signs JARM responses and ID tokens. */
  signingKey: BenchKey;
  /** Published beside the signing key; decrypts encrypted request objects. */
  encryptionKeys?: BenchKey[];
  /** Extra published signing keys (the JARM suite verifies under several algorithms). */
  extraSigningKeys?: BenchKey[];
}

interface Pushed {
  state: string;
  nonce: string;
  redirectUri: string;
  responseMode: string;
}

function body(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export async function startFakeAs(options: FakeAsOptions): Promise<FakeAs> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jwksUri = `${issuer}/jwks`;
  const signingKeys = [options.signingKey, ...(options.extraSigningKeys ?? [])];
  let published: JWK[] = [
    ...signingKeys.map((k) => k.publicJwk),
    ...(options.encryptionKeys ?? []).map((k) => k.publicJwk),
  ];
  const counts = { discovery: 0, jwks: 0, par: 0, token: 0 };
  const pushed = new Map<string, Pushed>();
  const tokens = new Map<string, string>();

  const metadata = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    pushed_authorization_request_endpoint: `${issuer}/par`,
    jwks_uri: jwksUri,
    require_pushed_authorization_requests: true,
    response_types_supported: ['code'],
    response_modes_supported: ['jwt', 'query.jwt', 'form_post.jwt', 'fragment.jwt'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
    request_object_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
    request_object_encryption_alg_values_supported: ['ECDH-ES', 'RSA-OAEP-256'],
    request_object_encryption_enc_values_supported: ['A256GCM'],
    authorization_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
    id_token_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
    authorization_response_iss_parameter_supported: true,
    scopes_supported: ['openid', 'profile'],
    subject_types_supported: ['public'],
  };

  async function readRequestObject(request: string): Promise<Pushed> {
    let jws = request;
    if (request.split('.').length === 5) {
      const { kid } = JSON.parse(Buffer.from(request.split('.')[0]!, 'base64url').toString('utf8')) as { kid?: string };
      const key = (options.encryptionKeys ?? []).find((k) => k.kid === kid) ?? options.encryptionKeys?.[0];
      if (!key) throw new Error('encrypted request object but no encryption key');
      jws = new TextDecoder().decode((await compactDecrypt(request, key.privateKey)).plaintext);
    }
    const claims = decodeJwt(jws);
    return {
      state: String(claims.state),
      nonce: String(claims.nonce),
      redirectUri: String(claims.redirect_uri),
      responseMode: String(claims.response_mode ?? 'jwt'),
    };
  }

  server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    void (async () => {
      try {
        if (
          req.method === 'GET' &&
          (path === '/.well-known/openid-configuration' || path === '/.well-known/oauth-authorization-server')
        ) {
          counts.discovery++;
          return json(res, 200, metadata);
        }
        if (req.method === 'GET' && path === '/jwks') {
          counts.jwks++;
          return json(res, 200, { keys: published });
        }
        if (req.method === 'POST' && path === '/par') {
          counts.par++;
          const form = await body(req);
          const request = form.get('request');
          if (!request) return json(res, 400, { error: 'invalid_request' });
          const requestUri = `urn:ietf:params:oauth:request_uri:${randomBytes(16).toString('base64url')}`;
          pushed.set(requestUri, await readRequestObject(request));
          return json(res, 201, { request_uri: requestUri, expires_in: 60 });
        }
        if (req.method === 'POST' && path === '/token') {
          counts.token++;
          const form = await body(req);
          const answer = tokens.get(form.get('code') ?? '');
          if (!answer) return json(res, 400, { error: 'invalid_grant' });
          tokens.delete(form.get('code')!);
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(answer),
            'cache-control': 'no-store',
          });
          return res.end(answer);
        }
        json(res, 404, { error: 'not_found' });
      } catch {
        json(res, 500, { error: 'server_error' });
      }
    })();
  });

  const key = options.signingKey;
  return {
    issuer,
    jwksUri,
    metadata,
    counts,
    publish(keys) {
      published = keys;
    },
    async authorize(requestUri) {
      const request = pushed.get(requestUri);
      if (!request) throw new Error('unknown request_uri');
      pushed.delete(requestUri);
      const code = randomBytes(24).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const idToken = await new SignJWT({ nonce: request.nonce, auth_time: now })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(options.clientId)
        .setSubject('bench-user')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(key.privateKey);
      tokens.set(
        code,
        JSON.stringify({
          access_token: randomBytes(24).toString('base64url'),
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'openid',
          id_token: idToken,
        }),
      );
      const response = await new SignJWT({ code, state: request.state })
        .setProtectedHeader({ alg: key.alg, kid: key.kid })
        .setIssuer(issuer)
        .setAudience(options.clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(key.privateKey);
      const url = new URL(request.redirectUri);
      url.searchParams.set('response', response);
      return url.href;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
