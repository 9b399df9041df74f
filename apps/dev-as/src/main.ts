import { resolve } from 'node:path';
import { loadOrCreateDevKeys } from './keys.js';
import { DEFAULT_CLIENT_ID, sampleClientMetadata } from './sample-client.js';
import { startDevAs } from './server.js';
import { loadOrCreateDevMtls } from './dev-mtls.js';
import type { DevAsProfile } from './types.js';

// src/ or dist/ → apps/dev-as → apps → repo root.
const repoRoot = resolve(import.meta.dirname, '../../..');

function profileFromEnv(value: string | undefined): DevAsProfile {
  if (value === undefined || value === '' || value === 'fapi2') return 'fapi2';
  if (value === 'fapi1-advanced') return value;
  throw new Error(`DEV_AS_PROFILE must be fapi2 or fapi1-advanced, got "${value}"`);
}

/** DEV_AS_ACCESS_TOKEN_TTL: access-token lifetime in seconds (short ones make the demo refresh). */
function accessTokenTtl(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const ttl = Number(value);
  if (!/^\d+$/.test(value.trim()) || ttl < 1 || ttl > 86_400)
    throw new Error(`DEV_AS_ACCESS_TOKEN_TTL must be a whole number of seconds between 1 and 86400, got "${value}"`);
  return ttl;
}

async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 9400);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`invalid PORT "${process.env['PORT']}"`);
  const host = process.env['HOST'] || '127.0.0.1';
  const keysDir = process.env['DEV_KEYS_DIR'] || resolve(repoRoot, '.dev-keys');
  const profile = profileFromEnv(process.env['DEV_AS_PROFILE']);
  const accessTtl = accessTokenTtl(process.env['DEV_AS_ACCESS_TOKEN_TTL']);

  const keys = await loadOrCreateDevKeys(keysDir);
  const mtlsFlag = process.env['DEV_AS_MTLS'];
  if (mtlsFlag !== undefined && mtlsFlag !== '' && mtlsFlag !== 'true' && mtlsFlag !== 'false')
    throw new Error(`DEV_AS_MTLS must be true or false, got "${mtlsFlag}"`);
  const mtlsPort = Number(process.env['DEV_AS_MTLS_PORT'] ?? 9443);
  if (!Number.isInteger(mtlsPort) || mtlsPort < 0 || mtlsPort > 65_535)
    throw new Error(`invalid DEV_AS_MTLS_PORT "${process.env['DEV_AS_MTLS_PORT']}"`);
  const clientId = process.env['SIGNET_CLIENT_ID'] || DEFAULT_CLIENT_ID;
  const mtls = mtlsFlag === 'true' ? await loadOrCreateDevMtls(keysDir, clientId, host) : undefined;
  const registered = sampleClientMetadata(process.env, keys.rp);
  // With mutual TLS the sample client authenticates with its certificate and gets certificate-bound tokens.
  const { token_endpoint_auth_signing_alg: _alg, ...withoutAssertionAlg } = registered;
  const client = mtls
    ? {
        ...withoutAssertionAlg,
        token_endpoint_auth_method: 'tls_client_auth' as const,
        tls_client_auth_subject_dn: mtls.clientSubject,
        tls_client_certificate_bound_access_tokens: true,
      }
    : registered;
  const as = await startDevAs({
    port,
    host,
    clients: [client],
    ...(mtls
      ? {
          mtls: {
            certificate: mtls.serverCertificate,
            key: mtls.serverKey,
            clientCa: mtls.ca,
            port: mtlsPort,
          },
        }
      : {}),
    keys: keys.as,
    profile: () => profile,
    logger: console,
    ...(accessTtl !== undefined ? { ttl: { AccessToken: accessTtl } } : {}),
  });

  console.log(`dev-as issuer: ${as.issuer}`);
  console.log(`dev-as client: ${client.client_id} (${profile}) → ${(client.redirect_uris ?? []).join(', ')}`);
  console.log(`dev-as keys: ${keysDir} (throwaway, never for production)`);
  if (mtls) console.log(`dev-as mTLS aliases: ${as.mtlsOrigin} (client certificates: ${mtls.files.clientCertificate})`);
  console.log(`dev-as resource: ${as.resourceUrl} (access tokens live ${as.lifetimes.AccessToken} s)`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    console.log(`dev-as: ${signal}, closing`);
    as.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
