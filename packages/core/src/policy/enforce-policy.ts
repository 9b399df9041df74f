import { SignetError } from '../errors/signet-error.js';
import type { SignetErrorCode } from '../errors/codes.js';
import type { PolicyDecisionEvent } from '../audit/audit-event.js';
import { recordRefusal, type AuditTargets } from '../audit/record-event.js';
import type { LoginResult } from '../token/token-result.js';
import { detailOutsideLimits } from './check-details.js';
import type { ResolvedPolicy } from './policy.js';

/** What enforcement needs of the client's configuration: narrow, so policy/ depends on no config type. */
type Config = AuditTargets & { issuer: string; clientId: string; policy?: ResolvedPolicy };

/** Scopes of a space-separated list that the policy did not review. */
export function unreviewedScopes(policy: ResolvedPolicy, scope: string): string[] {
  return scope.split(' ').filter((token) => token !== '' && !policy.client.reviewedScopes.includes(token));
}

/** Why a list of authorization_details is outside the policy, or undefined. */
export function detailsOutsidePolicy(policy: ResolvedPolicy, details: unknown[] | undefined): string | undefined {
  for (const [i, raw] of (details ?? []).entries()) {
    const detail = raw as Record<string, unknown>;
    const type = String(detail['type']);
    const limits = policy.client.authorizationDetails?.[type];
    if (!limits) return `authorization_details[${i}] type "${type}" was not reviewed`;
    const problem = detailOutsideLimits(detail, limits);
    if (problem) return `authorization_details[${i}] (${type}): ${problem}`;
  }
  return undefined;
}

/** A policy decision as an audit record (the decision's code, never a token). */
export function policyEvent(
  config: Pick<Config, 'issuer' | 'clientId'>,
  stage: PolicyDecisionEvent['stage'],
  outcome: PolicyDecisionEvent['outcome'],
  code: SignetErrorCode | undefined,
  detail: string,
  scope?: string,
): PolicyDecisionEvent {
  return {
    type: 'policy.decision',
    time: new Date().toISOString(),
    issuer: config.issuer,
    clientId: config.clientId,
    stage,
    outcome,
    ...(code ? { code } : {}),
    ...(scope !== undefined ? { scope } : {}),
    detail,
  };
}

async function refuse(
  config: Config,
  stage: 'authorize' | 'callback',
  code: SignetErrorCode,
  detail: string,
  scope?: string,
): Promise<never> {
  await recordRefusal(config, policyEvent(config, stage, 'refused', code, detail, scope));
  throw new SignetError(code, detail);
}

/**
 * Before a request object is signed: every scope reviewed, every authorization_details entry of a reviewed
 * type and within its limits. A refusal is an audit record with its code and answers 403.
 */
export async function enforceRequestPolicy(
  config: Config,
  scope: string,
  authorizationDetails: unknown[] | undefined,
): Promise<void> {
  const policy = config.policy;
  if (!policy) return;
  const scopes = unreviewedScopes(policy, scope);
  if (scopes.length > 0)
    await refuse(
      config,
      'authorize',
      'ERR_POLICY_SCOPE_NOT_REVIEWED',
      `scope not reviewed for ${policy.clientId}: ${scopes.join(' ')}`,
      scope,
    );
  const details = detailsOutsidePolicy(policy, authorizationDetails);
  if (details) await refuse(config, 'authorize', 'ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED', details, scope);
}

/**
 * After the token response, before the login succeeds: the grant holds no scope, no authorization_details and
 * no lifetime beyond what was reviewed. A refusal leaves no session (the tokens are dropped) and answers 403.
 */
export async function enforceGrantPolicy(config: Config, result: LoginResult): Promise<void> {
  const policy = config.policy;
  if (!policy) return;
  const { scope, authorizationDetails, expiresAt } = result.tokens;
  const scopes = scope ? unreviewedScopes(policy, scope) : [];
  if (scopes.length > 0)
    await refuse(
      config,
      'callback',
      'ERR_POLICY_GRANT_EXCEEDS_REVIEW',
      `granted scope not reviewed: ${scopes.join(' ')}`,
      scope,
    );
  const details = detailsOutsidePolicy(policy, authorizationDetails);
  if (details) await refuse(config, 'callback', 'ERR_POLICY_GRANT_EXCEEDS_REVIEW', `granted ${details}`, scope);
  const max = policy.client.maxGrantLifetime;
  if (max !== undefined && expiresAt !== undefined && expiresAt - Math.floor(Date.now() / 1000) > max)
    await refuse(
      config,
      'callback',
      'ERR_POLICY_GRANT_EXCEEDS_REVIEW',
      `the access token lives longer than the reviewed ${max} s`,
      scope,
    );
}
