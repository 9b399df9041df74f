// tsyringe (under @peculiar/x509) needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

/** A certificate and its private key, both PEM. */
export interface IssuedCertificate {
  certificate: string;
  /** PKCS#8 PEM. */
  key: string;
}

export interface IssueOptions {
  /** Subject DN, e.g. `CN=sample-rp`. */
  subject: string;
  /** DNS names and IP addresses for a server certificate (subjectAltName). */
  dns?: string[];
  ip?: string[];
  /** Extended key usage: `server` (serverAuth) or `client` (clientAuth). Default client. */
  usage?: 'server' | 'client';
  /** Validity window; default from a minute ago to one day ahead. */
  notBefore?: Date;
  notAfter?: Date;
}

/** A throwaway certificate authority for tests: real P-256 keys, generated in memory, never written to disk. */
export interface TestPki {
  /** The CA certificate, PEM: what clients trust for the AS, and what the AS trusts for tls_client_auth. */
  readonly ca: string;
  /** Issues a leaf certificate signed by this CA. */
  issue(options: IssueOptions): Promise<IssuedCertificate>;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex');
}

async function pkcs8(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function window(options: Pick<IssueOptions, 'notBefore' | 'notAfter'>) {
  const now = Date.now();
  return { notBefore: options.notBefore ?? new Date(now - 60_000), notAfter: options.notAfter ?? new Date(now + DAY) };
}

function leafExtensions(options: IssueOptions): x509.Extension[] {
  const server = options.usage === 'server';
  const names = [
    ...(options.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ip ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
  ];
}

/**
 * Creates a test CA. @peculiar/x509 builds the certificates over WebCrypto (no OpenSSL child process, no
 * hand-written ASN.1); keys are real ECDSA P-256 keys.
 *
 * @example
 * const pki = await createTestPki();
 * const server = await pki.issue({ subject: 'CN=127.0.0.1', ip: ['127.0.0.1'], usage: 'server' });
 * const client = await pki.issue({ subject: 'CN=sample-rp' });
 */
export async function createTestPki(name = 'CN=Signet Test CA', validDays = 7): Promise<TestPki> {
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const caCertificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    ...window({ notAfter: new Date(Date.now() + validDays * DAY) }),
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return {
    ca: caCertificate.toString('pem'),
    async issue(options) {
      const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
      const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: options.subject,
        issuer: caCertificate.subject,
        ...window(options),
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        signingAlgorithm: ALGORITHM,
        extensions: leafExtensions(options),
      });
      return { certificate: certificate.toString('pem'), key: await pkcs8(keys.privateKey) };
    },
  };
}

/** A self-signed client certificate (for `self_signed_tls_client_auth`), real P-256 key. */
export async function createSelfSignedCertificate(
  options: Pick<IssueOptions, 'subject' | 'notBefore' | 'notAfter'>,
): Promise<IssuedCertificate> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: options.subject,
    ...window(options),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: leafExtensions({ subject: options.subject, usage: 'client' }),
  });
  return { certificate: certificate.toString('pem'), key: await pkcs8(keys.privateKey) };
}
