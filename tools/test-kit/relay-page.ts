// The relay-page readers live in @signet/testing (its signIn runs them); re-exported for the suites importing them here.
export { formActions, relayForm, runFragmentRelay } from '../../packages/testing/src/sign-in/relay-page.js';
export type { RelaySubmission } from '../../packages/testing/src/sign-in/relay-page.js';
