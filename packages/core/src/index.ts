// @signet/core: the FAPI client protocol, framework-free. Every export is listed by name.
export { SignetClient } from './client/signet-client.js';
export type { AuthorizationRequest } from './client/signet-client.js';
export type { SignetClientSettings, SharedClientState } from './client/client-settings.js';
export { SignetClients } from './client/signet-clients.js';

export type {
  SignetClientOptions,
  SecurityProfile,
  ResponseMode,
  SigningAlgorithm,
  KeyMaterial,
  KeyOptions,
  ClientAuthMethod,
  TlsOptions,
} from './config/client-options.js';
export { resolveOptions, DEFAULTS } from './config/resolve-options.js';
export {
  FAPI_SIGNING_ALGORITHMS,
  KEY_MANAGEMENT_ALGORITHMS,
  CONTENT_ENCRYPTION_ALGORITHMS,
} from './algorithms/algorithms.js';
export type { FapiSigningAlgorithm } from './algorithms/algorithms.js';
export type { ClientConfig } from './config/resolve-options.js';
export { CookieSecrets } from './config/cookie-secrets.js';
export { SIGNET_ENVIRONMENT } from './config/environment/environment-table.js';
export type {
  EnvironmentOption,
  EnvironmentType,
  EnvironmentValues,
  EnvironmentVariable,
} from './config/environment/environment-variable.js';
export { readEnvironment } from './config/environment/read-environment.js';
export { clientVariablePrefix } from './config/environment/parse-variable.js';
export type { EnvironmentReading, ReadEnvironmentOptions } from './config/environment/read-environment.js';
export { attributeToEnvironment } from './config/environment/attribute-to-environment.js';
export { clientOptionsFromEnvironment } from './config/environment/client-options-from-environment.js';
export { storesFromEnvironment, storesFromEnv } from './config/environment/stores-from-environment.js';
export { renderEnvironmentTable, documentedDefault } from './config/environment/render-environment-table.js';

export { SignetError, AuthorizationServerError, isSignetError } from './errors/signet-error.js';
export { failureSummary, sanitizeServerText } from './errors/endpoint-failure.js';
export type { EndpointFailure, EndpointName } from './errors/endpoint-failure.js';

export {
  CLIENT_ASSERTION_AUDIENCES,
  MAX_RESPONSE_MAX_LIFETIME,
  STRICT_RESPONSE_MAX_LIFETIME,
  relaxationsOf,
  relaxationWarning,
} from './config/compatibility.js';
export type { ClientAssertionAudience, Relaxation, RelaxedFlow } from './config/compatibility.js';
export { stderrLogger, refusalRecord, relaxationRecord } from './log/signet-logger.js';
export type { SignetLogger, SignetLogRecord } from './log/signet-logger.js';
export type { AuthenticatedEndpoint } from './client-auth/assertion-audience.js';
export type { SignetErrorOptions } from './errors/signet-error.js';
export { ERROR_CODES } from './errors/codes.js';
export type { SignetErrorCode } from './errors/codes.js';

export type { AuthorizationParameters } from './jar/authorization-parameters.js';
export type { CallbackInput } from './jarm/callback-input.js';
export { DELIVERY_FOR_MODE } from './jarm/callback-input.js';
export { verifyAuthorizationResponse } from './jarm/verify-authorization-response.js';
export type { VerifiedResponse, VerificationTrace, VerificationSources } from './jarm/verify-authorization-response.js';
export type { JarmClaims } from './jarm/check-claims.js';
export { verifyJarmResponse } from './jarm/verify-jarm-response.js';
export type { VerifyJarmResponseOptions, VerifiedJarmResponse } from './jarm/verify-jarm-response.js';
export { responseReplayId } from './jarm/replay-id.js';

export { discover } from './discovery/discover.js';
export { RemoteKeySet } from './jwks/remote-key-set.js';
export { importSigningKey, importDecryptionKey } from './keys/import-key.js';
export type { SigningKey, DecryptionKey } from './keys/import-key.js';

export type { Transaction, StoreContext } from './transaction/transaction.js';
export type { CookieJar, CookieOptions } from './http/cookie-jar.js';
export type { BoundTake, TransactionStore } from './transaction/transaction-store.js';
export { MemoryTransactionStore } from './transaction/memory-transaction-store.js';
export { MemoryReplayRegister } from './transaction/replay-register.js';
export type { ReplayRegister } from './transaction/replay-register.js';
export { UndoableCookieJar } from './transaction/undoable-cookie-jar.js';
export { OutageMonitor, formatOutage, outageRecord, outageSourceOf } from './outage/outage-monitor.js';
export type { OutageEvent, OutageSink, OutageSource } from './outage/outage-monitor.js';
export type { SignetHealth, HealthCheck } from './outage/health.js';
export { CookieTransactionStore } from './transaction/cookie-transaction-store.js';
export type { CookieTransactionStoreOptions } from './transaction/cookie-transaction-store.js';
export { selectStores, STORE_KINDS, DEFAULT_STORE_KIND } from './transaction/select-stores.js';
export type { StoreKind, StoreChoice, SignetStores, SelectStoresOptions } from './transaction/select-stores.js';

export type { LoginResult } from './token/token-result.js';
export type {
  AuditEvent,
  AuditSink,
  AuthorizationRequestEvent,
  AuthorizationRequestRefusedEvent,
  AuthorizationResponseEvent,
  AuditedEndpointFailure,
} from './audit/audit-event.js';
export { shortHash } from './audit/emit.js';
export { canonicalJson } from './audit/canonical-json.js';
export { GENESIS_HASH, EMPTY_HEAD, AUDIT_RECORD_VERSION, recordHash, chainRecord } from './audit/audit-record.js';
export type { AuditRecord, ChainHead } from './audit/audit-record.js';
export type { AuditLog } from './audit/audit-log.js';
export { isAuditLog } from './audit/audit-log.js';
export { verifyChain } from './audit/verify-chain.js';
export type { ChainVerification, ChainProblem, ChainProblemKind, VerifyChainOptions } from './audit/verify-chain.js';
export { FileAuditLog, defaultInstanceId } from './audit/file-audit-log.js';
export type { FileAuditLogOptions } from './audit/file-audit-log.js';
export { chainFiles, readChainLines, rotatedName } from './audit/chain-files.js';
export { importEvidenceKey, sealEvidence, openEvidence } from './audit/evidence.js';
export type { Evidence, EvidenceKey } from './audit/evidence.js';
export type { AuditLogOptions } from './audit/audit-options.js';
export { ALLOW_UNRECORDED_LOGINS } from './audit/record-event.js';
export { auditFromEnv, auditLogFromEnvironment } from './audit/audit-from-env.js';
export { governanceFromEnvironment } from './audit/governance-from-environment.js';
export type { EnvironmentGovernance } from './audit/governance-from-environment.js';
export { matchesFilter, recordsToCsv, recordsToJsonLines, CSV_COLUMNS } from './audit/export-records.js';
export type { AuditFilter } from './audit/export-records.js';
export type { PolicyDecisionEvent } from './audit/audit-event.js';
export { loadPolicyFile } from './policy/load-policy.js';
export { validatePolicy } from './policy/validate-policy.js';
export type { PolicyDocument, ClientPolicy, AuthorizationDetailsLimits, ResolvedPolicy } from './policy/policy.js';
export type { PolicyOptions } from './policy/policy-options.js';
export type { AuditFromEnvOptions } from './audit/audit-from-env.js';

export { oauthClient } from './client-auth/oauth-client.js';
export {
  loadClientCertificate,
  loadCertificateAuthorities,
  checkCertificateCurrent,
  certificateThumbprint,
} from './mtls/client-certificate.js';
export type { ClientCertificate } from './mtls/client-certificate.js';
export { leanFetch } from './http/lean-fetch.js';
export { tlsFetch } from './mtls/tls-fetch.js';
export type { TlsFetch } from './mtls/tls-fetch.js';
export { checkCertificateBinding } from './mtls/check-certificate-binding.js';
export type { CertificateBinding } from './mtls/check-certificate-binding.js';

export { diagnoseIssuer } from './doctor/diagnose-issuer.js';
export type { DiagnoseOptions } from './doctor/diagnose-issuer.js';
export { gradeMetadata } from './doctor/grade-metadata.js';
export { pushTestRequest } from './doctor/push-test-request.js';
export type { PushOptions, PushOutcome } from './doctor/push-test-request.js';
export { verdictOf } from './doctor/doctor-report.js';
export type { CheckStatus, DoctorReport, MetadataCheck } from './doctor/doctor-report.js';
export { SignetSessions } from './session/signet-sessions.js';
export type { SignetSessionsOptions, SessionSettings as GrantSessionSettings } from './session/session-options.js';
export { SESSION_DEFAULTS as GRANT_SESSION_DEFAULTS, resolveSessionOptions } from './session/session-options.js';
export type { SessionRecord, SessionView, GrantSummary, SealedGrant } from './session/session-record.js';
export type { SessionStore, ReplaceCondition, SessionMatch } from './session/session-store.js';
export { sessionMatches } from './session/session-match.js';
export { MemorySessionStore } from './session/memory-session-store.js';
export type { MemorySessionStoreOptions } from './session/memory-session-store.js';
export { isSessionId, sessionKey } from './session/session-id.js';
export type { SessionRef } from './grant/current-grant.js';
export type { GrantFetchInit } from './grant/grant-fetch.js';
export type { LogoutOutcome, LogoutOptions } from './logout/end-session.js';
export { verifyLogoutToken, BACKCHANNEL_LOGOUT_EVENT } from './logout/verify-logout-token.js';
export type { VerifiedLogoutToken } from './logout/verify-logout-token.js';
export { endSessionUrl } from './logout/end-session-url.js';
export type { EndSessionParameters } from './logout/end-session-url.js';
export { revokeToken } from './revocation/revoke-token.js';
export type {
  SessionStartedEvent,
  SessionEndedEvent,
  GrantRefreshEvent,
  BackchannelLogoutEvent,
} from './audit/audit-event.js';
export { selectSessionStore, SESSION_STORE_KINDS, DEFAULT_SESSION_STORE_KIND } from './session/select-session-store.js';
export type { SessionStoreKind, SelectedSessionStore } from './session/select-session-store.js';
export { TELEMETRY_SCOPE } from './telemetry/telemetry.js';
export type { TracedOperation, TelemetryOutcome } from './telemetry/telemetry.js';
// The HTTP edge (callback classification, relay pages, cookie jar, statuses) is `@signet/core/http`.
