import { SignetError } from '@signet/core';

/**
 * Wraps a Redis failure as a 503 refusal. The cause keeps the message only: ioredis errors can carry the
 * command's arguments, and a transaction's arguments hold its PKCE verifier and nonce.
 */
export function storeUnavailable(operation: string, err: unknown): SignetError {
  if (err instanceof SignetError) return err;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : 'unknown failure';
  return new SignetError('ERR_STORE_UNAVAILABLE', `redis: ${operation} failed (${message})`, {
    cause: new Error(message),
  });
}
