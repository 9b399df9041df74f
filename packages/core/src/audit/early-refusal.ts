import type { ClientConfig } from '../config/resolve-options.js';
import type { SignetError } from '../errors/signet-error.js';
import { emit } from './emit.js';

/**
 * Records a response an adapter refused before `callback()` saw it (another method, a non-form or oversized
 * body, a bad relay marker), so the approval record holds every refusal. The sink cannot affect the answer.
 */
export function auditEarlyRefusal(
  config: Pick<ClientConfig, 'audit' | 'issuer' | 'clientId'>,
  error: SignetError,
): void {
  if (!config.audit) return;
  emit(config.audit, {
    type: 'authorization.response',
    time: new Date().toISOString(),
    issuer: config.issuer,
    clientId: config.clientId,
    outcome: 'refused',
    code: error.code,
    durationMs: 0,
  });
}
