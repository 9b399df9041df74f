import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTestPki, type IssuedCertificate, type TestPki } from '@signet/dev-as/pki';
import { checkCertificateCurrent, loadCertificateAuthorities, loadClientCertificate } from './client-certificate.js';

let pki: TestPki;
let leaf: IssuedCertificate;
let another: IssuedCertificate;

beforeAll(async () => {
  pki = await createTestPki();
  leaf = await pki.issue({ subject: 'CN=client-1' });
  another = await pki.issue({ subject: 'CN=client-2' });
});

describe('loadClientCertificate', () => {
  it('derives the x5t#S256 thumbprint and a JWK with x5c', async () => {
    const certificate = await loadClientCertificate(leaf.certificate, leaf.key);
    expect(certificate.thumbprint).toMatch(/^[\w-]{43}$/);
    expect(certificate.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', x5c: [expect.any(String)] });
    expect(certificate.subject).toBe('CN=client-1');
  });

  it('refuses a key that is not the certificate’s', async () => {
    await expect(loadClientCertificate(leaf.certificate, another.key)).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'tls.key',
    });
  });

  it.each([
    ['a JWK instead of a PEM certificate', '{"kty":"EC"}', 'tls.certificate'],
    ['a truncated PEM certificate', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', 'tls.certificate'],
  ])('refuses %s', async (_name, pem, field) => {
    await expect(loadClientCertificate(pem, leaf.key)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID', field });
  });

  it('refuses a certificate not yet valid', async () => {
    const future = await pki.issue({
      subject: 'CN=client-1',
      notBefore: new Date(Date.now() + 86_400_000),
      notAfter: new Date(Date.now() + 2 * 86_400_000),
    });
    await expect(loadClientCertificate(future.certificate, future.key)).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      field: 'tls.certificate',
    });
  });

  it('refuses at request time once expired', async () => {
    const certificate = await loadClientCertificate(leaf.certificate, leaf.key);
    expect(() => checkCertificateCurrent(certificate, certificate.notAfter + 1)).toThrow(
      expect.objectContaining({ code: 'ERR_CLIENT_CERTIFICATE_EXPIRED' }),
    );
  });
});

describe('loadCertificateAuthorities', () => {
  it('accepts a CA and refuses a leaf posing as one', () => {
    expect(loadCertificateAuthorities(pki.ca)).toHaveLength(1);
    expect(() => loadCertificateAuthorities(leaf.certificate)).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID', field: 'tls.ca' }),
    );
  });
});
