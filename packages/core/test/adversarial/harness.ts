// One test AS (@signet/testing) and one Signet client wired together, plus the assertions every refusal shares.
import { expect } from '@jest/globals';
import type { JWTPayload } from 'jose';
import { SignetClient } from '../../src/client/signet-client.js';
import type { SignetClientOptions } from '../../src/config/client-options.js';
import type { AuthorizationParameters } from '../../src/jar/authorization-parameters.js';
import type { CallbackInput } from '../../src/jarm/callback-input.js';
import type { AuditEvent } from '../../src/audit/audit-event.js';
import type { StoreContext } from '../../src/transaction/transaction.js';
import type { SignetError } from '../../src/errors/signet-error.js';
import type { SignetErrorCode } from '../../src/errors/codes.js';
import {
  createTestKey,
  startTestAuthorizationServer,
  type TestAuthorizationServer,
} from '../../../testing/src/index.js';

export const REDIRECT_URI = 'https://rp.example/callback';

/** A login begun with `authorize()`, as the AS saw it. */
export interface Login {
  url: string;
  state: string;
  nonce: string;
  /** The pushed request object's claims. */
  request: JWTPayload;
  /** A code the test AS will redeem once for this login. */
  code: string;
}

export interface Harness {
  as: TestAuthorizationServer;
  client: SignetClient;
  events: AuditEvent[];
  begin(params?: AuthorizationParameters, context?: StoreContext): Promise<Login>;
  deliver(
    response: string,
    options?: { delivery?: CallbackInput['delivery']; context?: StoreContext },
  ): ReturnType<SignetClient['callback']>;
  /** Clears counts, canned answers and audit events (call in beforeEach). */
  reset(): void;
  close(): Promise<void>;
}

/** A client for `as` (a new AS unless given), its public keys registered with the AS so signatures are checked. */
export async function startHarness(
  options: Partial<SignetClientOptions> & { as?: TestAuthorizationServer } = {},
): Promise<Harness> {
  const { as: given, ...clientOptions } = options;
  const as = given ?? (await startTestAuthorizationServer());
  const events: AuditEvent[] = [];
  const signingKey = await createTestKey('ES256', `rp-${Math.random().toString(36).slice(2, 8)}`);
  const { exportJWK } = await import('jose');
  const privateJwk = { ...(await exportJWK(signingKey.privateKey)), kid: signingKey.kid };
  const client = await SignetClient.create({
    issuer: as.issuer,
    clientId: as.clientId,
    redirectUri: REDIRECT_URI,
    signingKeys: [privateJwk],
    audit: (event) => {
      events.push(event);
    },
    // Refusals are what these suites provoke; the log lines they would print are asserted in test/interop.
    logger: false,
    ...clientOptions,
  });
  // Several clients may share one AS (each registered, as with a real AS): the AS then checks their signatures.
  as.registerClient({ clientId: clientOptions.clientId ?? as.clientId, jwks: client.publicJwks() });
  return {
    as,
    client,
    events,
    async begin(params = {}, context = {}) {
      const { url } = await client.authorize(params, context);
      const request = as.lastRequest();
      return {
        url,
        state: request.state as string,
        nonce: request.nonce as string,
        request,
        code: as.issueCode(request),
      };
    },
    deliver(response, { delivery = 'query', context = {} } = {}) {
      return client.callback({ delivery, params: { response } }, context);
    },
    reset() {
      as.reset();
      events.length = 0;
    },
    async close() {
      if (!given) await as.close();
    },
  };
}

/**
 * Asserts a refusal the way every adversarial test must: the stable code, no token request, an audit event
 * `authorization.response` refused with the same code, and none of the secrets in the event log or the message.
 */
export async function expectRefused(
  h: Harness,
  attempt: Promise<unknown>,
  code: SignetErrorCode,
  secrets: string[] = [],
): Promise<SignetError> {
  const err = await attempt.then(
    () => {
      throw new Error(`accepted, but ${code} was expected`);
    },
    (e: unknown) => e as SignetError,
  );
  expect(err).toMatchObject({ code });
  expect(h.as.counts.token).toBe(0);
  const responses = h.events.filter((e) => e.type === 'authorization.response');
  expect(responses.at(-1)).toMatchObject({ type: 'authorization.response', outcome: 'refused', code });
  const visible = JSON.stringify(h.events) + err.message;
  for (const secret of secrets.filter(Boolean)) expect(visible).not.toContain(secret);
  return err;
}

/** The secrets of a login that must never appear in an audit event or an error message. */
export function secretsOf(login: Login, response?: string): string[] {
  return [login.state, login.code, login.nonce, ...(response ? [response, response.split('.')[2] ?? ''] : [])];
}
