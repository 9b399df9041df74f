import { SignetClient } from '../client/signet-client.js';
import type { ClientAssertionAudience } from '../config/compatibility.js';
import type { KeyMaterial, SecurityProfile } from '../config/client-options.js';
import { SignetError } from '../errors/signet-error.js';
import type { EndpointFailure } from '../errors/endpoint-failure.js';

/** The answer to one test login start: pushed (the server accepted the signed request), or refused and why. */
export type PushOutcome =
  | { outcome: 'pushed'; delivery: 'par' | 'value'; requestUri: boolean }
  | { outcome: 'refused'; code: string; message: string; endpoint?: EndpointFailure };

/** What a test push needs: the client as registered at the server. */
export interface PushOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  signingKey: KeyMaterial;
  profile?: SecurityProfile;
  clientAssertionAudience?: ClientAssertionAudience;
  fetch?: typeof fetch;
}

/**
 * Starts one login exactly as the application would (signed request object, PAR, client assertion) and reports
 * what the server answered, without a browser: `pushed` when a `request_uri` came back, else the refusal with its
 * code and the endpoint's status, body kind and sanitized OAuth error. Nothing is stored; the login is abandoned.
 */
export async function pushTestRequest(options: PushOptions): Promise<PushOutcome> {
  try {
    const client = await SignetClient.create({
      issuer: options.issuer,
      clientId: options.clientId,
      redirectUri: options.redirectUri,
      signingKeys: [options.signingKey],
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.clientAssertionAudience ? { clientAssertionAudience: options.clientAssertionAudience } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      logger: false,
    });
    const request = await client.authorize();
    return {
      outcome: 'pushed',
      delivery: request.delivery,
      requestUri: new URL(request.url).searchParams.has('request_uri'),
    };
  } catch (err) {
    if (!(err instanceof SignetError)) throw err;
    return {
      outcome: 'refused',
      code: err.code,
      message: err.message,
      ...(err.endpoint ? { endpoint: err.endpoint } : {}),
    };
  }
}
