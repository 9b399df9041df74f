import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import type { RemoteKeySet } from '../jwks/remote-key-set.js';
import type { AuthorizationRequestEvent, AuthorizationResponseEvent } from './audit-event.js';
import { sealEvidence, verifyingKeyThumbprint, type Evidence } from './evidence.js';
import { recordOrRefuse, recordRefusal } from './record-event.js';

type Targets = Pick<ClientConfig, 'audit' | 'auditLog' | 'allowUnrecordedLogins' | 'evidenceKey'>;

/** True when some audit target listens: building records costs hashes and dates, skipped otherwise. */
export function auditing(config: Targets): boolean {
  return config.audit !== undefined || config.auditLog !== undefined;
}

async function sealed(config: Targets, evidence: () => Promise<Evidence>): Promise<{ evidence?: string }> {
  if (!config.evidenceKey) return {};
  try {
    return { evidence: await sealEvidence(await evidence(), config.evidenceKey) };
  } catch (cause) {
    throw new SignetError('ERR_AUDIT_UNAVAILABLE', 'the evidence of this login could not be sealed', { cause });
  }
}

/** Records a request about to leave, with its signed request object sealed as evidence; refuses if it cannot. */
export async function recordRequest(
  config: Targets,
  event: AuthorizationRequestEvent,
  requestObject: string,
): Promise<void> {
  if (!auditing(config)) return;
  const evidence = await sealed(config, async () => ({
    kind: 'authorization.request',
    jti: event.jti,
    requestObject,
  }));
  await recordOrRefuse(config, { ...event, ...evidence });
}

/**
 * Records an accepted response with its verified JWS and the thumbprint of the AS key that verified it,
 * sealed as evidence; throws `ERR_AUDIT_UNAVAILABLE` when the record cannot be made durable.
 */
export async function recordAcceptedResponse(
  config: Targets,
  event: AuthorizationResponseEvent,
  verifiedJws: string | undefined,
  keys: () => Promise<RemoteKeySet>,
): Promise<void> {
  const evidence = await sealed(config, async () => {
    if (!verifiedJws) throw new Error('no verified JWS was traced');
    return {
      kind: 'authorization.response',
      jti: event.jti ?? '',
      responseJws: verifiedJws,
      asKeyThumbprint: await verifyingKeyThumbprint(await keys(), verifiedJws),
    };
  });
  await recordOrRefuse(config, { ...event, ...evidence });
}

/** Records a refused response; the refusal stands whatever the log does. */
export async function recordRefusedResponse(config: Targets, event: AuthorizationResponseEvent): Promise<void> {
  await recordRefusal(config, event);
}
