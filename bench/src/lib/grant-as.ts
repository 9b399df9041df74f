import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWK } from 'jose';

/**
 * A local authorization server and protected resource for the grant suite, in this process over loopback HTTP:
 * discovery, an (empty) jwks_uri, a token endpoint answering the refresh token grant with rotation, and a resource
 * that checks DPoP proofs (RFC 9449 §7: `typ`, signature by the embedded key, `htm`, `htu`, `ath`, `iat`) and that
 * the access token is bound to the proof's key. It does not check client authentication (it is the fixture, not
 * the thing measured) and counts every request so the suite can report how many refreshes reached it.
 */
export interface GrantAs {
  issuer: string;
  resourceUrl: string;
  counts: { discovery: number; refresh: number; resource: number; resourceRefused: number };
  /** Issues a DPoP-bound access and refresh token for the key with this thumbprint (what a code exchange does). */
  issue(jkt: string): { accessToken: string; refreshToken: string };
  close(): Promise<void>;
}

const b64sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

function body(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** The proof's key thumbprint when the proof is valid for this request (and `ath` for this token when given). */
async function verifyProof(proof: string | undefined, htm: string, htu: string, token?: string): Promise<string> {
  if (!proof) throw new Error('no DPoP proof');
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
    typ: 'dpop+jwt',
    algorithms: ['ES256', 'PS256', 'EdDSA'],
    maxTokenAge: 60,
  });
  if (payload.htm !== htm || payload.htu !== htu) throw new Error('htm/htu mismatch');
  if (token !== undefined && payload.ath !== b64sha256(token)) throw new Error('ath mismatch');
  return calculateJwkThumbprint(protectedHeader.jwk as JWK);
}

export async function startGrantAs(options: { accessTokenTtl: number }): Promise<GrantAs> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resourceUrl = `${issuer}/resource`;
  const counts = { discovery: 0, refresh: 0, resource: 0, resourceRefused: 0 };
  const accessTokens = new Map<string, string>();
  const refreshTokens = new Map<string, string>();
  const issue = (jkt: string) => {
    const accessToken = randomBytes(24).toString('base64url');
    const refreshToken = randomBytes(24).toString('base64url');
    accessTokens.set(accessToken, jkt);
    refreshTokens.set(refreshToken, jkt);
    return { accessToken, refreshToken };
  };
  const metadata = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    pushed_authorization_request_endpoint: `${issuer}/par`,
    jwks_uri: `${issuer}/jwks`,
    require_pushed_authorization_requests: true,
    response_types_supported: ['code'],
    response_modes_supported: ['jwt'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['ES256'],
    request_object_signing_alg_values_supported: ['ES256'],
    authorization_signing_alg_values_supported: ['ES256'],
    id_token_signing_alg_values_supported: ['ES256'],
    dpop_signing_alg_values_supported: ['ES256'],
    authorization_response_iss_parameter_supported: true,
    scopes_supported: ['openid'],
    subject_types_supported: ['public'],
  };

  server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    void (async () => {
      try {
        if (req.method === 'GET' && path?.startsWith('/.well-known/')) {
          counts.discovery++;
          return json(res, 200, metadata);
        }
        if (req.method === 'GET' && path === '/jwks') return json(res, 200, { keys: [] });
        if (req.method === 'POST' && path === '/token') {
          const form = await body(req);
          if (form.get('grant_type') !== 'refresh_token') return json(res, 400, { error: 'unsupported_grant_type' });
          counts.refresh++;
          const old = form.get('refresh_token') ?? '';
          const bound = refreshTokens.get(old);
          const jkt = await verifyProof(req.headers.dpop as string | undefined, 'POST', `${issuer}/token`);
          if (!bound || bound !== jkt) return json(res, 400, { error: 'invalid_grant' });
          refreshTokens.delete(old); // rotation: the old refresh token is spent
          const next = issue(jkt);
          return json(res, 200, {
            access_token: next.accessToken,
            refresh_token: next.refreshToken,
            token_type: 'DPoP',
            expires_in: options.accessTokenTtl,
            scope: 'openid',
          });
        }
        if (req.method === 'GET' && path === '/resource') {
          counts.resource++;
          const auth = req.headers.authorization ?? '';
          const token = auth.startsWith('DPoP ') ? auth.slice(5) : '';
          try {
            const jkt = await verifyProof(req.headers.dpop as string | undefined, 'GET', resourceUrl, token);
            if (accessTokens.get(token) !== jkt) throw new Error('token not bound to this key');
          } catch {
            counts.resourceRefused++;
            return json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'DPoP error="invalid_token"' });
          }
          return json(res, 200, { sub: 'bench-user', accounts: [{ id: 'a1', balance: '10.00' }] });
        }
        json(res, 404, { error: 'not_found' });
      } catch {
        json(res, 400, { error: 'invalid_request' });
      }
    })();
  });

  return {
    issuer,
    resourceUrl,
    counts,
    issue,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
