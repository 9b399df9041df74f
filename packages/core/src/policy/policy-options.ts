import { SignetError } from '../errors/signet-error.js';
import type { AuditTargets } from '../audit/record-event.js';
import { recordRefusal } from '../audit/record-event.js';
import { policyEvent, unreviewedScopes } from './enforce-policy.js';
import type { PolicyOptions, ResolvedPolicy } from './policy.js';
import { validatePolicy } from './validate-policy.js';

// The options type lives with the policy's other types (no imports), so client-options depends on no policy code.
export type { PolicyOptions } from './policy.js';

/**
 * Boot checks of the policy: the client has an entry, its default scope was reviewed, its review is not past
 * due (a warning, or a refusal when strict). Each decision is recorded.
 */
export async function resolvePolicyOptions(
  options: PolicyOptions & { clientId: string; issuer: string },
  scope: string,
  targets: AuditTargets,
  now = new Date(),
): Promise<{ policy?: ResolvedPolicy }> {
  if (options.policy === undefined) return {};
  const document = validatePolicy(options.policy);
  const client = document.clients[options.clientId];
  const at = { issuer: options.issuer, clientId: options.clientId };
  const stop = async (
    code: 'ERR_POLICY_CLIENT_UNKNOWN' | 'ERR_POLICY_SCOPE_NOT_REVIEWED' | 'ERR_POLICY_REVIEW_OVERDUE',
    message: string,
    field: string,
  ) => {
    await recordRefusal(targets, policyEvent(at, 'boot', 'refused', code, message, scope));
    // A boot refusal: it stops the app, so no HTTP status applies (the edge table's is for requests).
    throw new SignetError(code, message, { field });
  };
  if (!client)
    return stop(
      'ERR_POLICY_CLIENT_UNKNOWN',
      `policy: client "${options.clientId}" has no entry. Fix: add its owner, purpose and reviewed scopes to the policy file`,
      'policy',
    );
  const policy: ResolvedPolicy = {
    clientId: options.clientId,
    client,
    source: 'policy',
    strict: options.policyStrict === true,
  };
  const scopes = unreviewedScopes(policy, scope);
  if (scopes.length > 0)
    return stop(
      'ERR_POLICY_SCOPE_NOT_REVIEWED',
      `scope: "${scopes.join(' ')}" of the default scope was not reviewed for "${options.clientId}". Fix: review it (reviewedScopes) or drop it`,
      'scope',
    );
  if (Date.parse(`${client.reviewBy}T23:59:59.999Z`) < now.getTime()) {
    const message = `policy: the review of "${options.clientId}" was due by ${client.reviewBy} (owner ${client.owner.team}, ${client.owner.contact})`;
    if (policy.strict)
      return stop('ERR_POLICY_REVIEW_OVERDUE', `${message}. Fix: review it and move reviewBy`, 'policy');
    process.emitWarning(message, { code: 'SIGNET_POLICY_REVIEW_OVERDUE' });
    await recordRefusal(targets, policyEvent(at, 'boot', 'warned', 'ERR_POLICY_REVIEW_OVERDUE', message, scope));
  } else {
    await recordRefusal(
      targets,
      policyEvent(
        at,
        'boot',
        'allowed',
        undefined,
        `policy of "${options.clientId}" in force, review due by ${client.reviewBy}`,
        scope,
      ),
    );
  }
  return { policy };
}
