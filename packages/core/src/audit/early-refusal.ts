import type { ClientConfig } from '../config/resolve-options.js';
import type { SignetError } from '../errors/signet-error.js';
import { emit } from './emit.js';
import { refusalRecord, writeLog } from '../log/signet-logger.js';

/**
 * Records a response an adapter refused before `callback()` saw it (another method, a non-form or oversized
 * body, a bad relay marker), so the approval record and the log hold every refusal. Neither can affect the answer.
 */
export function auditEarlyRefusal(
  config: Pick<ClientConfig, 'audit' | 'issuer' | 'clientId'> & Partial<Pick<ClientConfig, 'logger'>>,
  error: SignetError,
): void {
  writeLog(config.logger, refusalRecord(error, 'callback'));
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
