import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { httpOptions } from '../http/http-options.js';
import { ResponseProbe } from '../http/response-probe.js';
import { failureSummary } from '../errors/endpoint-failure.js';
import { validateMetadata } from './validate-metadata.js';

/**
 * Fetches the AS metadata: OpenID Connect Discovery first, then RFC 8414. The metadata `issuer` must equal
 * the configured issuer exactly (oauth4webapi's processDiscoveryResponse compares it); a mismatch is never
 * retried at the other well-known location, since it means the server is not who we asked for.
 */
export async function discover(config: ClientConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  const probe = new ResponseProbe(config.fetch);
  let lastError: unknown;
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    let response: Response;
    try {
      response = await oauth.discoveryRequest(issuer, { ...httpOptions(config, probe.fetch), algorithm });
    } catch (cause) {
      lastError = cause;
      continue;
    }
    if (response.status === 404) {
      lastError = new Error(`${algorithm} well-known metadata answered 404`);
      continue;
    }
    let metadata: oauth.AuthorizationServer;
    try {
      metadata = await oauth.processDiscoveryResponse(issuer, response);
    } catch (cause) {
      if (cause instanceof oauth.OperationProcessingError && cause.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
        throw new SignetError(
          'ERR_DISCOVERY_ISSUER_MISMATCH',
          `discovery "issuer" is not exactly "${config.issuer}"; refusing to start flows with this server`,
          { cause, field: 'issuer' },
        );
      }
      const endpoint = await probe.describe('discovery');
      throw new SignetError(
        'ERR_DISCOVERY_FAILED',
        `the ${algorithm} discovery document of ${config.issuer} is invalid${endpoint ? ` (${failureSummary(endpoint)})` : ''}`,
        { cause, ...(endpoint ? { endpoint } : {}) },
      );
    }
    // oauth4webapi compares normalised URLs ("https://as" equals "https://as/"); the issuer identifier is a
    // string and every response's `iss` will be compared with it exactly, so the metadata must match exactly too.
    if (metadata.issuer !== config.issuer) {
      throw new SignetError(
        'ERR_DISCOVERY_ISSUER_MISMATCH',
        `discovery "issuer" is not exactly "${config.issuer}"; refusing to start flows with this server`,
        { field: 'issuer' },
      );
    }
    validateMetadata(config, metadata);
    return metadata;
  }
  // The last attempt (RFC 8414's location) says what the server answered: a status, a body kind, no answer.
  const endpoint = await probe.describe('discovery');
  throw new SignetError(
    'ERR_DISCOVERY_FAILED',
    `no discovery document could be fetched from ${config.issuer}${endpoint ? ` (${failureSummary(endpoint)})` : ''}`,
    { cause: lastError, ...(endpoint ? { endpoint } : {}) },
  );
}
