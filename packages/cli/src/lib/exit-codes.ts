/**
 * The exit status of every `signet` command. Stable: scripts and CI steps branch on these numbers, so they are
 * only ever added, never renumbered. The README table lists them.
 */
export const EXIT_CODES = {
  /** The command did what was asked; for a check command, every check passed. */
  OK: 0,
  /** The command ran and found a failing check (inspect, audit verify, doctor). */
  CHECK_FAILED: 1,
  /** Unknown command or option, missing or malformed argument: nothing was done. */
  USAGE: 2,
  /** An input (file, key, token) cannot be read or is not what the command needs. */
  INPUT: 3,
  /** A remote endpoint the command was told to use (a jwks_uri, an issuer) cannot be reached or answered badly. */
  UNAVAILABLE: 4,
  /** An unexpected failure: a bug in signet. The message says what failed. */
  INTERNAL: 70,
} as const;

/** One of the documented exit codes. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
