import type { SignetErrorCode } from '../errors/codes.js';
import type { EndpointFailure } from '../errors/endpoint-failure.js';

/** What a failing endpoint answered, as audited: which endpoint, its status, the kind of body, its OAuth error. */
export type AuditedEndpointFailure = Pick<EndpointFailure, 'endpoint' | 'status' | 'body' | 'error' | 'transport'>;

/** Recorded when a signed authorization request leaves for the AS. */
export interface AuthorizationRequestEvent {
  type: 'authorization.request';
  time: string;
  issuer: string;
  clientId: string;
  scope: string;
  authorizationDetails?: unknown[];
  /** The request object's jti. */
  jti: string;
  delivery: 'par' | 'value';
  responseMode: string;
  /** A short SHA-256 digest of state: enough to correlate, useless to replay. */
  stateHash: string;
  encrypted: boolean;
  dpop: boolean;
  /** How the client authenticated at PAR and token: `private_key_jwt`, `tls_client_auth`, `self_signed_tls_client_auth`. */
  clientAuth?: string;
  /** With mutual TLS: the `x5t#S256` of the client certificate presented (public; names which certificate bound the tokens). */
  certificateThumbprint?: string;
  /** `allowed` when a policy is in force (its refusals are `policy.decision` records instead). */
  policy?: 'allowed';
  /** The signed request object sealed to the auditor (compact JWE), when an evidence key is configured. */
  evidence?: string;
  /**
   * Strict defaults relaxed for this flow: compatibility options (`clientAssertionAudience=endpoint`) and
   * `allow-unrecorded-logins`. Absent when strict.
   */
  relaxations?: string[];
}

/** Recorded when starting a login failed (discovery, the PAR endpoint, ...): nothing was sent to the browser. */
export interface AuthorizationRequestRefusedEvent {
  type: 'authorization.request.refused';
  time: string;
  issuer: string;
  clientId: string;
  /** The stable reason code. */
  code: SignetErrorCode;
  scope?: string;
  /** The request object's jti, when it had been signed. */
  jti?: string;
  /** The endpoint that failed and what it answered. */
  failure?: AuditedEndpointFailure;
  /** Never set: no request left for the browser, so there is nothing to seal. */
  evidence?: never;
  relaxations?: string[];
}

/** Recorded for every authorization response, accepted or refused. */
export interface AuthorizationResponseEvent {
  type: 'authorization.response';
  time: string;
  issuer: string;
  clientId: string;
  outcome: 'verified' | 'refused';
  /** Set when refused: the stable reason code. */
  code?: SignetErrorCode;
  /** The AS's own error (access_denied, ...) when it answered with a verified error. */
  error?: string;
  stateHash?: string;
  jti?: string;
  scope?: string;
  subject?: string;
  /** When an endpoint's answer caused the refusal (the token endpoint, the JWKS): which, and what it answered. */
  failure?: AuditedEndpointFailure;
  durationMs: number;
  /** `allowed` when a policy is in force and the grant was within it. */
  policy?: 'allowed';
  /** Verified JWS and AS key thumbprint sealed to the auditor (compact JWE), for an accepted response. */
  evidence?: string;
  /** Strict defaults relaxed for this flow (compatibility options, `allow-unrecorded-logins`); absent when strict. */
  relaxations?: string[];
}

/** A decision of the reviewed-scope policy: at boot, before a request is signed, after a token response. */
export interface PolicyDecisionEvent {
  type: 'policy.decision';
  time: string;
  issuer: string;
  clientId: string;
  stage: 'boot' | 'authorize' | 'callback';
  outcome: 'allowed' | 'refused' | 'warned';
  /** The decision's code (`ERR_POLICY_*`), absent when allowed. */
  code?: SignetErrorCode;
  scope?: string;
  /** What was decided, in words (scope names, types, limits: never a token). */
  detail: string;
  /** Relaxations of strict defaults in force (named as the options that enable them). */
  relaxations?: string[];
}

/** Recorded when a verified login becomes a server-side session. */
export interface SessionStartedEvent {
  type: 'session.started';
  time: string;
  issuer: string;
  clientId: string;
  subject: string;
  /** A short digest of the session's store key (itself a digest of the cookie's id). */
  sessionHash: string;
  dpop: boolean;
  refreshable: boolean;
  userinfo: boolean;
  /** Relaxations of strict defaults in force (named as the options that enable them). */
  relaxations?: string[];
}

/** Recorded whenever a server-side session ends, and why. */
export interface SessionEndedEvent {
  type: 'session.ended';
  time: string;
  issuer: string;
  clientId: string;
  subject?: string;
  sessionHash: string;
  reason: 'logout' | 'backchannel_logout' | 'grant_revoked' | 'grant_expired' | 'vault_invalid' | 'id_token_invalid';
  /** The refusal that ended it, when one did. */
  code?: SignetErrorCode;
  /** On logout: whether the refresh token was revoked at the AS (false: the revocation failed; see `code`). */
  revoked?: boolean;
  /** Relaxations of strict defaults in force (named as the options that enable them). */
  relaxations?: string[];
}

/** Recorded for each refresh request this client makes (one per grant, across instances). */
export interface GrantRefreshEvent {
  type: 'grant.refresh';
  time: string;
  issuer: string;
  clientId: string;
  subject: string;
  sessionHash: string;
  outcome: 'refreshed' | 'refused' | 'failed';
  code?: SignetErrorCode;
  /** True when the AS sent a new refresh token (rotation). */
  rotated?: boolean;
  refreshCount: number;
  durationMs: number;
  /** Relaxations of strict defaults in force (named as the options that enable them). */
  relaxations?: string[];
}

/** Recorded for every back-channel logout token received, accepted or refused. */
export interface BackchannelLogoutEvent {
  type: 'logout.backchannel';
  time: string;
  issuer: string;
  clientId: string;
  outcome: 'verified' | 'refused';
  code?: SignetErrorCode;
  /** Sessions ended. */
  sessions?: number;
  subject?: string;
  /** Relaxations of strict defaults in force (named as the options that enable them). */
  relaxations?: string[];
}

/** What every event says of a named client besides issuer and client_id: the partner's name in this app. */
export interface AuditPartner {
  /** The client's `name` (`SignetClientOptions.name`, set by `SignetClients.register`); absent for an unnamed one. */
  client?: string;
}

export type AuditEvent = (
  | AuthorizationRequestEvent
  | AuthorizationRequestRefusedEvent
  | AuthorizationResponseEvent
  | SessionStartedEvent
  | SessionEndedEvent
  | GrantRefreshEvent
  | BackchannelLogoutEvent
  | PolicyDecisionEvent
) &
  AuditPartner;

/** Receives audit events. Must not throw; a throwing sink is caught and ignored so it cannot change an outcome. */
export type AuditSink = (event: AuditEvent) => void | Promise<void>;
