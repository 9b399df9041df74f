import * as oauth from 'oauth4webapi';
import type { SecurityProfile } from '../config/client-options.js';
import { isLoopbackUrl } from '../http/loopback.js';
import { boundedResponse } from '../http/read-bounded.js';
import { defaultFetch } from '../http/lean-fetch.js';
import { ResponseProbe } from '../http/response-probe.js';
import type { EndpointFailure } from '../errors/endpoint-failure.js';
import { verdictOf, type DoctorReport } from './doctor-report.js';
import { gradeMetadata } from './grade-metadata.js';

/** What `diagnoseIssuer` needs: the issuer as configured, the profile to grade against, and transport options. */
export interface DiagnoseOptions {
  issuer: string;
  /** Default `fapi2`. */
  profile?: SecurityProfile;
  fetch?: typeof fetch;
  /** Milliseconds per request. Default 5000. */
  timeout?: number;
}

const MAX_METADATA_BYTES = 256 * 1024;

/**
 * Fetches the discovery document (OpenID Connect Discovery, then RFC 8414) without refusing anything, and
 * grades it with `gradeMetadata`: the report a developer needs before pointing Signet at a server. A
 * document that cannot be fetched gives a `fail` verdict with `discoveryFailure` saying what was answered.
 */
export async function diagnoseIssuer(options: DiagnoseOptions): Promise<DoctorReport> {
  const profile = options.profile ?? 'fapi2';
  const issuer = new URL(options.issuer);
  // The client's own transport, so the report describes what a SignetClient would be answered.
  const probe = new ResponseProbe(options.fetch ?? defaultFetch());
  let failure: EndpointFailure | undefined;
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    let response: Response;
    try {
      response = await oauth.discoveryRequest(issuer, {
        algorithm,
        signal: AbortSignal.timeout(options.timeout ?? 5000),
        [oauth.customFetch]: probe.fetch as never,
        ...(issuer.protocol === 'http:' && isLoopbackUrl(issuer) ? { [oauth.allowInsecureRequests]: true } : {}),
      });
    } catch {
      failure = await probe.describe('discovery');
      continue;
    }
    const url = response.url || undefined;
    let metadata: unknown;
    try {
      metadata = response.ok ? await (await boundedResponse(response, MAX_METADATA_BYTES)).json() : undefined;
    } catch {
      metadata = undefined;
    }
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      failure = await probe.describe('discovery');
      if (response.status === 404) continue;
      break;
    }
    const checks = gradeMetadata(metadata as Record<string, unknown>, { issuer: options.issuer, profile });
    return {
      issuer: options.issuer,
      profile,
      ...(url ? { discoveryUrl: url } : {}),
      checks,
      verdict: verdictOf(checks),
    };
  }
  return {
    issuer: options.issuer,
    profile,
    ...(failure ? { discoveryFailure: failure } : {}),
    checks: [],
    verdict: 'fail',
  };
}
