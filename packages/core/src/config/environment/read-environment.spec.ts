import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SignetError } from '../../errors/signet-error.js';
import { CookieSecrets } from '../cookie-secrets.js';
import { attributeToEnvironment } from './attribute-to-environment.js';
import { clientOptionsFromEnvironment } from './client-options-from-environment.js';
import { SIGNET_ENVIRONMENT } from './environment-table.js';
import { readEnvironment } from './read-environment.js';

const SECRET = 'a-test-cookie-secret-of-at-least-32-chars';
const JWK = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' };
const BASE = {
  SIGNET_ISSUER: 'https://as.example.com',
  SIGNET_CLIENT_ID: 'client',
  SIGNET_REDIRECT_URI: 'https://app.example.com/callback',
  SIGNET_SIGNING_KEY: JSON.stringify(JWK),
  SIGNET_COOKIE_SECRET: SECRET,
};

function refusal(env: Record<string, string | undefined>): SignetError {
  try {
    readEnvironment(env);
  } catch (err) {
    expect(err).toBeInstanceOf(SignetError);
    expect((err as SignetError).code).toBe('ERR_CONFIG_INVALID');
    return err as SignetError;
  }
  throw new Error('the environment was accepted');
}

describe('readEnvironment', () => {
  it('returns the values and, explicitly, which variable set each option', () => {
    const { values, provenance } = readEnvironment({ ...BASE, SIGNET_USE_PAR: 'true', SIGNET_CLOCK_TOLERANCE: '7' });
    expect(values).toMatchObject({ issuer: BASE.SIGNET_ISSUER, usePar: true, clockTolerance: 7, signingKeys: [JWK] });
    expect(provenance).toMatchObject({ signingKeys: 'SIGNET_SIGNING_KEY', usePar: 'SIGNET_USE_PAR' });
    expect(Object.getOwnPropertySymbols(values)).toEqual([]);
  });

  it('parses the cookie secret list once into one CookieSecrets value', () => {
    const secrets = readEnvironment({ ...BASE, SIGNET_COOKIE_SECRET: `${SECRET}-new , ${SECRET}` }).values.cookieSecret;
    expect(secrets).toBeInstanceOf(CookieSecrets);
    expect(secrets!.list).toEqual([`${SECRET}-new`, SECRET]);
    expect(CookieSecrets.from(secrets)).toBe(secrets);
  });

  it('leaves defaults to the code that applies them and treats empty variables as unset', () => {
    const { values } = readEnvironment({ ...BASE, SIGNET_SCOPE: ' ', SIGNET_STORE: '' });
    expect(values).not.toHaveProperty('scope');
    expect(values).not.toHaveProperty('storeKind');
  });

  it('reads a key file and splits a JWKS by use', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'signet-env-')), 'rp.json');
    writeFileSync(
      file,
      JSON.stringify({
        keys: [
          { ...JWK, use: 'sig' },
          { ...JWK, use: 'enc' },
        ],
      }),
    );
    const { values, provenance } = readEnvironment({
      ...BASE,
      SIGNET_SIGNING_KEY: undefined,
      SIGNET_SIGNING_KEY_FILE: file,
      SIGNET_DECRYPTION_KEY_FILE: file,
    });
    expect(values.signingKeys).toEqual([{ ...JWK, use: 'sig' }]);
    expect(values.decryptionKeys).toEqual([{ ...JWK, use: 'enc' }]);
    expect(provenance.signingKeys).toBe('SIGNET_SIGNING_KEY_FILE');
  });

  it.each([
    ['a missing required variable', { SIGNET_CLIENT_ID: undefined }, 'SIGNET_CLIENT_ID', /is not set\. Fix: set/],
    ['both forms of a key', { SIGNET_SIGNING_KEY_FILE: '/x' }, 'SIGNET_SIGNING_KEY', /keep one of them/],
    ['a word outside the list', { SIGNET_PROFILE: 'fapi3' }, 'SIGNET_PROFILE', /one of fapi2, fapi1-advanced/],
    ['a number outside its bounds', { SIGNET_CLOCK_TOLERANCE: '61' }, 'SIGNET_CLOCK_TOLERANCE', /seconds between 0/],
    ['a short cookie secret', { SIGNET_COOKIE_SECRET: 'short' }, 'SIGNET_COOKIE_SECRET', /at least 32/],
    ['key text that is not JSON', { SIGNET_SIGNING_KEY: '{nope' }, 'SIGNET_SIGNING_KEY', /not valid JSON/],
  ])('refuses %s, naming the variable and the fix', (_label, overrides, variable, message) => {
    const err = refusal({ ...BASE, ...overrides });
    expect(err.field).toBe(variable);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/Fix: /);
  });

  it('reads only the rows asked for, without enforcing the others', () => {
    expect(readEnvironment({ SIGNET_STORE: 'MEMORY' }, { only: ['storeKind'] }).values).toEqual({
      storeKind: 'memory',
    });
  });

  it('keeps edge options out of the client options', () => {
    const client = clientOptionsFromEnvironment(readEnvironment({ ...BASE, SIGNET_STORE: 'memory' }).values);
    expect(client).not.toHaveProperty('cookieSecret');
    expect(client).not.toHaveProperty('storeKind');
    expect(client).toHaveProperty('issuer');
  });
});

describe('the table', () => {
  it('names every variable once, SIGNET_ prefixed', () => {
    const names = SIGNET_ENVIRONMENT.map((row) => row.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(name).toMatch(/^SIGNET_[A-Z0-9_]+$/);
  });
});

describe('attributeToEnvironment', () => {
  it('renames a later refusal after the variable that set the option', () => {
    const err = new SignetError('ERR_CONFIG_INVALID', 'signingKeys[0]: is a public key', { field: 'signingKeys[0]' });
    const renamed = attributeToEnvironment(err, { signingKeys: 'SIGNET_SIGNING_KEY_FILE' }) as SignetError;
    expect(renamed.message).toBe('SIGNET_SIGNING_KEY_FILE: is a public key');
    expect(renamed.field).toBe('SIGNET_SIGNING_KEY_FILE');
    expect(renamed.cause).toBe(err);
  });

  it('leaves an option the environment did not set alone', () => {
    const err = new SignetError('ERR_CONFIG_INVALID', 'fetch: bad', { field: 'fetch' });
    expect(attributeToEnvironment(err, {})).toBe(err);
  });
});
