import type { AuditSink } from '../audit/audit-event.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ClientAuthMethod, SecurityProfile } from '../config/client-options.js';
import type { ClientConfig } from '../config/resolve-options.js';
import type { ResponseMode } from '../jarm/response-mode.js';
import type { ReplayRegister } from '../transaction/replay-register.js';
import type { TransactionStore } from '../transaction/transaction-store.js';

/** A client's settings as resolved at boot, without keys, secrets or hooks (safe to show on a page). */
export interface SignetClientSettings {
  readonly issuer: string;
  readonly clientId: string;
  /** The partner name (`SignetClientOptions.name`), when the client has one. */
  readonly name?: string;
  readonly redirectUri: string;
  readonly profile: SecurityProfile;
  readonly responseMode: ResponseMode;
  readonly usePar: 'auto' | boolean;
  /** The default scope of `authorize()`. */
  readonly scope: string;
  /** True when `decryptionKeys` are set and unencrypted responses are refused. */
  readonly requireEncryptedResponses: boolean;
  readonly clientAuth: ClientAuthMethod;
  /** Seconds of clock skew accepted on `exp`, `iat`, `nbf`. */
  readonly clockTolerance: number;
  /** DPoP-bound tokens: off, one key for the client, or one key per login. */
  readonly dpop: false | 'client' | 'per-login';
  /** Mutual TLS: the client certificate presented (public: it names the client) and whether a CA list is configured. */
  readonly tls?: {
    readonly certificate?: { readonly subject: string; readonly thumbprint: string };
    readonly ca: boolean;
  };
  /** The certificate is this client's sender constraint: JWT access tokens must be bound to it (RFC 8705 §3). */
  readonly requireCertificateBinding: boolean;
}

/** The stateful parts of a client that another client of the same app may share (see `SignetClient.shared`). */
export interface SharedClientState {
  readonly store: TransactionStore;
  readonly replayRegister: ReplayRegister;
  readonly audit?: AuditSink;
  readonly auditLog?: AuditLog;
}

/** The settings view of a resolved configuration: a fresh frozen copy, so no caller can change the client. */
export function settingsOf(config: ClientConfig): SignetClientSettings {
  return Object.freeze({
    issuer: config.issuer,
    clientId: config.clientId,
    ...(config.name !== undefined ? { name: config.name } : {}),
    redirectUri: config.redirectUri,
    profile: config.profile,
    responseMode: config.responseMode,
    usePar: config.usePar,
    scope: config.scope,
    requireEncryptedResponses: config.requireEncryptedResponses,
    clientAuth: config.clientAuth,
    clockTolerance: config.clockTolerance,
    dpop: config.dpop ? (config.dpop.perSession ? 'per-login' : 'client') : false,
    ...(config.tls
      ? {
          tls: Object.freeze({
            ...(config.tls.certificate
              ? {
                  certificate: Object.freeze({
                    subject: config.tls.certificate.subject,
                    thumbprint: config.tls.certificate.thumbprint,
                  }),
                }
              : {}),
            ca: (config.tls.ca?.length ?? 0) > 0,
          }),
        }
      : {}),
    requireCertificateBinding: config.requireCertificateBinding,
  });
}
