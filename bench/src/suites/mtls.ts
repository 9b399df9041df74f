import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { loadClientCertificate, resolveOptions, type ClientConfig, type Transaction } from '@signet/core';
import { createTestPki } from '@signet/dev-as/pki';
import { fixtures } from '../lib/keys.js';
import { compare, pairedRatio, type Measured, type MeasureOptions } from '../lib/measure.js';

export interface MtlsResult {
  contenders: Measured[];
  /** Paired ratios against the plain private_key_jwt exchange over http. */
  ratios: Record<string, number>;
}

const CLIENT_ID = 'bench-client';
const REDIRECT_URI = 'http://127.0.0.1:3000/callback';

/** The token endpoint: answers at once; on TLS it refuses a request whose connection presented no certificate. */
function tokenEndpoint(body: (req: IncomingMessage) => string, requireCertificate: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (requireCertificate && !(req.socket as TLSSocket).getPeerCertificate?.()?.raw) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
        return;
      }
      const text = body(req);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    });
  };
}

function listen(server: ReturnType<typeof createHttpServer>): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))),
  );
}

/**
 * Issue 15: what mutual TLS (RFC 8705) costs a code exchange, measured on Signet's own exchange (core's
 * exchangeCode: client authentication, PKCE verifier, token request, response processing, certificate binding)
 * against a local token endpoint that answers at once. Three ways: private_key_jwt over http (the assertion
 * signed per request), tls_client_auth over https with the client certificate (no assertion; the TLS
 * connection is kept alive, so a handshake is rare), and private_key_jwt over the same mutual TLS.
 */
export async function run(options: MeasureOptions): Promise<MtlsResult> {
  const keys = await fixtures();
  const pki = await createTestPki();
  const server = await pki.issue({ subject: 'CN=127.0.0.1', ip: ['127.0.0.1'], usage: 'server' });
  const client = await pki.issue({ subject: 'CN=bench-client' });
  const thumbprint = (await loadClientCertificate(client.certificate, client.key)).thumbprint;
  // A certificate-bound JWT access token (cnf x5t#S256), as an mTLS AS issues it: core checks the binding.
  const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const answer = (token: string) => JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 300 });
  let boundToken = '';
  const http = createHttpServer(tokenEndpoint(() => answer('bench-opaque-token'), false));
  const https = createHttpsServer(
    { cert: server.certificate, key: server.key, ca: pki.ca, requestCert: true, rejectUnauthorized: false },
    tokenEndpoint(() => answer(boundToken), true),
  );
  const httpPort = await listen(http);
  const httpsPort = await listen(https as unknown as ReturnType<typeof createHttpServer>);
  // The issuer on loopback http (the only http Signet accepts); the mTLS aliases on https.
  const ISSUER = `http://127.0.0.1:${httpPort}`;
  boundToken = `${segment({ alg: 'ES256', typ: 'at+jwt' })}.${segment({ iss: ISSUER, cnf: { 'x5t#S256': thumbprint } })}.c2ln`;
  try {
    const metadata = {
      issuer: ISSUER,
      token_endpoint: `http://127.0.0.1:${httpPort}/token`,
      mtls_endpoint_aliases: { token_endpoint: `https://127.0.0.1:${httpsPort}/token` },
      tls_client_certificate_bound_access_tokens: true,
    };
    const base = {
      issuer: ISSUER,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      signingKeys: [keys.clientSigning.ES256.privateJwk],
    };
    const tls = { certificate: client.certificate, key: client.key, ca: pki.ca };
    const configs: Record<string, ClientConfig> = {
      plain: await resolveOptions(base),
      tlsClientAuth: await resolveOptions({ ...base, clientAuth: 'tls_client_auth', tls }),
      privateKeyJwtOverMtls: await resolveOptions({ ...base, tls }),
    };
    const entry = import.meta.resolve('@signet/core');
    const { exchangeCode } = (await import(new URL('./token/exchange-code.js', entry).href)) as {
      exchangeCode: (
        config: ClientConfig,
        as: Record<string, unknown>,
        code: string,
        tx: Transaction,
        dpop: undefined,
        keys: unknown,
      ) => Promise<{ tokens: { accessToken: string } }>;
    };
    const now = Math.floor(Date.now() / 1000);
    const tx: Transaction = {
      state: 'bench-state',
      nonce: 'n',
      codeVerifier: 'bench-code-verifier-0123456789-0123456789-abc',
      responseMode: 'jwt',
      redirectUri: REDIRECT_URI,
      jti: 'j',
      scope: 'profile',
      createdAt: now,
      expiresAt: now + 600,
    };
    const exchange = (config: ClientConfig) => async () => {
      const result = await exchangeCode(config, metadata, 'bench-code', tx, undefined, undefined);
      if (!result.tokens.accessToken) throw new Error('no token');
    };
    const contenders = await compare(
      [
        {
          name: 'private_key_jwt over http',
          includes:
            'core exchangeCode: ES256 client assertion signed, PKCE verifier, token request over loopback http, response processed',
          fn: exchange(configs.plain!),
        },
        {
          name: 'tls_client_auth over mutual TLS',
          includes:
            'the same exchange with tls_client_auth at the mtls_endpoint_aliases token endpoint (https, client certificate on a kept-alive connection, no assertion), the certificate binding of the JWT access token checked',
          fn: exchange(configs.tlsClientAuth!),
        },
        {
          name: 'private_key_jwt over mutual TLS',
          includes: 'the ES256 assertion as well as the client certificate (FAPI 1 style), the binding checked',
          fn: exchange(configs.privateKeyJwtOverMtls!),
        },
      ],
      options,
    );
    const by = Object.fromEntries(contenders.map((c) => [c.name, c]));
    const ratios = {
      'tls_client_auth / private_key_jwt over http': pairedRatio(
        by['tls_client_auth over mutual TLS']!,
        by['private_key_jwt over http']!,
      ),
      'private_key_jwt over mutual TLS / over http': pairedRatio(
        by['private_key_jwt over mutual TLS']!,
        by['private_key_jwt over http']!,
      ),
    };
    process.stderr.write(`  mtls: ${contenders.map((c) => `${c.name} ${c.opsPerSec}/s`).join(', ')}\n`);
    return { contenders, ratios };
  } finally {
    http.close();
    https.close();
    http.closeAllConnections();
    https.closeAllConnections();
  }
}
