import type { TestKey } from '../server/keys.js';

/** How a response travels to the client's redirect URI. */
export type Delivery = 'query' | 'fragment' | 'form_post';

/** A JWT about to be signed: attacks change its header, claims, signer, or the token once signed. */
export interface JwtDraft {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Signs header and claims; by default with the AS's key. */
  sign: (header: Record<string, unknown>, claims: Record<string, unknown>) => Promise<string>;
  /** Applied in order to the signed token. */
  tamper: Array<(jwt: string) => string>;
}

/** The authorization response about to be sent: the JWT and how it is delivered. */
export interface ResponseDraft extends JwtDraft {
  /** Wrap the signed JWT in the client's nested JWE (when it registered one). */
  encrypt: boolean;
  /** Unsigned parameters sent beside `response`. */
  extra: Record<string, string>;
  /** Parameters sent instead of `response` (a plain, unsigned response). */
  replace?: Record<string, string>;
  /** Use this token instead of the signed one (a replay). */
  substitute?: string;
  delivery: Delivery;
}

/** What an attack may use besides the draft. */
export interface AttackContext {
  issuer: string;
  clientId: string;
  /** The AS's signing key. */
  key: TestKey;
  /** A key the AS never published (the attacker's), one per server. */
  attackerKey(): Promise<TestKey>;
  /** A code the AS issued for another login of another user (another PKCE challenge, another state). */
  foreignLogin(): { code: string; state: string };
  /** The last response this AS delivered before this one, if any. */
  previousResponse(): string | undefined;
  /** Seconds since the epoch, by the AS's clock (Date.now()). */
  now: number;
}
