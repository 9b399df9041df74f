// @signet/testing: a test kit for apps that use Signet. Framework-free (the Nest module is `@signet/testing/nestjs`).
export { startTestAuthorizationServer } from './server/test-authorization-server.js';

export type {
  AuthorizationOutcome,
  AuthorizeOptions,
  PushedRequest,
  TestAsBehaviour,
  TestAsCounts,
  TestAuthorizationServer,
  TestAuthorizationServerOptions,
  TestClient,
  TestUser,
} from './server/types.js';
export { RawBody } from './server/http-io.js';
export type { CannedAnswer } from './server/http-io.js';
export { callbackInputOf } from './server/callback-input.js';
export type { CallbackInputShape } from './server/callback-input.js';
export { createTestKey } from './server/keys.js';
export type { TestKey, TestSigningAlg } from './server/keys.js';
export { ATTACK_NAMES, isAttackName } from './attacks/attack-names.js';
export type { AttackName } from './attacks/attack-names.js';
export { ATTACKS, attackNamed } from './attacks/catalog.js';
export type { NamedAttack } from './attacks/catalog.js';
export type { AttackContext, Delivery, JwtDraft, ResponseDraft } from './attacks/drafts.js';
export { encryptTo, flipSignatureBit, signJws, swapPayload, unsignedJws } from './forge/forge.js';
export { attemptSignIn, signIn, SignInFailedError } from './sign-in/sign-in.js';
export type { SignInOptions, SignInResult, SignInTarget } from './sign-in/sign-in.js';
export { BrowserCookies } from './sign-in/browser-cookies.js';
export type { RequestSite } from './sign-in/browser-cookies.js';
export { formActions, relayForm, runFragmentRelay } from './sign-in/relay-page.js';
export type { RelaySubmission } from './sign-in/relay-page.js';
export { registerTestClient } from './server/register-test-client.js';
export type { TestClientRegistration, RegisterTestClientOptions } from './server/register-test-client.js';
