import { compactDecrypt, decodeProtectedHeader, errors } from 'jose';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';

const COMPACT = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*){2}$|^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*){4}$/;

/**
 * Returns the compact JWS of a response, decrypting a nested JWE first. A JWE without configured
 * decryption keys is refused, and so is a plain JWS when encrypted responses are required.
 */
export async function unwrapResponse(config: ClientConfig, response: string): Promise<string> {
  if (!COMPACT.test(response)) throw new SignetError('ERR_JARM_MALFORMED', 'the response is not a compact JWS or JWE');
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
  const candidates = config.decryptionKeys.filter(
    (k) =>
      (header.kid === undefined || k.kid === header.kid) &&
      typeof header.alg === 'string' &&
      k.algs.includes(header.alg),
  );
  if (candidates.length === 0) {
    throw new SignetError(
      'ERR_JARM_DECRYPTION_FAILED',
      `no decryption key fits kid "${header.kid ?? '(none)'}" and alg "${String(header.alg)}"`,
    );
  }
  for (const key of candidates) {
    try {
      const { plaintext } = await compactDecrypt(response, key.privateKey, {
        keyManagementAlgorithms: config.responseEncryptionAlgorithms,
        contentEncryptionAlgorithms: config.responseContentEncryptionAlgorithms,
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
        throw new SignetError(
          'ERR_JARM_DECRYPTION_FAILED',
          `the response encryption algorithm is not allowed (alg "${String(header.alg)}", enc "${String(header.enc)}")`,
          { cause },
        );
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
