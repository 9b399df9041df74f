import type { SignetErrorCode } from '../errors/codes.js';
import type { EndpointFailure } from '../errors/endpoint-failure.js';
import type { SignetError } from '../errors/signet-error.js';
import { relaxationWarning, type Relaxation } from '../config/compatibility.js';

/**
 * One structured log line. Built only from Signet's own fields: a code, an endpoint, a status, the server's
 * sanitized error; never a token, a key, an authorization code, a state or a client assertion.
 */
export interface SignetLogRecord {
  level: 'warn' | 'error';
  /**
   * `signet.compatibility` (a relaxation in effect, at boot), `signet.refusal` (one per refused operation) or
   * `signet.outage` (a dependency began or stopped failing: one record at each end of an outage).
   */
  event: 'signet.compatibility' | 'signet.refusal' | 'signet.outage';
  message: string;
  /** The refusal's stable code. */
  code?: SignetErrorCode;
  /** The operation refused: `authorize`, `callback`, or the adapter's own early check. */
  operation?: string;
  /** The endpoint whose answer caused the refusal, and what it answered. */
  endpoint?: EndpointFailure['endpoint'];
  url?: string;
  status?: number;
  body?: EndpointFailure['body'];
  error?: string;
  errorDescription?: string;
  transport?: EndpointFailure['transport'];
  /** For `signet.outage`: what fails (`store`, `discovery`, `par`, `token`, `jwks`), and whether it began or ended. */
  source?: string;
  state?: 'began' | 'ended';
  /** For an ended outage: how long it lasted, milliseconds. */
  durationMs?: number;
  /** For `signet.compatibility`: the option, its value, the variable setting it and the clause it departs from. */
  option?: string;
  value?: string | number | boolean;
  variable?: string;
  clause?: string;
}

/** Receives log records. Must not throw; a throwing logger is ignored so it cannot change an outcome. */
export type SignetLogger = (record: SignetLogRecord) => void;

/** The default: one JSON line per record on stderr, so that an app without a logger still explains refusals. */
export const stderrLogger: SignetLogger = (record) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
};

/** Writes a record without letting the logger affect the flow. */
export function writeLog(logger: SignetLogger | undefined, record: SignetLogRecord): void {
  if (!logger) return;
  try {
    logger(record);
  } catch {
    // A logger is an observer: its faults are its own.
  }
}

/** The log record of a refusal: the code, the operation, and what the endpoint answered when one did. */
export function refusalRecord(error: SignetError, operation: string): SignetLogRecord {
  const failure = error.endpoint;
  return {
    // A refusal is expected behaviour, not a fault of this process: always a warning.
    level: 'warn',
    event: 'signet.refusal',
    message: error.message,
    code: error.code,
    operation,
    ...(failure
      ? {
          endpoint: failure.endpoint,
          ...(failure.url ? { url: failure.url } : {}),
          ...(failure.status !== undefined ? { status: failure.status } : {}),
          body: failure.body,
          ...(failure.error ? { error: failure.error } : {}),
          ...(failure.errorDescription ? { errorDescription: failure.errorDescription } : {}),
          ...(failure.transport ? { transport: failure.transport } : {}),
        }
      : {}),
  };
}

/** The boot warning of a relaxation. */
export function relaxationRecord(relaxation: Relaxation): SignetLogRecord {
  return {
    level: 'warn',
    event: 'signet.compatibility',
    message: relaxationWarning(relaxation),
    option: relaxation.option,
    value: relaxation.value,
    ...(relaxation.variable ? { variable: relaxation.variable } : {}),
    clause: relaxation.clause,
  };
}
