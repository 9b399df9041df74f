import type * as oauth from 'oauth4webapi';

/** What a completed login yields. */
export interface LoginResult {
  /** The ID token's subject (or undefined for a pure OAuth flow without openid). */
  subject?: string;
  /** Validated ID token claims. */
  claims?: oauth.IDToken;
  tokens: {
    accessToken: string;
    tokenType: string;
    idToken?: string;
    refreshToken?: string;
    scope?: string;
    /** Epoch seconds. */
    expiresAt?: number;
    authorizationDetails?: oauth.AuthorizationDetails[];
  };
  /** When DPoP-bound: the key the access token is bound to (needed for every resource request). */
  dpopKey?: oauth.CryptoKeyPair;
  /** The application data given to authorize(). */
  appState?: Record<string, string>;
}
