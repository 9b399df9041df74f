import { SignetError } from '../errors/signet-error.js';
import type { AuthorizationParameters } from './authorization-parameters.js';
import { RESERVED_PARAMETERS } from './authorization-parameters.js';

const MAX_PARAMETER_BYTES = 8192;

function refuse(field: string, problem: string): never {
  throw new SignetError('ERR_PARAMETER_INVALID', `${field}: ${problem}`, { field });
}

/** Checks the application's parameters before anything is signed. */
export function validateParameters(params: AuthorizationParameters): void {
  if (
    params.scope !== undefined &&
    (typeof params.scope !== 'string' || !/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/.test(params.scope))
  ) {
    refuse('scope', 'must be space-separated scope tokens (RFC 6749 §3.3)');
  }
  if (params.authorizationDetails !== undefined) {
    if (!Array.isArray(params.authorizationDetails) || params.authorizationDetails.length === 0) {
      refuse('authorizationDetails', 'must be a non-empty array of objects (RFC 9396)');
    }
    for (const [i, detail] of params.authorizationDetails.entries()) {
      if (typeof detail !== 'object' || detail === null || typeof detail.type !== 'string' || detail.type === '') {
        refuse(`authorizationDetails[${i}]`, 'each entry must be an object with a string "type" (RFC 9396 §2)');
      }
    }
  }
  if (
    params.responseMode !== undefined &&
    !['jwt', 'query.jwt', 'form_post.jwt', 'fragment.jwt'].includes(params.responseMode)
  ) {
    refuse('responseMode', 'must be one of jwt, query.jwt, form_post.jwt, fragment.jwt');
  }
  if (params.maxAge !== undefined && (!Number.isInteger(params.maxAge) || params.maxAge < 0)) {
    refuse('maxAge', 'must be a non-negative integer number of seconds');
  }
  for (const name of ['acrValues', 'prompt', 'loginHint'] as const) {
    if (params[name] !== undefined && (typeof params[name] !== 'string' || params[name] === ''))
      refuse(name, 'must be a non-empty string');
  }
  if (
    params.claims !== undefined &&
    (typeof params.claims !== 'object' || params.claims === null || Array.isArray(params.claims))
  ) {
    refuse('claims', 'must be an object (OpenID Connect Core §5.5)');
  }
  const resources =
    params.resource === undefined ? [] : Array.isArray(params.resource) ? params.resource : [params.resource];
  for (const resource of resources) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(resource);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.hash)
      refuse('resource', `"${resource}" must be an absolute URI without a fragment (RFC 8707 §2)`);
  }
  for (const name of Object.keys(params.extra ?? {})) {
    if (RESERVED_PARAMETERS.has(name))
      refuse(`extra.${name}`, 'is set by Signet (or has its own option) and cannot be overridden');
  }
  if (JSON.stringify(params).length > MAX_PARAMETER_BYTES) refuse('parameters', `exceed ${MAX_PARAMETER_BYTES} bytes`);
}
