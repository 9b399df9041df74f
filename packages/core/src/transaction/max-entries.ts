import { SignetError } from '../errors/signet-error.js';

/** A memory store's `maxEntries`, checked where the store is built: a positive integer. */
export function positiveInteger(value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new SignetError('ERR_CONFIG_INVALID', 'maxEntries: must be a positive integer', { field: 'maxEntries' });
  return value;
}
