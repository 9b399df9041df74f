import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  DEFAULT_RESPONSE_CONTENT_ENCRYPTION,
  DEFAULT_RESPONSE_KEY_MANAGEMENT,
  DEFAULT_RESPONSE_SIGNING_ALGORITHMS,
  EVIDENCE_KEY_MANAGEMENT,
  FAPI_SIGNING_ALGORITHMS,
  KEY_MANAGEMENT_ALGORITHMS,
  REQUEST_OBJECT_KEY_MANAGEMENT_PREFERENCE,
  keyManagementFor,
  sameSigningAlgorithm,
  signingAlgorithmFor,
} from './algorithms.js';

const SRC = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the algorithm registry', () => {
  it('allows only FAPI signing algorithms: never none, HMAC or RS256', () => {
    expect([...FAPI_SIGNING_ALGORITHMS]).toEqual(['ES256', 'PS256', 'EdDSA', 'Ed25519']);
    for (const refused of ['none', 'HS256', 'RS256', 'ES384'])
      expect(FAPI_SIGNING_ALGORITHMS as readonly string[]).not.toContain(refused);
  });

  it('allows only ECDH-ES and RSA-OAEP-256 key management and AES-GCM content encryption', () => {
    for (const refused of ['RSA1_5', 'RSA-OAEP', 'dir', 'A128KW', 'PBES2-HS256+A128KW'])
      expect(KEY_MANAGEMENT_ALGORITHMS).not.toContain(refused);
    expect(CONTENT_ENCRYPTION_ALGORITHMS.every((enc) => /^A\d+GCM$/.test(enc))).toBe(true);
  });

  it('draws every default and special-purpose list from the allowed ones', () => {
    const within = (list: readonly string[], allowed: readonly string[]) => list.every((a) => allowed.includes(a));
    expect(within(DEFAULT_RESPONSE_SIGNING_ALGORITHMS, FAPI_SIGNING_ALGORITHMS)).toBe(true);
    expect(within(DEFAULT_RESPONSE_KEY_MANAGEMENT, KEY_MANAGEMENT_ALGORITHMS)).toBe(true);
    expect(within(REQUEST_OBJECT_KEY_MANAGEMENT_PREFERENCE, KEY_MANAGEMENT_ALGORITHMS)).toBe(true);
    expect(within(EVIDENCE_KEY_MANAGEMENT, KEY_MANAGEMENT_ALGORITHMS)).toBe(true);
    expect(within(DEFAULT_RESPONSE_CONTENT_ENCRYPTION, CONTENT_ENCRYPTION_ALGORITHMS)).toBe(true);
  });

  it('names the algorithm of each key type, and none for a key FAPI cannot use', () => {
    expect(signingAlgorithmFor({ kty: 'EC', crv: 'P-256' })).toBe('ES256');
    expect(signingAlgorithmFor({ kty: 'RSA' })).toBe('PS256');
    expect(signingAlgorithmFor({ kty: 'OKP', crv: 'Ed25519' })).toBe('EdDSA');
    expect(signingAlgorithmFor({ kty: 'EC', crv: 'P-384' })).toBeUndefined();
    expect(keyManagementFor({ kty: 'RSA' })).toEqual(['RSA-OAEP-256']);
    expect(keyManagementFor({ kty: 'OKP', crv: 'X25519' })).toContain('ECDH-ES');
    expect(keyManagementFor({ kty: 'EC', crv: 'secp256k1' })).toEqual([]);
    expect(sameSigningAlgorithm('Ed25519', 'EdDSA')).toBe(true);
    expect(sameSigningAlgorithm('PS256', 'ES256')).toBe(false);
  });

  it('is the only list: no other core source spells out an algorithm list of its own', () => {
    const list = /\[\s*'(?:ES256|PS256|EdDSA|Ed25519|ECDH-ES[^']*|RSA-OAEP-256|A(?:128|192|256)GCM)'/;
    const files = sources(SRC).filter((file) => !file.includes(join('algorithms', '')));
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .some((line) => !/^\s*(\*|\/\/)/.test(line) && list.test(line)),
    );
    expect(offenders).toEqual([]);
  });
});
