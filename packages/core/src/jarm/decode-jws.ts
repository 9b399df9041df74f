import type { FlattenedJWSInput, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { SignetError } from '../errors/signet-error.js';

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A compact JWS split and decoded once, NOT verified: what every later step of the callback works on. */
export interface DecodedJws {
  /** The compact serialization as received. */
  jws: string;
  header: ProtectedHeaderParameters;
  claims: JWTPayload;
  /**
   * `BASE64URL(header) "." BASE64URL(payload)`: the bytes the AS signed. Replay detection keys on it, never on
   * the signature's encoding, which an attacker can re-spell (padding bits, the ECDSA (r, n−s) twin).
   */
  signingInput: string;
}

function segmentObject(segment: string | undefined): Record<string, unknown> | undefined {
  // A base64url length of 4n + 1 cannot encode any bytes; Node's decoder would silently drop the extra character.
  if (segment === undefined || !SEGMENT.test(segment) || segment.length % 4 === 1) return undefined;
  try {
    const value: unknown = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when a segment is the one spelling of its bytes: decoders ignore the padding bits of the last character
 * (RFC 4648 §3.5 lets them refuse non-zero ones), so without this one signature has up to 16 spellings.
 */
function canonical(segment: string): boolean {
  return segment.length % 4 !== 1 && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

/**
 * The header and claims of a compact JWS, decoded but NOT verified: for the checks that must happen before
 * any key lookup. Node's native base64url decoder is several times faster than jose's portable one on the
 * callback's hot path; the input is held to the same strictness (base64url alphabet, UTF-8, JSON objects).
 */
export function decodeJws(jws: string): DecodedJws {
  const parts = jws.split('.');
  const header = parts.length === 3 ? segmentObject(parts[0]) : undefined;
  const claims = header ? segmentObject(parts[1]) : undefined;
  if (!header || !claims) throw new SignetError('ERR_JARM_MALFORMED', 'the response JWT cannot be decoded');
  if (!canonical(parts[0]!) || !canonical(parts[1]!) || !canonical(parts[2]!))
    throw new SignetError('ERR_JARM_MALFORMED', 'the response JWT is not in canonical base64url');
  return {
    jws,
    header: header as ProtectedHeaderParameters,
    claims: claims as JWTPayload,
    signingInput: `${parts[0]}.${parts[1]}`,
  };
}

/** The three segments of a decoded compact JWS, as jose's key selection takes them (`getKey(header, token)`). */
export function flattenedJws(decoded: DecodedJws): FlattenedJWSInput & { signature: string } {
  const [protectedPart, payload, signature] = decoded.jws.split('.') as [string, string, string];
  return { protected: protectedPart, payload, signature };
}

/** Parses a verified payload (the bytes jose returns) with the same strict UTF-8 decoder. */
export function parsePayload(payload: Uint8Array): unknown {
  return JSON.parse(utf8.decode(payload));
}
