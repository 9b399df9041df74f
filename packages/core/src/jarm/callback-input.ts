/**
 * An authorization response as it reached the server.
 * - `query`: GET to the redirect URI (`query.jwt`, and `jwt` for response_type=code);
 * - `form_post`: POST of an `application/x-www-form-urlencoded` body (`form_post.jwt`);
 * - `fragment`: the callback page relayed the URL fragment to the server (`fragment.jwt`).
 * The adapter decides the channel from the HTTP request, never from a parameter the AS could set.
 */
export interface CallbackInput {
  delivery: 'query' | 'form_post' | 'fragment';
  params: URLSearchParams | Record<string, unknown>;
}

/** The delivery channel each response mode must use. */
export const DELIVERY_FOR_MODE = {
  jwt: 'query',
  'query.jwt': 'query',
  'form_post.jwt': 'form_post',
  'fragment.jwt': 'fragment',
} as const;
