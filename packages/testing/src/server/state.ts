import type { JWTPayload } from 'jose';
import type { AttackName } from '../attacks/attack-names.js';
import type { TestKey } from './keys.js';
import type { TestAuthorizationServer, TestAuthorizationServerOptions, TestClient, TestUser } from './types.js';

/** An authorization code the AS issued, redeemable once. */
export interface IssuedCode {
  clientId: string;
  /** The claims of the login's request object. */
  request: JWTPayload;
  user: TestUser;
  /** Token-stage attacks bound to this login. */
  attacks: AttackName[];
  /** The ID token signed with the code (`signIdTokensAtAuthorization`). */
  idToken?: Promise<string>;
}

/** A token the AS issued: access or refresh. */
export interface IssuedToken {
  clientId: string;
  user: TestUser;
  scope: string;
  request: JWTPayload;
  /** The DPoP key thumbprint it is bound to. */
  jkt?: string;
  expiresAt: number;
}

/** The AS's private state, shared by its endpoints. */
export interface ServerState {
  readonly as: TestAuthorizationServer;
  readonly options: TestAuthorizationServerOptions;
  readonly clients: Map<string, TestClient>;
  readonly codes: Map<string, IssuedCode>;
  readonly accessTokens: Map<string, IssuedToken>;
  readonly refreshTokens: Map<string, IssuedToken>;
  readonly requestUris: Map<string, { clientId: string; claims: JWTPayload; expiresAt: number }>;
  readonly assertionJti: Set<string>;
  readonly dpopJti: Set<string>;
  /** The current DPoP nonce (when `dpopNonce` is on). */
  dpopNonce: string;
  /** Attacks for the next response only. */
  readonly onceAttacks: AttackName[];
  /** Every response delivered, newest last (for `replayed-response`). */
  readonly delivered: string[];
  attackerKey?: Promise<TestKey>;
}
