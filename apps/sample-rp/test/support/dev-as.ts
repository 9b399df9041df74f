import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRpKeys, startDevAs, toPublicJwks, type DevAs, type Jwks } from '@signet/dev-as';
import { createTestPki, type IssuedCertificate, type TestPki } from '@signet/dev-as/pki';
import type { ClientMetadata } from 'oidc-provider';
import type { JWK } from 'jose';

/**
 * Where the sample believes it lives; supertest talks to the server directly, so nothing listens here. The port is
 * below Linux's ephemeral range (32768-60999), so no server a test starts on port 0 can get it: dev-as on this
 * origin would take the redirect to the RP for one of its own pages (completeLogin follows same-origin hops).
 */
export const REDIRECT_URI = 'http://127.0.0.1:29999/callback';
export const COOKIE_SECRET = 'sample-rp-e2e-cookie-secret-0123456789';
/** The Passport path's callback beside REDIRECT_URI (the sample serves both, on either platform). */
export const PASSPORT_REDIRECT_URI = new URL('/passport/callback', REDIRECT_URI).href;

/** The clients the suites use, all for the same redirect URI and keys. */
export const CLIENTS = {
  /** FAPI 2.0, signed (not encrypted) JARM. */
  plain: 'sample-rp',
  /** FAPI 2.0 with encrypted JARM (ECDH-ES + A256GCM). */
  encrypted: 'sample-rp-enc',
  /** FAPI 1.0 Advanced: request objects by value allowed; tls_client_auth with certificate-bound tokens. */
  fapi1: 'sample-rp-fapi1',
  /** FAPI 2.0 with tls_client_auth (subject CN=sample-rp-mtls) and certificate-bound tokens. */
  mtls: 'sample-rp-mtls',
} as const;

/** PEM files a sample instance is pointed at with SIGNET_TLS_CERT_FILE, SIGNET_TLS_KEY_FILE, SIGNET_TLS_CA_FILE. */
export interface TlsFiles {
  SIGNET_TLS_CERT_FILE: string;
  SIGNET_TLS_KEY_FILE: string;
  SIGNET_TLS_CA_FILE: string;
}

export interface SampleAs {
  as: DevAs;
  signingKey: JWK;
  decryptionKey: JWK;
}

/** The shared test AS with its mutual-TLS side. */
export interface SampleAsWithTls extends SampleAs {
  /** The test CA: it issued dev-as's HTTPS certificate (mtls_endpoint_aliases) and the client certificates. */
  pki: TestPki;
  /** Writes a client certificate, its key and the CA to files in the AS's temporary directory. */
  tlsFiles(certificate: IssuedCertificate, name: string): Promise<TlsFiles>;
}

const mtlsClient = (subject: string): Partial<ClientMetadata> => ({
  token_endpoint_auth_method: 'tls_client_auth',
  token_endpoint_auth_signing_alg: undefined,
  tls_client_auth_subject_dn: subject,
  tls_client_certificate_bound_access_tokens: true,
});

function client(clientId: string, rp: Jwks, extra: Partial<ClientMetadata> = {}): ClientMetadata {
  return {
    client_id: clientId,
    redirect_uris: [REDIRECT_URI, PASSPORT_REDIRECT_URI],
    // RP-initiated logout (server-side sessions) comes back to the home page.
    post_logout_redirect_uris: [new URL('/', REDIRECT_URI).href],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    scope: 'openid profile email',
    jwks: toPublicJwks(rp) as ClientMetadata['jwks'],
    id_token_signed_response_alg: 'ES256',
    authorization_signed_response_alg: 'ES256',
    ...extra,
  };
}

/**
 * A real dev-as on an ephemeral loopback port with the sample clients registered, and its mutual-TLS listener
 * (mtls_endpoint_aliases) on a certificate from a test CA generated here.
 */
export async function startSampleAs(): Promise<SampleAsWithTls> {
  const rp = await generateRpKeys();
  const pki = await createTestPki();
  const server = await pki.issue({ subject: 'CN=127.0.0.1', ip: ['127.0.0.1'], usage: 'server' });
  const dir = await mkdtemp(join(tmpdir(), 'sample-rp-tls-'));
  const as = await startDevAs({
    mtls: { certificate: server.certificate, key: server.key, clientCa: pki.ca },
    profile: (clientId) => (clientId === CLIENTS.fapi1 ? 'fapi1-advanced' : 'fapi2'),
    clients: [
      client(CLIENTS.plain, rp),
      client(CLIENTS.encrypted, rp, {
        authorization_encrypted_response_alg: 'ECDH-ES',
        authorization_encrypted_response_enc: 'A256GCM',
      }),
      client(CLIENTS.fapi1, rp, mtlsClient('CN=sample-rp-fapi1')),
      client(CLIENTS.mtls, rp, mtlsClient('CN=sample-rp-mtls')),
    ],
  });
  const close = as.close.bind(as);
  as.close = async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  };
  return {
    as,
    pki,
    async tlsFiles(certificate, name) {
      const files = {
        SIGNET_TLS_CERT_FILE: join(dir, `${name}.crt`),
        SIGNET_TLS_KEY_FILE: join(dir, `${name}.key`),
        SIGNET_TLS_CA_FILE: join(dir, 'ca.crt'),
      };
      await writeFile(files.SIGNET_TLS_CERT_FILE, certificate.certificate);
      await writeFile(files.SIGNET_TLS_KEY_FILE, certificate.key, { mode: 0o600 });
      await writeFile(files.SIGNET_TLS_CA_FILE, pki.ca);
      return files;
    },
    signingKey: rp.keys.find((k) => k.use === 'sig')!,
    decryptionKey: rp.keys.find((k) => k.use === 'enc')!,
  };
}
