import { SignetError } from '../errors/signet-error.js';
import type { ClientAuthMethod, SecurityProfile, SignetClientOptions } from '../config/client-options.js';
import { loadCertificateAuthorities, loadClientCertificate, type ClientCertificate } from './client-certificate.js';

const CLIENT_AUTH_METHODS: ClientAuthMethod[] = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];
/** Profiles whose access tokens must be sender-constrained (FAPI 1.0 Advanced §5.2.2-5, §5.2.3-8). */
export const SENDER_CONSTRAINED_PROFILES: readonly SecurityProfile[] = ['fapi1-advanced'];

/** The validated mutual-TLS part of the options: no connection is opened yet. */
export interface ResolvedTls {
  clientAuth: ClientAuthMethod;
  certificate?: ClientCertificate;
  ca?: string[];
}

function fail(field: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${field}: ${problem}`, { field });
}

/**
 * Validates `clientAuth` and `tls` together with the profile: mutual-TLS client authentication needs a
 * certificate, and a profile that needs sender-constrained tokens needs DPoP or a certificate. Refusals name the
 * option and, since the environment sets them too, the variable.
 */
export async function resolveTls(
  options: Pick<SignetClientOptions, 'clientAuth' | 'tls'>,
  profile: SecurityProfile,
  dpop: boolean,
  defaultAuth: ClientAuthMethod,
): Promise<ResolvedTls> {
  const clientAuth = options.clientAuth ?? defaultAuth;
  if (!CLIENT_AUTH_METHODS.includes(clientAuth))
    fail('clientAuth', `must be one of ${CLIENT_AUTH_METHODS.join(', ')} (got ${String(clientAuth)})`);
  let certificate: ClientCertificate | undefined;
  let ca: string[] | undefined;
  if (options.tls !== undefined) {
    if (typeof options.tls !== 'object' || options.tls === null) fail('tls', 'expected { certificate, key, ca }');
    const { certificate: pem, key, ca: authorities } = options.tls;
    if (pem !== undefined && key === undefined)
      fail('tls.certificate', 'needs its private key: give tls.key too (SIGNET_TLS_KEY_FILE in the environment)');
    if (key !== undefined && pem === undefined)
      fail('tls.key', 'needs its certificate: give tls.certificate too (SIGNET_TLS_CERT_FILE in the environment)');
    if (pem !== undefined) certificate = await loadClientCertificate(pem, key);
    if (authorities !== undefined) ca = loadCertificateAuthorities(authorities);
  }
  if (clientAuth !== 'private_key_jwt' && !certificate)
    fail(
      'clientAuth',
      `${clientAuth} needs a client certificate: give tls.certificate and tls.key (SIGNET_TLS_CERT_FILE and SIGNET_TLS_KEY_FILE in the environment)`,
    );
  if (SENDER_CONSTRAINED_PROFILES.includes(profile) && !dpop && !certificate)
    fail(
      'profile',
      `${profile} requires sender-constrained access tokens: give a client certificate for mutual TLS (tls.certificate and tls.key; SIGNET_TLS_CERT_FILE and SIGNET_TLS_KEY_FILE in the environment) or enable dpop`,
    );
  return { clientAuth, ...(certificate ? { certificate } : {}), ...(ca ? { ca } : {}) };
}
