import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from 'jose';
import { SignetError } from '../errors/signet-error.js';
import type { KeyMaterial, KeyOptions } from '../config/client-options.js';
import {
  FAPI_SIGNING_ALGORITHMS,
  KEY_MANAGEMENT_ALGORITHMS,
  keyManagementFor,
  sameSigningAlgorithm,
  signingAlgorithmFor,
} from '../algorithms/algorithms.js';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface DecryptionKey {
  kid: string;
  /** Key management algorithms this key may be used with. */
  algs: string[];
  privateKey: KeyObject;
  publicJwk: JWK;
}

function toKeyOptions(input: KeyMaterial | KeyOptions): KeyOptions {
  return typeof input === 'object' && input !== null && 'key' in input
    ? (input as KeyOptions)
    : { key: input as KeyMaterial };
}

/** Parses a JWK object, JWK JSON text or PKCS#8 PEM into a private JWK; refuses public-only and symmetric keys. */
function toPrivateJwk(material: KeyMaterial, field: string): JWK {
  let jwk: JWK;
  if (typeof material === 'string') {
    const text = material.trim();
    if (text.startsWith('{')) {
      try {
        jwk = JSON.parse(text) as JWK;
      } catch {
        // No `cause`: a JSON syntax error quotes the text around it, which is key material.
        throw new SignetError(
          'ERR_CONFIG_INVALID',
          `${field}: the key is not valid JSON; pass a private JWK or a PKCS#8 PEM`,
          { field },
        );
      }
    } else if (text.startsWith('-----BEGIN')) {
      let key: KeyObject;
      try {
        key = createPrivateKey(text);
      } catch (cause) {
        throw new SignetError(
          'ERR_CONFIG_INVALID',
          `${field}: the PEM is not a private key; pass a PKCS#8 "PRIVATE KEY" PEM`,
          { field, cause },
        );
      }
      jwk = key.export({ format: 'jwk' }) as JWK;
    } else {
      throw new SignetError('ERR_CONFIG_INVALID', `${field}: expected a private JWK (JSON) or a PKCS#8 PEM`, { field });
    }
  } else if (typeof material === 'object' && material !== null) {
    jwk = { ...material };
  } else {
    throw new SignetError('ERR_CONFIG_INVALID', `${field}: expected a private JWK or a PEM string`, { field });
  }
  if (jwk.kty === 'oct') {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `${field}: symmetric keys are refused; use an EC P-256, RSA (>= 2048 bits) or Ed25519 key`,
      { field },
    );
  }
  if (jwk.kty !== 'EC' && jwk.kty !== 'RSA' && jwk.kty !== 'OKP') {
    throw new SignetError('ERR_CONFIG_INVALID', `${field}: unsupported key type "${String(jwk.kty)}"`, { field });
  }
  if (typeof jwk.d !== 'string') {
    throw new SignetError('ERR_CONFIG_INVALID', `${field}: this is a public key; a private key (with "d") is needed`, {
      field,
    });
  }
  return jwk;
}

function publicPart(jwk: JWK, field: string): { keyObject: KeyObject; publicJwk: JWK } {
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: jwk as never, format: 'jwk' });
  } catch (cause) {
    throw new SignetError('ERR_CONFIG_INVALID', `${field}: the JWK is not a valid private key`, { field, cause });
  }
  const details = keyObject.asymmetricKeyDetails;
  if (jwk.kty === 'RSA' && (details?.modulusLength ?? 0) < 2048) {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `${field}: RSA key of ${details?.modulusLength} bits; at least 2048 bits are required`,
      { field },
    );
  }
  const pub = createPublicKey(keyObject).export({ format: 'jwk' }) as JWK;
  return { keyObject, publicJwk: pub };
}

function inferSigningAlg(jwk: JWK, field: string): string {
  const alg = signingAlgorithmFor(jwk);
  if (alg) return alg;
  throw new SignetError(
    'ERR_CONFIG_INVALID',
    `${field}: ${jwk.kty} ${jwk.crv ?? ''} cannot sign under FAPI; use EC P-256, RSA or Ed25519`,
    { field },
  );
}

async function kidOf(options: KeyOptions, jwk: JWK, publicJwk: JWK): Promise<string> {
  return options.kid ?? jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
}

/** Imports one signing key, inferring its algorithm and refusing what FAPI does not allow. */
export async function importSigningKey(input: KeyMaterial | KeyOptions, field: string): Promise<SigningKey> {
  const options = toKeyOptions(input);
  const jwk = toPrivateJwk(options.key, field);
  const { publicJwk } = publicPart(jwk, field);
  const alg = options.alg ?? jwk.alg ?? inferSigningAlg(jwk, field);
  if (!(FAPI_SIGNING_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `${field}: algorithm "${alg}" is refused; use one of ${FAPI_SIGNING_ALGORITHMS.join(', ')}`,
      { field },
    );
  }
  if (!sameSigningAlgorithm(alg, inferSigningAlg(jwk, field))) {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `${field}: algorithm "${alg}" does not fit a ${jwk.kty} ${jwk.crv ?? ''} key`,
      { field },
    );
  }
  const kid = await kidOf(options, jwk, publicJwk);
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK({ ...jwk, alg, ext: false, key_ops: undefined, use: undefined }, alg)) as CryptoKey;
  } catch (cause) {
    throw new SignetError('ERR_CONFIG_INVALID', `${field}: the key cannot be used with ${alg}`, { field, cause });
  }
  return { kid, alg, privateKey, publicJwk: { ...publicJwk, kid, alg, use: 'sig' } };
}

/** Imports one decryption key for encrypted responses. */
export async function importDecryptionKey(input: KeyMaterial | KeyOptions, field: string): Promise<DecryptionKey> {
  const options = toKeyOptions(input);
  const jwk = toPrivateJwk(options.key, field);
  const { keyObject, publicJwk } = publicPart(jwk, field);
  let algs = keyManagementFor(jwk);
  if (algs.length === 0) {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `${field}: ${jwk.kty} ${jwk.crv ?? ''} cannot decrypt; use EC P-256, X25519 or RSA`,
      { field },
    );
  }
  const alg = options.alg ?? jwk.alg;
  if (alg !== undefined) {
    if (!algs.includes(alg) || !KEY_MANAGEMENT_ALGORITHMS.includes(alg)) {
      throw new SignetError(
        'ERR_CONFIG_INVALID',
        `${field}: algorithm "${alg}" is refused for this key; use one of ${algs.join(', ')}`,
        { field },
      );
    }
    algs = [alg];
  }
  const kid = await kidOf(options, jwk, publicJwk);
  return { kid, algs, privateKey: keyObject, publicJwk: { ...publicJwk, kid, use: 'enc', ...(alg ? { alg } : {}) } };
}
