import type { AuthorizationDetailsLimits } from './policy.js';

/** Why a detail is outside its limits, or undefined when it is within them. */
export function detailOutsideLimits(
  detail: Record<string, unknown>,
  limits: AuthorizationDetailsLimits,
): string | undefined {
  if (limits.allowedFields) {
    const extra = Object.keys(detail).filter((field) => field !== 'type' && !limits.allowedFields!.includes(field));
    if (extra.length > 0) return `fields not reviewed: ${extra.join(', ')}`;
  }
  if (limits.maxAmount) {
    for (const { currency, amount } of amounts(detail)) {
      const max = limits.maxAmount[currency];
      if (max === undefined) return `currency ${currency} was not reviewed`;
      // Decimal strings compared as numbers: limits are business amounts, far inside double precision.
      if (!(Number(amount) <= Number(max))) return `amount ${amount} ${currency} is over the reviewed ${max}`;
    }
  }
  return undefined;
}

/** Every `{ currency, amount }` object inside a detail, at any depth (RFC 9396 leaves the shape to the type). */
function amounts(value: unknown, found: Array<{ currency: string; amount: string }> = []) {
  if (typeof value !== 'object' || value === null) return found;
  const object = value as Record<string, unknown>;
  if (typeof object['currency'] === 'string' && object['amount'] !== undefined)
    found.push({ currency: object['currency'], amount: String(object['amount']) });
  for (const member of Object.values(object)) amounts(member, found);
  return found;
}
