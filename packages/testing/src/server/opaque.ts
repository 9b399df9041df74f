import { randomBytes } from 'node:crypto';

/** A random opaque value (codes, tokens, request URIs, nonces). */
export const opaque = (bytes = 24): string => randomBytes(bytes).toString('base64url');
