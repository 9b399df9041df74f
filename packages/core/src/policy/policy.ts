/** Limits on one `authorization_details` type (RFC 9396) a client may ask for. */
export interface AuthorizationDetailsLimits {
  /**
   * Highest amount per currency (ISO 4217 code → decimal). Every object inside the detail that carries a
   * `currency` and an `amount` (RFC 9396's `instructedAmount`, for example) must stay within it; a currency
   * not listed is refused.
   */
  maxAmount?: Record<string, number | string>;
  /** The only top-level fields the detail may carry besides `type`; unset: any. */
  allowedFields?: string[];
}

/** What was reviewed for one client: who owns it, why it exists, and what it may ask for. */
export interface ClientPolicy {
  owner: { team: string; contact: string };
  purpose: string;
  /** Every scope a request may carry and a token response may grant. */
  reviewedScopes: string[];
  /** `authorization_details` types allowed, with their limits. Absent: none allowed. */
  authorizationDetails?: Record<string, AuthorizationDetailsLimits>;
  /** Longest access token lifetime (`expires_in`) a grant may have, seconds. Absent: no limit. */
  maxGrantLifetime?: number;
  /** The review expires after this day (YYYY-MM-DD): warned at boot, refused under `policyStrict`. */
  reviewBy: string;
}

/** The policy file (`SIGNET_POLICY_FILE`): one entry per client_id. */
export interface PolicyDocument {
  version: 1;
  clients: Record<string, ClientPolicy>;
}

/** The policy of the configured client, as the client enforces it. */
export interface ResolvedPolicy {
  clientId: string;
  client: ClientPolicy;
  /** Where it came from (the file path), for messages. */
  source: string;
  strict: boolean;
}

/** Client options of the reviewed-scope policy (part of `SignetClientOptions`). */
export interface PolicyOptions {
  /** The reviewed policy (`loadPolicyFile(SIGNET_POLICY_FILE)`); this client's entry is enforced. */
  policy?: PolicyDocument;
  /** Refuse to boot once the review-by date has passed (default: a warning). `SIGNET_POLICY_STRICT`. */
  policyStrict?: boolean;
}
