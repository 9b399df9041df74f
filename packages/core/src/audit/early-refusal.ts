import type { SignetClient } from '../client/signet-client.js';
import { clientConfig } from '../client/client-config.js';
import type { SignetError } from '../errors/signet-error.js';
import { emit } from './emit.js';
import { refusalRecord, writeLog } from '../log/signet-logger.js';

/**
 * Records a response an adapter refused before `callback()` saw it (another method, a non-form or oversized
 * body, a bad relay marker), so the approval record and the log hold every refusal. Neither can affect the answer.
 */
export function auditEarlyRefusal(client: SignetClient, error: SignetError): void {
  const config = clientConfig(client);
  writeLog(config.logger, refusalRecord(error, 'callback'));
  if (!config.audit) return;
  emit(config.audit, {
    type: 'authorization.response',
    time: new Date().toISOString(),
    issuer: config.issuer,
    clientId: config.clientId,
    ...(config.name !== undefined ? { client: config.name } : {}),
    outcome: 'refused',
    code: error.code,
    durationMs: 0,
  });
}
