import type { SecurityProfile } from '../config/client-options.js';
import type { EndpointFailure } from '../errors/endpoint-failure.js';

/** `pass`: as the profile wants; `warn`: works, but weaker or unadvertised; `fail`: Signet will refuse or cannot work. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One graded property of the authorization server's metadata. */
export interface MetadataCheck {
  /** Stable identifier (`issuer.exact`, `par.required`, ...): scripts branch on it. */
  id: string;
  status: CheckStatus;
  /** What was checked, in a few words. */
  title: string;
  /** What was found (values from the metadata, sanitized). */
  detail: string;
  /** The clause the check comes from. */
  clause: string;
}

/** What `signet doctor` found: the discovery fetch, each check, and the verdict. */
export interface DoctorReport {
  issuer: string;
  profile: SecurityProfile;
  /** The well-known URL the metadata came from, when it could be fetched. */
  discoveryUrl?: string;
  /** Why discovery failed, when it did. */
  discoveryFailure?: EndpointFailure;
  checks: MetadataCheck[];
  /** `fail` when any check failed (or discovery did), `warn` when any warned, else `pass`. */
  verdict: CheckStatus;
}

/** The verdict of a list of checks. */
export function verdictOf(checks: readonly MetadataCheck[]): CheckStatus {
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  if (checks.some((c) => c.status === 'warn')) return 'warn';
  return 'pass';
}
