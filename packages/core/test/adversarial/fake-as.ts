// A small, scriptable authorization server for adversarial tests: real HTTP on 127.0.0.1, real keys, real JWTs.
// It does just enough of discovery, JWKS, PAR and the token endpoint for Signet to run a whole flow, counts every
// request (so a test can prove that no token request was made), and signs whatever JARM response a test forges.
// Its clock is Date.now() everywhere, so a test that moves Date.now() moves the AS with it.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { signJws } from './forge.js';

export interface FakeAsKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A canned HTTP answer that replaces an endpoint's normal behaviour. */
export interface CannedAnswer {
  status: number;
  /** Sent as JSON, unless it is a `RawBody`: then its text is sent as it is, with its content type (if any). */
  body: unknown;
}

/** A body sent byte for byte: an HTML error page, an empty body, a truncated document. */
export class RawBody {
  constructor(
    readonly text: string,
    readonly contentType?: string,
  ) {}
}

export interface PushedRequest {
  requestUri: string;
  requestObject: string;
  /** The request object's claims (decoded, not re-verified here: see `clientJwks`). */
  claims: JWTPayload;
}

export interface FakeAs {
  readonly issuer: string;
  readonly clientId: string;
  /** The key the AS signs JARM responses and ID tokens with; its public half is in `jwks`. */
  readonly key: FakeAsKey;
  /** The document served at jwks_uri; mutate it to rotate keys. */
  jwks: { keys: JWK[] };
  /** The discovery document; mutate it before a client first asks. */
  metadata: Record<string, unknown>;
  /** Request counts per endpoint since the last `reset()`. */
  readonly counts: { discovery: number; jwks: number; par: number; token: number };
  readonly pushed: PushedRequest[];
  readonly tokenRequests: URLSearchParams[];
  /** When set, PAR and the token endpoint verify the client's signatures (request object, client assertion). */
  clientJwks?: { keys: JWK[] };
  /**
   * Canned answers for the next requests, and ID token tampering: `idToken` receives the claims the AS would
   * sign and returns the id_token to send instead. Cleared by `reset()`.
   */
  behaviour: {
    /** Replaces the discovery document and the JWKS answers (diagnostics of their failures). */
    discovery?: CannedAnswer;
    jwks?: CannedAnswer;
    par?: CannedAnswer;
    token?: CannedAnswer;
    idToken?: (claims: Record<string, unknown>) => Promise<string> | string;
  };
  /** The claims of the last pushed request object. */
  lastRequest(): JWTPayload;
  /** A fresh authorization code for a pushed request; the token endpoint redeems it once, checking PKCE. */
  issueCode(request?: JWTPayload): string;
  /** A JARM response signed by this AS: iss, aud, iat, exp filled in; a claim set to undefined is left out. */
  response(
    claims: Record<string, unknown>,
    options?: { header?: Record<string, unknown>; key?: FakeAsKey },
  ): Promise<string>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeAsOptions {
  clientId?: string;
  alg?: 'ES256' | 'PS256' | 'EdDSA';
}

/** A fresh asymmetric signing key in the shape the fake AS uses. */
export async function createSigningKey(
  alg: 'ES256' | 'PS256' | 'EdDSA' = 'ES256',
  kid = `k-${randomBytes(6).toString('hex')}`,
): Promise<FakeAsKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body instanceof RawBody) {
    res.writeHead(status, {
      ...(body.contentType ? { 'content-type': body.contentType } : {}),
      'cache-control': 'no-store',
    });
    res.end(body.text);
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Starts a fake AS on 127.0.0.1 with an ephemeral port. */
export async function startFakeAs(options: FakeAsOptions = {}): Promise<FakeAs> {
  const clientId = options.clientId ?? 'signet-test-client';
  const key = await createSigningKey(options.alg ?? 'ES256');
  const codes = new Map<string, JWTPayload>();
  let base = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: 'server_error', error_description: String(err) }));
  });

  async function verifyClient(form: URLSearchParams): Promise<string | undefined> {
    if (!as.clientJwks) return undefined;
    try {
      await jwtVerify(form.get('client_assertion') ?? '', createLocalJWKSet(as.clientJwks), {
        issuer: clientId,
        subject: clientId,
        audience: as.issuer,
        currentDate: new Date(Date.now()),
      });
      return undefined;
    } catch (err) {
      return `client assertion: ${(err as Error).message}`;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', base).pathname;
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      as.counts.discovery++;
      if (as.behaviour.discovery) return send(res, as.behaviour.discovery.status, as.behaviour.discovery.body);
      return send(res, 200, as.metadata);
    }
    if (req.method === 'GET' && path === '/jwks') {
      as.counts.jwks++;
      if (as.behaviour.jwks) return send(res, as.behaviour.jwks.status, as.behaviour.jwks.body);
      return send(res, 200, as.jwks);
    }
    if (req.method === 'POST' && path === '/par') {
      as.counts.par++;
      const form = await readForm(req);
      if (as.behaviour.par) return send(res, as.behaviour.par.status, as.behaviour.par.body);
      const requestObject = form.get('request') ?? '';
      const problem = await verifyClient(form);
      if (problem) return send(res, 401, { error: 'invalid_client', error_description: problem });
      if (as.clientJwks) {
        try {
          await jwtVerify(requestObject, createLocalJWKSet(as.clientJwks), {
            issuer: clientId,
            audience: as.issuer,
            typ: 'oauth-authz-req+jwt',
            currentDate: new Date(Date.now()),
          });
        } catch (err) {
          return send(res, 400, { error: 'invalid_request_object', error_description: (err as Error).message });
        }
      }
      const requestUri = `urn:ietf:params:oauth:request_uri:${randomBytes(16).toString('base64url')}`;
      as.pushed.push({ requestUri, requestObject, claims: decodeJwt(requestObject) });
      return send(res, 201, { request_uri: requestUri, expires_in: 60 });
    }
    if (req.method === 'POST' && path === '/token') {
      as.counts.token++;
      const form = await readForm(req);
      as.tokenRequests.push(form);
      if (as.behaviour.token) return send(res, as.behaviour.token.status, as.behaviour.token.body);
      const problem = await verifyClient(form);
      if (problem) return send(res, 401, { error: 'invalid_client', error_description: problem });
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (
        form.get('grant_type') !== 'authorization_code' ||
        !grant ||
        grant.code_challenge !== challenge ||
        grant.redirect_uri !== form.get('redirect_uri')
      ) {
        return send(res, 400, { error: 'invalid_grant' });
      }
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: as.issuer, aud: clientId, sub: 'user-1', nonce: grant.nonce, iat: now, exp: now + 300 };
      const idToken = as.behaviour.idToken
        ? await as.behaviour.idToken(claims)
        : await signJws({ alg: key.alg, kid: key.kid, typ: 'JWT' }, claims, key.privateKey);
      return send(res, 200, {
        access_token: randomBytes(24).toString('base64url'),
        // A DPoP proof asks for a DPoP-bound token (RFC 9449 §5); the proof itself is not checked here.
        token_type: req.headers['dpop'] ? 'DPoP' : 'Bearer',
        expires_in: 300,
        scope: grant.scope,
        id_token: idToken,
      });
    }
    send(res, 404, { error: 'not_found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const as: FakeAs = {
    issuer: base,
    clientId,
    key,
    jwks: { keys: [key.publicJwk] },
    metadata: {
      issuer: base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      pushed_authorization_request_endpoint: `${base}/par`,
      require_pushed_authorization_requests: true,
      jwks_uri: `${base}/jwks`,
      response_types_supported: ['code'],
      response_modes_supported: ['jwt', 'query.jwt', 'form_post.jwt', 'fragment.jwt'],
      authorization_signing_alg_values_supported: [key.alg],
      id_token_signing_alg_values_supported: [key.alg],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    },
    counts: { discovery: 0, jwks: 0, par: 0, token: 0 },
    pushed: [],
    tokenRequests: [],
    behaviour: {},
    lastRequest() {
      const last = as.pushed.at(-1);
      if (!last) throw new Error('no request object was pushed');
      return last.claims;
    },
    issueCode(request = as.lastRequest()) {
      const code = randomBytes(24).toString('base64url');
      codes.set(code, request);
      return code;
    },
    async response(claims, { header, key: signer = key } = {}) {
      const now = Math.floor(Date.now() / 1000);
      return signJws(
        { alg: signer.alg, kid: signer.kid, ...header },
        { iss: as.issuer, aud: clientId, iat: now, exp: now + 120, ...claims },
        signer.privateKey,
      );
    },
    reset() {
      for (const name of Object.keys(as.counts) as Array<keyof FakeAs['counts']>) as.counts[name] = 0;
      as.pushed.length = 0;
      as.tokenRequests.length = 0;
      as.behaviour = {};
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
  return as;
}
