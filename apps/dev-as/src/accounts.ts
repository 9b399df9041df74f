import type { Account, FindAccount } from 'oidc-provider';
import type { AccountClaims } from './types.js';

/** The default user, with fixed claims. With `acceptAnyUser` (the default) any other well-formed name signs in too. */
export const DEFAULT_ACCOUNTS: Record<string, AccountClaims> = {
  alice: { sub: 'alice', name: 'Alice Example', email: 'alice@example.test', email_verified: true },
};

/** Claims per scope, so consent and ID tokens only carry what was asked for. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  email: ['email', 'email_verified'],
};

/** What the login form accepts as a name: the claims are derived from it, so it stays short and plain. */
export const LOGIN_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** Claims of a user nobody configured: derived from the login name, so every name shows a name and an email. */
function derivedClaims(login: string): AccountClaims {
  const local = login.split('@')[0] || login;
  const name = local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
  return {
    sub: login,
    name: name || login,
    preferred_username: login,
    email: login.includes('@') ? login : `${login}@example.test`,
    email_verified: true,
  };
}

/** Looks a login name up: configured accounts first, then (with `acceptAnyUser`) a user derived from the name. */
export type AccountDirectory = (login: string) => AccountClaims | undefined;

/** Builds the lookup shared by the login form and oidc-provider's `findAccount`. */
export function accountDirectory(accounts: Record<string, AccountClaims>, acceptAnyUser: boolean): AccountDirectory {
  return (login) => {
    if (Object.hasOwn(accounts, login)) return accounts[login];
    return acceptAnyUser && LOGIN_NAME.test(login) ? derivedClaims(login) : undefined;
  };
}

/** Builds oidc-provider's `findAccount`; the account id is the login name. */
export function accountFinder(directory: AccountDirectory): FindAccount {
  return (_ctx, id): Account | undefined => {
    const claims = directory(id);
    if (!claims) return undefined;
    return {
      accountId: id,
      // oidc-provider filters by granted scopes/claims itself; returning everything is fine.
      claims: () => ({ ...claims, sub: claims.sub ?? id }),
    };
  };
}
