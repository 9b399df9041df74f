import { sanitizeServerText } from '../errors/endpoint-failure.js';

/** A list member of the metadata as strings (non-strings dropped), or undefined when absent or not a list. */
export function listOf(metadata: Record<string, unknown>, name: string): string[] | undefined {
  const value = metadata[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** Quotes a server value for a check's detail: printable ASCII, capped. */
export function quote(value: unknown): string {
  return JSON.stringify(sanitizeServerText(typeof value === 'string' ? value : JSON.stringify(value), 120) ?? '');
}
