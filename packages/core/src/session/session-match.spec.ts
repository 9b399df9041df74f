import { describe, expect, it } from '@jest/globals';
import { sessionMatches } from './session-match.js';

const ISS = 'https://as.example';
const bankA = { iss: ISS, sub: 'alice', sid: 's1', clientId: 'bank-a', client: 'bankA' };

describe('sessionMatches', () => {
  it("refuses another client's session at the same issuer and subject", () => {
    expect(sessionMatches(bankA, { iss: ISS, sub: 'alice', clientId: 'bank-c', client: 'bankC' })).toBe(false);
  });

  it('refuses a named partner session for the unnamed client of the same client_id, and the reverse', () => {
    expect(sessionMatches(bankA, { iss: ISS, sub: 'alice', clientId: 'bank-a' })).toBe(false);
    const { client: _named, ...unnamed } = bankA;
    expect(sessionMatches(unnamed, { iss: ISS, sub: 'alice', clientId: 'bank-a', client: 'bankA' })).toBe(false);
  });

  it('matches its own client by sid or sub, and a record from before client_id was recorded by issuer alone', () => {
    expect(sessionMatches(bankA, { iss: ISS, sid: 's1', clientId: 'bank-a', client: 'bankA' })).toBe(true);
    expect(sessionMatches(bankA, { iss: ISS, sub: 'alice', clientId: 'bank-a', client: 'bankA' })).toBe(true);
    expect(sessionMatches({ iss: ISS, sub: 'alice' }, { iss: ISS, sub: 'alice', clientId: 'bank-c' })).toBe(true);
    expect(sessionMatches(bankA, { iss: 'https://other.example', sub: 'alice', clientId: 'bank-a' })).toBe(false);
  });
});
