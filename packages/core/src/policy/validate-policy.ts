import { SignetError } from '../errors/signet-error.js';
import type { AuthorizationDetailsLimits, ClientPolicy, PolicyDocument } from './policy.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

function fail(source: string, path: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${source}: ${path} ${problem}`, { field: 'policy' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(source: string, path: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') fail(source, path, 'must be a non-empty string');
  return value;
}

function limits(source: string, path: string, value: unknown): AuthorizationDetailsLimits {
  if (!isObject(value)) fail(source, path, 'must be an object ({ maxAmount?, allowedFields? })');
  const result: AuthorizationDetailsLimits = {};
  if (value['maxAmount'] !== undefined) {
    if (!isObject(value['maxAmount'])) fail(source, `${path}.maxAmount`, 'must map currencies to amounts');
    for (const [currency, amount] of Object.entries(value['maxAmount'])) {
      if (!/^[A-Z]{3}$/.test(currency)) fail(source, `${path}.maxAmount`, `"${currency}" is not an ISO 4217 code`);
      if (!Number.isFinite(Number(amount)) || Number(amount) < 0 || amount === '')
        fail(source, `${path}.maxAmount.${currency}`, 'must be a non-negative number');
    }
    result.maxAmount = value['maxAmount'] as Record<string, number | string>;
  }
  if (value['allowedFields'] !== undefined) {
    const fields = value['allowedFields'];
    if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string'))
      fail(source, `${path}.allowedFields`, 'must be a list of field names');
    result.allowedFields = fields as string[];
  }
  return result;
}

function clientPolicy(source: string, path: string, value: unknown): ClientPolicy {
  if (!isObject(value)) fail(source, path, 'must be an object');
  const owner = value['owner'];
  if (!isObject(owner)) fail(source, `${path}.owner`, 'must be { team, contact }');
  const scopes = value['reviewedScopes'];
  if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || !SCOPE_TOKEN.test(s)))
    fail(source, `${path}.reviewedScopes`, 'must be a list of scope tokens');
  const reviewBy = value['reviewBy'] instanceof Date ? value['reviewBy'].toISOString().slice(0, 10) : value['reviewBy'];
  if (typeof reviewBy !== 'string' || !DAY.test(reviewBy) || Number.isNaN(Date.parse(reviewBy)))
    fail(source, `${path}.reviewBy`, 'must be a date, YYYY-MM-DD');
  const policy: ClientPolicy = {
    owner: {
      team: text(source, `${path}.owner.team`, owner['team']),
      contact: text(source, `${path}.owner.contact`, owner['contact']),
    },
    purpose: text(source, `${path}.purpose`, value['purpose']),
    reviewedScopes: scopes as string[],
    reviewBy,
  };
  const details = value['authorizationDetails'];
  if (details !== undefined) {
    if (!isObject(details)) fail(source, `${path}.authorizationDetails`, 'must map types to limits');
    policy.authorizationDetails = Object.fromEntries(
      Object.entries(details).map(([type, l]) => [type, limits(source, `${path}.authorizationDetails.${type}`, l)]),
    );
  }
  const lifetime = value['maxGrantLifetime'];
  if (lifetime !== undefined) {
    if (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime < 1)
      fail(source, `${path}.maxGrantLifetime`, 'must be a whole number of seconds');
    policy.maxGrantLifetime = lifetime;
  }
  const known = ['owner', 'purpose', 'reviewedScopes', 'authorizationDetails', 'maxGrantLifetime', 'reviewBy'];
  for (const key of Object.keys(value))
    if (!known.includes(key)) fail(source, `${path}.${key}`, `is not a policy field (known: ${known.join(', ')})`);
  return policy;
}

/** Validates a parsed policy document; every refusal names the file and the path inside it. */
export function validatePolicy(value: unknown, source = 'policy'): PolicyDocument {
  if (!isObject(value)) fail(source, 'the document', 'must be an object { version: 1, clients: { ... } }');
  if (value['version'] !== 1) fail(source, 'version', 'must be 1');
  const clients = value['clients'];
  if (!isObject(clients)) fail(source, 'clients', 'must map client_ids to their policy');
  return {
    version: 1,
    clients: Object.fromEntries(
      Object.entries(clients).map(([id, policy]) => [id, clientPolicy(source, `clients.${id}`, policy)]),
    ),
  };
}
