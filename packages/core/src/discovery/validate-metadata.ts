import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { isLoopbackUrl } from '../http/loopback.js';
import {
  idTokenSigningAlgorithms,
  responseEncryptionAlgorithms,
  responseSigningAlgorithms,
} from './allowed-algorithms.js';

function missing(what: string): never {
  throw new SignetError('ERR_DISCOVERY_METADATA_INVALID', `the authorization server metadata lacks ${what}`);
}

/** Refuses metadata that cannot carry a signed, verified flow for this client's configuration. */
export function validateMetadata(config: ClientConfig, as: oauth.AuthorizationServer): void {
  for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    if (typeof as[endpoint] !== 'string') missing(`"${endpoint}"`);
    // jose fetches jwks_uri and the browser follows authorization_endpoint without oauth4webapi's https guard:
    // keys fetched in plain text would let a network attacker sign responses.
    let url: URL | undefined;
    try {
      url = new URL(as[endpoint]!);
    } catch {
      url = undefined;
    }
    if (
      !url ||
      !(url.protocol === 'https:' || (url.protocol === 'http:' && config.allowInsecureLoopback && isLoopbackUrl(url)))
    ) {
      missing(`an https "${endpoint}"`);
    }
  }
  // RFC 9126 §5: an AS that requires PAR refuses anything else; say so at discovery rather than at every login.
  if (as.require_pushed_authorization_requests === true && config.usePar === false) {
    throw new SignetError(
      'ERR_DISCOVERY_METADATA_INVALID',
      'the authorization server requires pushed authorization requests (require_pushed_authorization_requests) but usePar is false (SIGNET_USE_PAR=false): set it to auto or true',
      { field: 'usePar' },
    );
  }
  if (config.usePar === true || config.profile === 'fapi2' || as.require_pushed_authorization_requests === true) {
    if (typeof as.pushed_authorization_request_endpoint !== 'string')
      missing('"pushed_authorization_request_endpoint" (PAR is required)');
  }
  validateMutualTlsMetadata(config, as);
  const modes = as.response_modes_supported;
  if (Array.isArray(modes) && !modes.includes(config.responseMode)) {
    missing(`support for response_mode "${config.responseMode}" (it advertises ${modes.join(', ')})`);
  }
  checkAlgorithms(config, as);
}

function disjoint(what: string, advertisedBy: string, allowed: readonly string[], field: string): never {
  throw new SignetError(
    'ERR_DISCOVERY_METADATA_INVALID',
    `the authorization server advertises no ${what} this client allows (${advertisedBy} shares none of ${allowed.join(', ')}; option ${field})`,
    { field },
  );
}

/**
 * Only what both sides accept is ever used: the allow-lists ∩ the advertised algorithms (see allowed-algorithms.ts).
 * An empty intersection would refuse every login: refuse at first discovery instead, naming the setting.
 */
function checkAlgorithms(config: ClientConfig, as: oauth.AuthorizationServer): void {
  if (responseSigningAlgorithms(config, as).length === 0)
    disjoint(
      'JARM signing algorithm',
      'authorization_signing_alg_values_supported',
      config.responseAlgorithms,
      'responseAlgorithms',
    );
  if (idTokenSigningAlgorithms(config, as).length === 0)
    disjoint(
      'ID token signing algorithm',
      'id_token_signing_alg_values_supported',
      config.responseAlgorithms,
      'responseAlgorithms',
    );
  if (config.decryptionKeys.length > 0) {
    const { alg, enc } = responseEncryptionAlgorithms(config, as);
    if (alg.length === 0)
      disjoint(
        'response encryption algorithm',
        'authorization_encryption_alg_values_supported',
        config.responseEncryptionAlgorithms,
        'responseEncryptionAlgorithms',
      );
    if (enc.length === 0)
      disjoint(
        'response content encryption algorithm',
        'authorization_encryption_enc_values_supported',
        config.responseContentEncryptionAlgorithms,
        'responseContentEncryptionAlgorithms',
      );
  }
  const requestAlgs = as.request_object_signing_alg_values_supported;
  const signer = config.signingKeys[0]!;
  if (Array.isArray(requestAlgs) && !requestAlgs.includes(signer.alg)) {
    throw new SignetError(
      'ERR_DISCOVERY_METADATA_INVALID',
      `the request object would be signed with ${signer.alg} (signingKeys[0], SIGNET_SIGNING_KEY), which the authorization server does not accept (request_object_signing_alg_values_supported): give it a key of an advertised algorithm`,
      { field: 'signingKeys' },
    );
  }
}

/**
 * Mutual TLS needs TLS: the endpoints a certificate is presented to (the `mtls_endpoint_aliases` entry, else the
 * plain endpoint) must be https, or no certificate could ever reach the AS. A certificate as the only sender
 * constraint needs an AS that binds tokens to it (RFC 8705 §3.3).
 */
function validateMutualTlsMetadata(config: ClientConfig, as: oauth.AuthorizationServer): void {
  if (!config.tls?.certificate) return;
  const methods = as.token_endpoint_auth_methods_supported;
  if (config.clientAuth !== 'private_key_jwt' && Array.isArray(methods) && !methods.includes(config.clientAuth))
    missing(`support for client authentication "${config.clientAuth}" (it advertises ${methods.join(', ')})`);
  const endpoints = ['token_endpoint', 'pushed_authorization_request_endpoint'] as const;
  for (const endpoint of endpoints) {
    const value = as.mtls_endpoint_aliases?.[endpoint] ?? as[endpoint];
    if (value === undefined) continue;
    let protocol: string | undefined;
    try {
      protocol = new URL(value).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'https:')
      missing(`an https "mtls_endpoint_aliases.${endpoint}" or "${endpoint}" (mutual TLS needs TLS)`);
  }
  if (config.requireCertificateBinding && as.tls_client_certificate_bound_access_tokens !== true)
    missing(
      '"tls_client_certificate_bound_access_tokens": true (certificate-bound tokens are this client\'s sender constraint)',
    );
}
