import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { ROUTES } from './configuration.js';

/** The endpoints a client presents its certificate to, advertised at the HTTPS listener as mtls_endpoint_aliases. */
const ALIASED = {
  token_endpoint: 'token',
  pushed_authorization_request_endpoint: 'pushed_authorization_request',
  userinfo_endpoint: 'userinfo',
  revocation_endpoint: 'revocation',
  introspection_endpoint: 'introspection',
} as const;

/** `mtls_endpoint_aliases` for the routes this server has, at `origin`. */
export function mtlsEndpointAliases(origin: string): Record<string, string> {
  const routes = ROUTES as Record<string, string | undefined>;
  return Object.fromEntries(
    Object.entries(ALIASED)
      .filter(([, route]) => routes[route] !== undefined)
      .map(([name, route]) => [name, `${origin}${routes[route]}`]),
  );
}

/** The peer certificate of the request's TLS connection, if it presented one. */
function peerCertificate(ctx: KoaContextWithOIDC): X509Certificate | undefined {
  const socket = ctx.req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate(false);
  if (!peer || !peer.raw) return undefined;
  return new X509Certificate(peer.raw);
}

/** subjectAltName entries of one kind (`DNS`, `URI`, `IP Address`, `email`). */
function altNames(certificate: X509Certificate, kind: string): string[] {
  return (certificate.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith(`${kind}:`))
    .map((entry) => entry.slice(kind.length + 1));
}

const SAN_KINDS: Record<string, string> = {
  tls_client_auth_san_dns: 'DNS',
  tls_client_auth_san_uri: 'URI',
  tls_client_auth_san_ip: 'IP Address',
  tls_client_auth_san_email: 'email',
};

/**
 * oidc-provider's RFC 8705 feature: tls_client_auth (the certificate chains to a trusted CA, verified by Node's
 * TLS stack since the listener requests certificates, and its subject is the registered one),
 * self_signed_tls_client_auth (matched against the client's JWKS by oidc-provider) and certificate-bound tokens.
 */
export function mtlsFeature(): NonNullable<Configuration['features']>['mTLS'] {
  return {
    enabled: true,
    certificateBoundAccessTokens: true,
    tlsClientAuth: true,
    selfSignedTlsClientAuth: true,
    getCertificate: (ctx) => peerCertificate(ctx),
    // Node verified the chain (requestCert + ca) and the validity window; an expired or untrusted one is unauthorized.
    certificateAuthorized: (ctx) => (ctx.req.socket as TLSSocket).authorized === true,
    certificateSubjectMatches: (ctx, property, expected) => {
      const certificate = peerCertificate(ctx);
      if (!certificate) return false;
      if (property === 'tls_client_auth_subject_dn') return certificate.subject.split('\n').join(',') === expected;
      const kind = SAN_KINDS[property];
      return kind !== undefined && altNames(certificate, kind).includes(expected);
    },
  };
}
