import { X509Certificate, createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import { SignetError } from '../errors/signet-error.js';

/** A validated client certificate and its key, with what RFC 8705 derives from it. */
export interface ClientCertificate {
  /** The PEM as configured (leaf first, then any chain), presented in the TLS handshake. */
  readonly pem: string;
  /** The private key PEM, handed only to the TLS stack. */
  readonly keyPem: string;
  /** `x5t#S256`: base64url SHA-256 of the leaf's DER, what a certificate-bound token's `cnf` must carry. */
  readonly thumbprint: string;
  /** Validity window, epoch milliseconds. */
  readonly notBefore: number;
  readonly notAfter: number;
  /** The leaf's subject DN, for diagnostics (it names the client, not a secret). */
  readonly subject: string;
  /** The leaf's public key as a JWK with `x5c`, for `self_signed_tls_client_auth` registration through the JWKS. */
  readonly publicJwk: JWK;
}

function fail(field: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${field}: ${problem}`, { field });
}

/** The base64url SHA-256 of a DER certificate (RFC 8705 §3.1 `x5t#S256`). */
export function certificateThumbprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('base64url');
}

/**
 * Parses and checks a client certificate and its key at boot: both PEM, the key the certificate's own, the
 * certificate currently valid. Node's X509Certificate parses; nothing here is hand-written ASN.1.
 */
export async function loadClientCertificate(pem: unknown, keyPem: unknown): Promise<ClientCertificate> {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN CERTIFICATE-----'))
    fail('tls.certificate', 'must be a PEM certificate ("-----BEGIN CERTIFICATE-----")');
  if (typeof keyPem !== 'string' || !/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(keyPem))
    fail('tls.key', 'must be the PEM private key of tls.certificate ("-----BEGIN PRIVATE KEY-----")');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(pem);
  } catch {
    fail('tls.certificate', 'is not a parsable PEM certificate');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    // No cause: a parser error may quote key material.
    fail('tls.key', 'is not a parsable PEM private key');
  }
  if (!leaf.checkPrivateKey(key))
    fail(
      'tls.key',
      `is not the key of tls.certificate (${leaf.subject}). Fix: give the key the certificate was issued for`,
    );
  const certificate: ClientCertificate = {
    pem,
    keyPem,
    thumbprint: certificateThumbprint(leaf.raw),
    notBefore: Date.parse(leaf.validFrom),
    notAfter: Date.parse(leaf.validTo),
    subject: leaf.subject,
    publicJwk: { ...(await exportJWK(leaf.publicKey)), x5c: [leaf.raw.toString('base64')] },
  };
  try {
    checkCertificateCurrent(certificate);
  } catch (err) {
    fail('tls.certificate', `${(err as Error).message}. Fix: renew the certificate`);
  }
  return certificate;
}

/**
 * Refuses a certificate outside its validity window before it is presented: the AS would refuse it anyway, and
 * saying so here names the cause instead of an opaque `invalid_client`.
 */
export function checkCertificateCurrent(certificate: ClientCertificate, now = Date.now()): void {
  if (now > certificate.notAfter)
    throw new SignetError(
      'ERR_CLIENT_CERTIFICATE_EXPIRED',
      `the client certificate expired on ${new Date(certificate.notAfter).toISOString()}`,
      { field: 'tls.certificate' },
    );
  if (now < certificate.notBefore)
    throw new SignetError(
      'ERR_CLIENT_CERTIFICATE_EXPIRED',
      `the client certificate is not valid before ${new Date(certificate.notBefore).toISOString()}`,
      { field: 'tls.certificate' },
    );
}

/** Splits and parses trusted CA certificates; each must be a certificate authority. */
export function loadCertificateAuthorities(ca: unknown): string[] {
  const list =
    typeof ca === 'string' ? [ca] : Array.isArray(ca) ? ca : fail('tls.ca', 'must be PEM text or a list of PEM texts');
  const pems = list.flatMap((text: unknown) => {
    if (typeof text !== 'string') fail('tls.ca', 'must be PEM text or a list of PEM texts');
    return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  });
  if (pems.length === 0) fail('tls.ca', 'holds no PEM certificate ("-----BEGIN CERTIFICATE-----")');
  for (const pem of pems) {
    let parsed: X509Certificate;
    try {
      parsed = new X509Certificate(pem);
    } catch {
      fail('tls.ca', 'holds a certificate that cannot be parsed');
    }
    if (!parsed.ca) fail('tls.ca', `"${parsed.subject}" is not a CA certificate (basicConstraints CA:TRUE)`);
  }
  return pems;
}
