import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** A JSON Web Key Set. These dev keys are throwaway: never use them (or this module) in production. */
export interface Jwks {
  keys: JWK[];
}

/** Private JWK members per RFC 7518; dropping them yields the public key. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const;

/** Generates one extractable private JWK with `alg`, `use` and a thumbprint `kid` pinned. */
export async function generateJwk(
  alg: string,
  use: 'sig' | 'enc',
  options: { crv?: string; modulusLength?: number } = {},
): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { ...options, extractable: true });
  const jwk = await exportJWK(privateKey);
  // Thumbprints make kids stable and unique without a registry of names.
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg, use };
}

/**
 * The AS keys: one signing key per algorithm clients may register (oidc-provider refuses a client whose
 * `*_signed_response_alg` it cannot sign with) plus decryption keys for encrypted request objects.
 */
export async function generateAsKeys(): Promise<Jwks> {
  const keys = await Promise.all([
    generateJwk('ES256', 'sig'),
    generateJwk('PS256', 'sig', { modulusLength: 2048 }),
    generateJwk('EdDSA', 'sig', { crv: 'Ed25519' }),
    generateJwk('ECDH-ES', 'enc', { crv: 'P-256' }),
    generateJwk('RSA-OAEP-256', 'enc', { modulusLength: 2048 }),
  ]);
  return { keys };
}

/** A sample relying party: an ES256 signing key and an ECDH-ES (P-256) decryption key for encrypted JARM. */
export async function generateRpKeys(): Promise<Jwks> {
  const keys = await Promise.all([generateJwk('ES256', 'sig'), generateJwk('ECDH-ES', 'enc', { crv: 'P-256' })]);
  return { keys };
}

/** Public half of a JWKS, e.g. to register a client's `jwks` or to publish. */
export function toPublicJwks(jwks: Jwks): Jwks {
  return {
    keys: jwks.keys.map((jwk) => {
      const pub: JWK = { ...jwk };
      for (const member of PRIVATE_MEMBERS) delete pub[member as keyof JWK];
      // `ext`/`key_ops` describe the private CryptoKey we exported from, not the public key.
      delete pub.ext;
      delete pub.key_ops;
      return pub;
    }),
  };
}

export interface DevKeys {
  /** AS private JWKS (`as.json`). */
  as: Jwks;
  /** Sample relying party private JWKS (`rp.json`). */
  rp: Jwks;
}

async function readJwks(file: string): Promise<Jwks | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && Array.isArray((parsed as Jwks).keys)) return parsed as Jwks;
    throw new Error(`${file} is not a JWKS ({"keys": [...]}); delete it to regenerate`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readOrCreate(file: string, create: () => Promise<Jwks>): Promise<Jwks> {
  const existing = await readJwks(file);
  if (existing) return existing;
  const created = await create();
  // 0600: private keys, even throwaway ones, should not be world-readable.
  await writeFile(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  return created;
}

/**
 * Reads `as.json` and `rp.json` from `dir` (git-ignored, e.g. `<repo>/.dev-keys`), creating whichever is missing,
 * so the AS and the sample RP keep agreeing on keys across restarts.
 */
export async function loadOrCreateDevKeys(dir: string): Promise<DevKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const as = await readOrCreate(join(dir, 'as.json'), generateAsKeys);
  const rp = await readOrCreate(join(dir, 'rp.json'), generateRpKeys);
  return { as, rp };
}
