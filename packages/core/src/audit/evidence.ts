import {
  calculateJwkThumbprint,
  CompactEncrypt,
  compactDecrypt,
  decodeProtectedHeader,
  exportJWK,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import { SignetError } from '../errors/signet-error.js';
import type { RemoteKeySet } from '../jwks/remote-key-set.js';
import {
  DEFAULT_CONTENT_ENCRYPTION,
  EVIDENCE_KEY_MANAGEMENT as EVIDENCE_ALGS,
  keyManagementFor,
} from '../algorithms/algorithms.js';

/** The auditor's public key, imported: what evidence is sealed to. */
export interface EvidenceKey {
  key: CryptoKey;
  alg: string;
  kid: string;
}

/**
 * What an accepted login leaves for an auditor: the signed request object (its JWS, before any encryption to
 * the AS), the verified response JWS (the inner JWS of an encrypted response) and the RFC 7638 thumbprint of
 * the AS key that verified it, so the signature can be checked again years later with the archived JWKS.
 */
export interface Evidence {
  kind: 'authorization.request' | 'authorization.response';
  jti: string;
  requestObject?: string;
  responseJws?: string;
  asKeyThumbprint?: string;
}

/** Imports `SIGNET_AUDIT_EVIDENCE_KEY`: a public JWK (EC P-256/384/521 or RSA ≥ 2048). Refuses private keys. */
export async function importEvidenceKey(jwk: unknown, field = 'auditEvidenceKey'): Promise<EvidenceKey> {
  const fail = (problem: string): never => {
    throw new SignetError('ERR_CONFIG_INVALID', `${field}: ${problem}`, { field });
  };
  if (typeof jwk === 'string') {
    try {
      jwk = JSON.parse(jwk);
    } catch {
      fail("is not JSON. Fix: give the auditor's public JWK");
    }
  }
  if (typeof jwk !== 'object' || jwk === null) fail("must be the auditor's public JWK");
  const candidate = jwk as JWK;
  if (candidate.d !== undefined || candidate.k !== undefined)
    fail("holds private or symmetric key material. Fix: give only the auditor's public key");
  // The first evidence algorithm the key can do: ECDH-ES+A256KW for EC keys, RSA-OAEP-256 for RSA.
  const alg = candidate.alg ?? EVIDENCE_ALGS.find((a) => keyManagementFor(candidate).includes(a)) ?? EVIDENCE_ALGS[0]!;
  if (!EVIDENCE_ALGS.includes(alg)) fail(`alg "${alg}" is refused; use one of ${EVIDENCE_ALGS.join(', ')}`);
  let key: CryptoKey;
  try {
    key = (await importJWK({ ...candidate, alg }, alg)) as CryptoKey;
  } catch {
    fail('is not a usable EC or RSA public key');
  }
  return { key: key!, alg, kid: candidate.kid ?? (await calculateJwkThumbprint(candidate)) };
}

/** Seals evidence as a compact JWE (A256GCM) to the auditor: operators reading the log see no code or signature. */
export async function sealEvidence(evidence: Evidence, to: EvidenceKey): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(evidence)))
    .setProtectedHeader({ alg: to.alg, enc: DEFAULT_CONTENT_ENCRYPTION, kid: to.kid, cty: 'signet-evidence+json' })
    .encrypt(to.key);
}

/** Opens sealed evidence with the auditor's private key (what `signet evidence open` does). */
export async function openEvidence(jwe: string, privateKey: CryptoKey | JWK): Promise<Evidence> {
  const header = decodeProtectedHeader(jwe);
  if (!header.alg || !EVIDENCE_ALGS.includes(header.alg)) throw new Error(`evidence alg "${header.alg}" is refused`);
  const key = 'kty' in privateKey ? await importJWK(privateKey as JWK, header.alg) : privateKey;
  const { plaintext } = await compactDecrypt(jwe, key, {
    keyManagementAlgorithms: [...EVIDENCE_ALGS],
    contentEncryptionAlgorithms: [DEFAULT_CONTENT_ENCRYPTION],
  });
  return JSON.parse(new TextDecoder().decode(plaintext)) as Evidence;
}

/** The RFC 7638 thumbprint of the AS key that verifies a JWS, resolved again through the (cached) key set. */
export async function verifyingKeyThumbprint(keys: RemoteKeySet, jws: string): Promise<string> {
  const [protectedHeader, payload, signature] = jws.split('.');
  const header = decodeProtectedHeader(jws);
  const key = await keys.getKey(header, { protected: protectedHeader!, payload: payload!, signature: signature! });
  return calculateJwkThumbprint(await exportJWK(key));
}
