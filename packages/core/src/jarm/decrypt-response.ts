import { compactDecrypt, decodeProtectedHeader, errors } from 'jose';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';

const COMPACT = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*){2}$|^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*){4}$/;

/** Refuses what is not a compact JWS or JWE: a regular expression, before anything costs more. */
export function checkCompact(response: string): void {
  if (!COMPACT.test(response)) throw new SignetError('ERR_JARM_MALFORMED', 'the response is not a compact JWS or JWE');
}

/** The JWE algorithms accepted: the allow-lists narrowed to the AS's advertised ones (allowed-algorithms.ts). */
export interface EncryptionPolicy {
  alg: readonly string[];
  enc: readonly string[];
}

/**
 * Returns the compact JWS of a response, decrypting a nested JWE first. A JWE without configured
 * decryption keys is refused, and so is a plain JWS when encrypted responses are required. A compressed
 * JWE (`zip`) is refused before any decryption: inflating is work an attacker chooses the size of.
 * Messages name header parameters, never their values (the sender's text).
 */
export async function unwrapResponse(
  config: ClientConfig,
  response: string,
  policy: EncryptionPolicy = {
    alg: config.responseEncryptionAlgorithms,
    enc: config.responseContentEncryptionAlgorithms,
  },
): Promise<string> {
  checkCompact(response);
  const parts = response.split('.').length;
  if (parts === 3) {
    if (config.requireEncryptedResponses) {
      throw new SignetError(
        'ERR_JARM_ENCRYPTION_REQUIRED',
        'a signed but unencrypted response arrived; this client requires encrypted responses',
      );
    }
    return response;
  }
  if (config.decryptionKeys.length === 0) {
    throw new SignetError(
      'ERR_JARM_ENCRYPTION_UNEXPECTED',
      'an encrypted response arrived but no decryption key is configured',
    );
  }
  let header;
  try {
    header = decodeProtectedHeader(response);
  } catch (cause) {
    throw new SignetError('ERR_JARM_MALFORMED', 'the JWE header cannot be decoded', { cause });
  }
  if ('zip' in header)
    throw new SignetError(
      'ERR_JARM_HEADER_INVALID',
      'response header "zip" is refused: responses are never compressed',
      {
        field: 'zip',
      },
    );
  if (
    typeof header.alg !== 'string' ||
    !policy.alg.includes(header.alg) ||
    typeof header.enc !== 'string' ||
    !policy.enc.includes(header.enc)
  ) {
    throw new SignetError(
      'ERR_JARM_DECRYPTION_FAILED',
      `the response encryption algorithm is not allowed (allowed: ${policy.alg.join(', ')} with ${policy.enc.join(', ')})`,
      { field: 'alg' },
    );
  }
  const candidates = config.decryptionKeys.filter(
    (k) =>
      (header.kid === undefined || k.kid === header.kid) &&
      typeof header.alg === 'string' &&
      k.algs.includes(header.alg),
  );
  if (candidates.length === 0) {
    throw new SignetError(
      'ERR_JARM_DECRYPTION_FAILED',
      'no configured decryption key fits the response header "kid" and "alg"',
    );
  }
  for (const key of candidates) {
    try {
      const { plaintext } = await compactDecrypt(response, key.privateKey, {
        keyManagementAlgorithms: [...policy.alg],
        contentEncryptionAlgorithms: [...policy.enc],
        // Belt and braces: jose refuses to inflate at all with a limit of 0.
        maxDecompressedLength: 0,
      });
      const inner = new TextDecoder().decode(plaintext);
      if (inner.split('.').length !== 3 || !COMPACT.test(inner)) {
        throw new SignetError(
          'ERR_JARM_MALFORMED',
          'the encrypted response does not wrap a signed JWT (nested JWT required)',
        );
      }
      return inner;
    } catch (cause) {
      if (cause instanceof SignetError) throw cause;
      if (cause instanceof errors.JOSEAlgNotAllowed) {
        throw new SignetError('ERR_JARM_DECRYPTION_FAILED', 'the response encryption algorithm is not allowed', {
          cause,
        });
      }
      if (candidates.length === 1 || !(cause instanceof errors.JWEDecryptionFailed)) {
        throw new SignetError('ERR_JARM_DECRYPTION_FAILED', 'the encrypted response could not be decrypted', { cause });
      }
    }
  }
  throw new SignetError(
    'ERR_JARM_DECRYPTION_FAILED',
    'the encrypted response could not be decrypted with any configured key',
  );
}
