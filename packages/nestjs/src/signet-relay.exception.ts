import type { SignetPage } from './signet-pages.js';

/**
 * Thrown by the callback guard when the response must take one more hop through the browser (fragment.jwt,
 * or a form_post that lost its cookies). Not an error: the exception filter answers with the page and the
 * route handler never runs.
 */
export class SignetRelayRequired {
  constructor(readonly page: SignetPage) {}
}
