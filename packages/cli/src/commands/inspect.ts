import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { FAPI_SIGNING_ALGORITHMS, RemoteKeySet, isSignetError, verifyJarmResponse } from '@signet/core';
import { CliError } from '../lib/cli-error.js';
import type { SignetCommand } from '../lib/command.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { readInput } from '../lib/read-input.js';

/** FAPI's response signing algorithms: what a Signet client accepts at most (narrowed further by metadata). */
const ALGORITHMS: readonly string[] = FAPI_SIGNING_ALGORITHMS;

interface Check {
  check: string;
  status: 'pass' | 'fail' | 'skipped';
  code?: string;
  detail: string;
}

/** Thrown by the key resolver of the offline pass: header and claims passed, no key was asked for. */
class NoKeyLookup extends Error {}

/** The token itself: a compact JWS, or the `response` parameter of a callback URL or query string. */
function tokenOf(input: string): string {
  const text = input.trim();
  if (!text.includes('response=')) return text;
  const query = text.includes('?') || text.includes('#') ? text.split(/[?#]/).slice(1).join('&') : text;
  const response = new URLSearchParams(query).get('response');
  if (!response) throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_INPUT_INVALID', 'no "response" parameter in the input');
  return response;
}

function audienceOf(claims: JWTPayload): string | undefined {
  if (typeof claims.aud === 'string') return claims.aud;
  return Array.isArray(claims.aud) && claims.aud.length === 1 ? claims.aud[0] : undefined;
}

async function attempt(
  check: string,
  pass: string,
  run: () => Promise<unknown>,
  skipWhen?: (e: unknown) => boolean,
): Promise<Check> {
  try {
    await run();
    return { check, status: 'pass', detail: pass };
  } catch (error) {
    if (skipWhen?.(error)) return { check, status: 'pass', detail: pass };
    if (isSignetError(error)) return { check, status: 'fail', code: error.code, detail: error.message };
    throw error;
  }
}

/**
 * `signet inspect TOKEN`: decodes a JARM response (or a request object) and runs core's own checks on it, offline:
 * nothing is sent anywhere, except a GET of --jwks-uri when given.
 */
export const inspect: SignetCommand = {
  path: 'inspect',
  summary: 'Decode a JARM response or request object and explain each check core makes (offline)',
  configure: (command) =>
    command
      .argument('<token>', 'compact JWS, a callback URL or query string with response=, or - for stdin')
      .option('--issuer <issuer>', 'expected issuer (default: not compared, the token\'s own "iss" is used)')
      .option('--client-id <id>', 'this client\'s client_id (default: not compared, the token\'s "aud" is used)')
      .option('--jwks-uri <url>', "the authorization server's jwks_uri: fetched (GET) to verify the signature"),
  async run({ args, options }) {
    const raw = args[0] === '-' ? await readInput('-') : (args[0] as string);
    const token = tokenOf(raw);
    if (token.split('.').length === 5) {
      throw new CliError(
        EXIT_CODES.INPUT,
        'ERR_CLI_INPUT_INVALID',
        'this is an encrypted response (JWE): decrypt it with the client key first',
      );
    }
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw new CliError(
        EXIT_CODES.INPUT,
        'ERR_CLI_INPUT_INVALID',
        'the input is not a compact JWS with a JSON payload',
      );
    }
    const kind = String(header.typ ?? '').toLowerCase() === 'oauth-authz-req+jwt' ? 'request object' : 'JARM response';
    const checks: Check[] = [];
    const notes: string[] = [];
    if (kind === 'request object') {
      notes.push('a request object (typ oauth-authz-req+jwt): decoded only; Signet verifies responses, not requests');
    } else {
      const issuer = (options.issuer as string | undefined) ?? (typeof claims.iss === 'string' ? claims.iss : '');
      const clientId = (options.clientId as string | undefined) ?? audienceOf(claims) ?? '';
      if (!options.issuer) notes.push('iss not compared: pass --issuer');
      if (!options.clientId) notes.push('aud not compared: pass --client-id');
      const policy = { issuer: issuer || '(none)', clientId: clientId || '(none)', algorithms: ALGORITHMS };
      checks.push(
        await attempt(
          'header and claims (core verifyJarmResponse, before any key lookup)',
          `alg ${String(header.alg)} allowed, no key references or crit, iss, aud, exp, iat/nbf and lifetime accepted`,
          () => verifyJarmResponse(token, { ...policy, getKey: () => Promise.reject(new NoKeyLookup()) }),
          // Core wraps what the key resolver throws as its cause: reaching the resolver means every earlier check passed.
          (error) => error instanceof NoKeyLookup || (error as { cause?: unknown }).cause instanceof NoKeyLookup,
        ),
      );
      const jwksUri = options.jwksUri as string | undefined;
      if (!jwksUri) {
        checks.push({ check: 'signature', status: 'skipped', detail: 'pass --jwks-uri to verify it' });
      } else if (checks[0]!.status === 'fail') {
        checks.push({
          check: 'signature',
          status: 'skipped',
          detail: 'core looks no key up for a response refused above',
        });
      } else {
        const keys = new RemoteKeySet(jwksUri, { fetch: globalThis.fetch, httpTimeout: 5000, jwksCooldown: 30 });
        try {
          await keys.keys();
        } catch (error) {
          if (isSignetError(error))
            throw new CliError(EXIT_CODES.UNAVAILABLE, error.code, error.message, { cause: error });
          throw error;
        }
        checks.push(
          await attempt(
            'signature (keys from --jwks-uri)',
            `verified with key ${String(header.kid ?? '(no kid)')}`,
            () => verifyJarmResponse(token, { ...policy, getKey: (h, t) => keys.getKey(h, t) }),
          ),
        );
      }
      if (claims.error !== undefined) notes.push(`the authorization server answered error "${String(claims.error)}"`);
      else if (claims.code !== undefined) notes.push('carries an authorization code (never printed)');
    }
    // The code is a credential: it is never echoed, in text or JSON.
    const shownClaims = { ...claims, ...(claims.code !== undefined ? { code: '(redacted)' } : {}) };
    const failed = checks.some((check) => check.status === 'fail');
    const mark = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIP' } as const;
    const text = [
      `${kind}`,
      `header: ${JSON.stringify(header)}`,
      `claims: ${JSON.stringify(shownClaims)}`,
      ...checks.map((c) => `${mark[c.status]}  ${c.check}${c.code ? `  ${c.code}` : ''}: ${c.detail}`),
      ...notes.map((note) => `note: ${note}`),
    ].join('\n');
    return {
      exitCode: failed ? EXIT_CODES.CHECK_FAILED : EXIT_CODES.OK,
      data: { kind, header, claims: shownClaims, checks, notes },
      text,
    };
  },
};
