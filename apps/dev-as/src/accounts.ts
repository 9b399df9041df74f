import type { Account, FindAccount } from 'oidc-provider';
import type { AccountClaims } from './types.js';

/** The one user tests and the sample app log in as unless told otherwise. */
export const DEFAULT_ACCOUNTS: Record<string, AccountClaims> = {
  alice: { sub: 'alice', name: 'Alice Example', email: 'alice@example.test', email_verified: true },
};

/** Claims per scope, so consent and ID tokens only carry what was asked for. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  email: ['email', 'email_verified'],
};

/** Builds oidc-provider's `findAccount`; the account id is the login name. */
export function accountFinder(accounts: Record<string, AccountClaims>): FindAccount {
  return (_ctx, id): Account | undefined => {
    const claims = accounts[id];
    if (!claims) return undefined;
    return {
      accountId: id,
      // oidc-provider filters by granted scopes/claims itself; returning everything is fine.
      claims: () => ({ ...claims, sub: claims.sub ?? id }),
    };
  };
}
