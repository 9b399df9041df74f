import type { ClientConfig } from '../config/resolve-options.js';
import { relaxationsFor, type RelaxedFlow } from '../config/compatibility.js';
import type { SignetError } from '../errors/signet-error.js';
import type {
  AuthorizationRequestEvent,
  AuthorizationRequestRefusedEvent,
  AuthorizationResponseEvent,
} from './audit-event.js';
import { auditedFailure } from './audited-failure.js';
import { shortHash } from './emit.js';

// The audit events of a login, built from what the flow knows. Pure: recording them (and refusing a login whose
// record cannot be made durable) is flow-records.ts's job.

type FlowConfig = Pick<ClientConfig, 'issuer' | 'clientId' | 'relaxations' | 'policy'>;

/** The audit field naming the compatibility options in effect for a flow, or nothing when strict. */
export function relaxationsField(
  config: Pick<ClientConfig, 'relaxations'>,
  flow: RelaxedFlow,
): {
  relaxations?: string[];
} {
  const names = relaxationsFor(config.relaxations, flow);
  return names.length > 0 ? { relaxations: names } : {};
}

/** What a request record says about the request that is about to leave. */
export interface RequestFacts {
  scope: string;
  authorizationDetails?: unknown[];
  jti: string;
  delivery: 'par' | 'value';
  responseMode: string;
  state: string;
  dpop: boolean;
}

/** `authorization.request`: a signed request left for the AS (state only as a short hash). */
export function requestEvent(
  config: FlowConfig & Pick<ClientConfig, 'encryptRequestObject' | 'clientAuth' | 'tls'>,
  facts: RequestFacts,
): AuthorizationRequestEvent {
  return {
    type: 'authorization.request',
    time: new Date().toISOString(),
    issuer: config.issuer,
    clientId: config.clientId,
    scope: facts.scope,
    ...(facts.authorizationDetails ? { authorizationDetails: facts.authorizationDetails } : {}),
    jti: facts.jti,
    delivery: facts.delivery,
    responseMode: facts.responseMode,
    stateHash: shortHash(facts.state),
    encrypted: Boolean(config.encryptRequestObject),
    dpop: facts.dpop,
    clientAuth: config.clientAuth,
    ...(config.tls?.certificate ? { certificateThumbprint: config.tls.certificate.thumbprint } : {}),
    ...relaxationsField(config, 'request'),
    ...(config.policy ? { policy: 'allowed' as const } : {}),
  };
}

/** `authorization.request.refused`: starting a login failed; `progress` is what it had got to (scope, jti). */
export function requestRefusedEvent(
  config: FlowConfig,
  error: SignetError,
  progress: { scope?: string; jti?: string },
): AuthorizationRequestRefusedEvent {
  return {
    type: 'authorization.request.refused',
    time: new Date().toISOString(),
    issuer: config.issuer,
    clientId: config.clientId,
    code: error.code,
    ...(progress.scope ? { scope: progress.scope } : {}),
    ...(progress.jti ? { jti: progress.jti } : {}),
    ...(error.endpoint ? { failure: auditedFailure(error.endpoint) } : {}),
    ...relaxationsField(config, 'request'),
  };
}

/** What the verification of a response had found when it ended: the login, or only the state's hash. */
export interface ResponseTrace {
  transaction?: { state: string; jti: string; scope: string };
  stateHash?: string;
}

/** How a callback ended. */
export interface ResponseOutcome {
  outcome: 'verified' | 'refused';
  /** `performance.now()` when the callback began. */
  started: number;
  error?: SignetError;
  subject?: string;
}

/** `authorization.response`: a response verified or refused, with the code and the AS's verified error if any. */
export function responseEvent(
  config: FlowConfig,
  trace: ResponseTrace,
  { outcome, started, error, subject }: ResponseOutcome,
): AuthorizationResponseEvent {
  const tx = trace.transaction;
  return {
    type: 'authorization.response',
    time: new Date().toISOString(),
    issuer: config.issuer,
    clientId: config.clientId,
    outcome,
    ...(error ? { code: error.code } : {}),
    ...(error && 'error' in error ? { error: String((error as { error: unknown }).error) } : {}),
    ...(tx
      ? { stateHash: trace.stateHash ?? shortHash(tx.state), jti: tx.jti, scope: tx.scope }
      : trace.stateHash
        ? { stateHash: trace.stateHash }
        : {}),
    ...(subject ? { subject } : {}),
    ...(error?.endpoint ? { failure: auditedFailure(error.endpoint) } : {}),
    ...relaxationsField(config, 'response'),
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    ...(outcome === 'verified' && config.policy ? { policy: 'allowed' as const } : {}),
  };
}
