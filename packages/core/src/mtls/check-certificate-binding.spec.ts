import { beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, generateKeyPair, type CryptoKey } from 'jose';
import { checkCertificateBinding } from './check-certificate-binding.js';

const OURS = 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2';
let key: CryptoKey;
const jwt = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).sign(key);

beforeAll(async () => {
  key = (await generateKeyPair('ES256')).privateKey;
});

describe('checkCertificateBinding', () => {
  it('accepts a JWT bound to our certificate', async () => {
    expect(checkCertificateBinding(await jwt({ cnf: { 'x5t#S256': OURS } }), OURS, true)).toBe('bound');
  });

  it('refuses a JWT bound to another certificate', async () => {
    const token = await jwt({ cnf: { 'x5t#S256': 'another-thumbprint' } });
    expect(() => checkCertificateBinding(token, OURS, false)).toThrow(
      expect.objectContaining({ code: 'ERR_CERTIFICATE_BINDING_MISMATCH' }),
    );
  });

  it('refuses a JWT without cnf.x5t#S256 when a certificate binding is required', async () => {
    const token = await jwt({ cnf: { jkt: 'a-dpop-key' } });
    expect(() => checkCertificateBinding(token, OURS, true)).toThrow(
      expect.objectContaining({ code: 'ERR_CERTIFICATE_BINDING_MISSING' }),
    );
    expect(checkCertificateBinding(token, OURS, false)).toBe('unbound');
  });

  it('leaves an opaque token to the server that issued it', () => {
    expect(checkCertificateBinding('Iwk1YKfsnc4gj2QDw3fB6FYxcYqZ1SWOMwmQoNEPvjb', OURS, true)).toBe('opaque');
  });
});
