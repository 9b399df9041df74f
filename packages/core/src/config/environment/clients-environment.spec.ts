import { describe, expect, it } from '@jest/globals';
import { SignetError } from '../../errors/signet-error.js';
import { SIGNET_ENVIRONMENT } from './environment-table.js';
import { readEnvironment } from './read-environment.js';

// SIGNET_CLIENTS: several partners from the environment, each reading its own SIGNET_<NAME>_* form of the
// single-client rows (the same table rows, prefixed, never a copy of them).
const SECRET = 'a-test-cookie-secret-of-at-least-32-chars';
const JWK_A = { kty: 'EC', crv: 'P-256', x: 'a', y: 'a', d: 'a' };
const JWK_B = { kty: 'EC', crv: 'P-256', x: 'b', y: 'b', d: 'b' };
const NAMED = {
  SIGNET_CLIENTS: 'bankA, bank-b',
  SIGNET_COOKIE_SECRET: SECRET,
  SIGNET_BANKA_ISSUER: 'https://as.bank-a.example',
  SIGNET_BANKA_CLIENT_ID: 'agg',
  SIGNET_BANKA_REDIRECT_URI: 'https://app.example/callback/bankA',
  SIGNET_BANKA_SIGNING_KEY: JSON.stringify(JWK_A),
  SIGNET_BANK_B_ISSUER: 'https://as.bank-b.example',
  SIGNET_BANK_B_CLIENT_ID: 'agg-7',
  SIGNET_BANK_B_REDIRECT_URI: 'https://app.example/callback/bank-b',
  SIGNET_BANK_B_SIGNING_KEY: JSON.stringify(JWK_B),
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

describe('readEnvironment with SIGNET_CLIENTS', () => {
  it("reads each client's own variables, and which variable set each option", () => {
    const { values, clients } = readEnvironment(NAMED);
    expect(values.clients).toEqual(['bankA', 'bank-b']);
    expect(Object.keys(clients!)).toEqual(['bankA', 'bank-b']);
    expect(clients!['bankA']!.values).toMatchObject({ issuer: 'https://as.bank-a.example', signingKeys: [JWK_A] });
    expect(clients!['bank-b']!.values).toMatchObject({ clientId: 'agg-7', signingKeys: [JWK_B] });
    expect(clients!['bank-b']!.provenance).toMatchObject({ issuer: 'SIGNET_BANK_B_ISSUER' });
    expect(clients!['bankA']!.values.issuer).not.toBe(clients!['bank-b']!.values.issuer);
  });

  it("lets a plain client variable be every client's default, and a client's own win over it", () => {
    const { clients } = readEnvironment({ ...NAMED, SIGNET_SCOPE: 'openid accounts', SIGNET_BANKA_SCOPE: 'openid' });
    expect(clients!['bankA']!.values.scope).toBe('openid');
    expect(clients!['bankA']!.provenance.scope).toBe('SIGNET_BANKA_SCOPE');
    expect(clients!['bank-b']!.values.scope).toBe('openid accounts');
    expect(clients!['bank-b']!.provenance.scope).toBe('SIGNET_SCOPE');
  });

  it('shares one plain signing key when a client sets none of its own', () => {
    const { SIGNET_BANKA_SIGNING_KEY: _own, ...env } = NAMED;
    const { clients } = readEnvironment({ ...env, SIGNET_SIGNING_KEY: JSON.stringify(JWK_B) });
    expect(clients!['bankA']!.values.signingKeys).toEqual([JWK_B]);
  });

  it('refuses a client without its issuer, naming the client, the variable and the fix', () => {
    const { SIGNET_BANK_B_ISSUER: _missing, ...env } = NAMED;
    const error = refusal(env);
    expect(error.message).toMatch(
      /^clients\.bank-b: SIGNET_BANK_B_ISSUER is not set\. Fix: set SIGNET_BANK_B_ISSUER, for example/,
    );
    expect(error.field).toBe('SIGNET_BANK_B_ISSUER');
  });

  it('refuses a client without any signing key, naming both of its variables', () => {
    const { SIGNET_BANKA_SIGNING_KEY: _missing, ...env } = NAMED;
    expect(refusal(env).message).toMatch(
      /^clients\.bankA: SIGNET_BANKA_SIGNING_KEY is not set.*SIGNET_BANKA_SIGNING_KEY_FILE/,
    );
  });

  it("refuses a client's bad value, naming the client and its variable", () => {
    const error = refusal({ ...NAMED, SIGNET_BANKA_USE_PAR: 'sometimes' });
    expect(error.message).toMatch(/^clients\.bankA: SIGNET_BANKA_USE_PAR is "sometimes"\. Fix: use one of/);
  });

  it('reads the plain client variables as the unnamed client beside the named ones, all then required', () => {
    const plain = {
      SIGNET_ISSUER: 'https://as.example.com',
      SIGNET_CLIENT_ID: 'client',
      SIGNET_REDIRECT_URI: 'https://app.example/callback',
    };
    const reading = readEnvironment({ ...NAMED, ...plain, SIGNET_SIGNING_KEY: JSON.stringify(JWK_A) });
    expect(reading.values).toMatchObject({ issuer: 'https://as.example.com', clientId: 'client' });
    expect(Object.keys(reading.clients!)).toEqual(['bankA', 'bank-b']);
    const { SIGNET_CLIENT_ID: _missing, ...partial } = plain;
    const error = refusal({ ...NAMED, ...partial, SIGNET_SIGNING_KEY: JSON.stringify(JWK_A) });
    expect(error.message).toMatch(/^SIGNET_CLIENT_ID is not set\. Fix:/);
  });

  it('refuses a named client called default beside the plain client variables', () => {
    const error = refusal({
      ...NAMED,
      SIGNET_CLIENTS: 'bankA,default',
      SIGNET_ISSUER: 'https://as.example.com',
    });
    expect(error.field).toBe('SIGNET_CLIENTS');
    expect(error.message).toContain('rename');
  });

  it.each(['bank a', '1bank', 'bankA,,bankB', 'bank/a'])('refuses SIGNET_CLIENTS=%j, naming the fix', (list) => {
    const error = refusal({ ...NAMED, SIGNET_CLIENTS: list });
    expect(error.field).toBe('SIGNET_CLIENTS');
    expect(error.message).toContain('Fix:');
  });

  it('refuses two names that would read the same variables', () => {
    const error = refusal({ ...NAMED, SIGNET_CLIENTS: 'bank-a,bank_a' });
    expect(error.message).toContain('SIGNET_BANK_A_*');
  });

  it('leaves the single-client reading unchanged when SIGNET_CLIENTS is unset', () => {
    const reading = readEnvironment({
      SIGNET_ISSUER: 'https://as.example.com',
      SIGNET_CLIENT_ID: 'client',
      SIGNET_REDIRECT_URI: 'https://app.example.com/callback',
      SIGNET_SIGNING_KEY: JSON.stringify(JWK_A),
      SIGNET_COOKIE_SECRET: SECRET,
    });
    expect(reading.clients).toBeUndefined();
    expect(reading.values.issuer).toBe('https://as.example.com');
  });

  it('marks the per-client rows in the one table (the identity rows are each client’s own)', () => {
    const own = SIGNET_ENVIRONMENT.filter((row) => row.perClient === 'own').map((row) => row.name);
    expect(own).toEqual(['SIGNET_ISSUER', 'SIGNET_CLIENT_ID', 'SIGNET_REDIRECT_URI']);
    expect(SIGNET_ENVIRONMENT.find((row) => row.name === 'SIGNET_COOKIE_SECRET')!.perClient).toBeUndefined();
  });
});
