import type { ExitCode } from './exit-codes.js';

/** CLI-level refusal codes (core's `SignetError` codes pass through unchanged). */
export const CLI_ERROR_CODES = {
  ERR_CLI_USAGE: 'The command line is malformed: unknown command or option, or a missing argument.',
  ERR_CLI_FILE_UNREADABLE: 'A file named on the command line cannot be read.',
  ERR_CLI_FILE_EXISTS: 'The output file exists already; signet never overwrites a key file.',
  ERR_CLI_INPUT_INVALID: 'The input is not what the command needs (not a JWK, JWKS, PEM or compact JWS/JWE).',
  ERR_CLI_AUDIT_UNAVAILABLE: 'The audit log database named by --pg cannot be reached or read.',
  ERR_CLI_EVIDENCE_UNOPENED: 'Sealed evidence does not open with the given key (another auditor key, or altered).',
  ERR_CLI_INTERNAL: 'An unexpected failure inside signet; please report it with the command line used.',
} as const;

/** A stable CLI reason code. */
export type CliErrorCode = keyof typeof CLI_ERROR_CODES;

/** A refusal with its exit code and stable reason code; the runner prints it and exits with `exitCode`. */
export class CliError extends Error {
  override name = 'CliError';

  constructor(
    readonly exitCode: ExitCode,
    readonly code: CliErrorCode | string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
