import type { CallbackInput } from '../../src/index.js';

type LoginOutcome =
  { kind: 'redirect'; url: string } | { kind: 'form_post'; action: string; fields: Record<string, string> };

/** What the browser would hand to the client's callback, as an adapter would pass it to core. */
export function deliver(outcome: LoginOutcome): CallbackInput {
  if (outcome.kind === 'form_post') return { delivery: 'form_post', params: outcome.fields };
  const url = new URL(outcome.url);
  if (url.hash.length > 1) return { delivery: 'fragment', params: new URLSearchParams(url.hash.slice(1)) };
  return { delivery: 'query', params: url.searchParams };
}
