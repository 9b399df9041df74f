import {
  SIGNET_ENVIRONMENT as ENVIRONMENT_TABLE,
  SignetError,
  loadPolicyFile,
  attributeToEnvironment,
  governanceFromEnvironment,
  type EnvironmentGovernance,
  clientOptionsFromEnvironment,
  readEnvironment,
  selectSessionStore,
  storesFromEnvironment,
  type SelectedSessionStore,
  type EnvironmentReading,
  type SignetStores,
} from '@signet/core';
import type {
  SignetClientsModuleOptions,
  SignetModuleConfiguration,
  SignetModuleOptions,
} from './signet-module-options.interface.js';

/** The client options each named client reads from its own variables (the table's per-client rows). */
const PER_CLIENT_OPTIONS = new Set<string>(
  ENVIRONMENT_TABLE.filter((row) => row.perClient).map((row) => (row.option.startsWith('tls') ? 'tls' : row.option)),
);

/** `clients.bankA: rest` → the name and the rest; undefined for another message. */
function clientOfMessage(message: string): { name: string; rest: string } | undefined {
  const match = /^clients\.([A-Za-z][A-Za-z0-9_-]*): ([\s\S]*)$/.exec(message);
  return match ? { name: match[1]!, rest: match[2]! } : undefined;
}

/** Injection token of the `SignetEnvironment` that `forEnvironment()` reads; absent under `forRoot`. */
export const SIGNET_ENVIRONMENT_STATE = Symbol.for('SIGNET:ENVIRONMENT');

/**
 * What `SignetModule.forEnvironment()` read, once, through core's configuration table: the values, which
 * variable set each option (so a later refusal names the variable), and the stores it opened (closed on
 * shutdown). Held by a provider, not hidden on the options object.
 */
export class SignetEnvironment {
  #stores: SignetStores | undefined;
  #governance: EnvironmentGovernance | undefined;
  #sessionStore: SelectedSessionStore | undefined;
  readonly #provenance: EnvironmentReading['provenance'];

  constructor(
    readonly reading: EnvironmentReading,
    private readonly overrides: Partial<SignetModuleConfiguration> = {},
  ) {
    const provenance: Record<string, string> = { ...reading.provenance };
    // An option the application set itself is no variable's doing.
    for (const option of Object.keys(overrides)) delete provenance[option];
    this.#provenance = provenance;
  }

  /**
   * The module options: the environment's values, the overrides on top, the stores filled in where missing. With
   * `SIGNET_CLIENTS`, the named form: one client per name from its own variables, each with its own policy file.
   */
  async options(): Promise<SignetModuleConfiguration> {
    const { values } = this.reading;
    const options = (
      this.reading.clients
        ? { ...(await this.#namedOptions(this.reading.clients)), ...this.overrides }
        : { ...clientOptionsFromEnvironment(values), cookieSecret: values.cookieSecret!, ...this.overrides }
    ) as SignetModuleOptions;
    if (options.store === undefined || options.replayRegister === undefined) {
      // The secret was parsed once by the table; the cookie store receives that same value.
      this.#stores = await storesFromEnvironment(values);
      options.store ??= this.#stores.store;
      options.replayRegister ??= this.#stores.replayRegister;
    }
    // An audit log the application passed itself wins: none is opened from the environment then.
    const own = options.auditLog !== undefined;
    try {
      this.#governance = await governanceFromEnvironment({
        ...values,
        ...(own ? { auditFile: undefined, auditPgUrl: undefined } : {}),
        // Named clients read their policy files themselves, one each.
        ...(this.reading.clients ? { policyFile: undefined } : {}),
      });
    } catch (err) {
      await this.close();
      throw err;
    }
    if (!own && this.#governance.auditLog) options.auditLog = this.#governance.auditLog;
    if (options.policy === undefined && this.#governance.policy) options.policy = this.#governance.policy;
    const kind = values.sessionStoreKind ?? 'cookie';
    if (kind !== 'cookie' && options.session?.store === undefined) {
      this.#sessionStore = await selectSessionStore(kind, this.#stores, values.redisUrl);
      options.session = {
        ...options.session,
        ...(this.#sessionStore.store ? { store: this.#sessionStore.store } : {}),
        ...(values.userinfo !== undefined ? { userinfo: values.userinfo } : {}),
        ...(values.sessionIdleTimeout !== undefined ? { idleTimeout: values.sessionIdleTimeout } : {}),
        ...(values.sessionAbsoluteTimeout !== undefined ? { absoluteTimeout: values.sessionAbsoluteTimeout } : {}),
      };
    }
    return options;
  }

  /**
   * The refusal renamed after the variable that set its option (`signingKeys[0]` → `SIGNET_SIGNING_KEY_FILE`); a
   * named client's after its own (`clients.bankA: signingKeys[0]` → `clients.bankA: SIGNET_BANKA_SIGNING_KEY_FILE`).
   */
  attribute(err: unknown): unknown {
    const about = err instanceof SignetError ? clientOfMessage(err.message) : undefined;
    const client = about ? this.#namedReadings()[about.name] : undefined;
    if (!(err instanceof SignetError) || !about || !client) return attributeToEnvironment(err, this.#provenance);
    const inner = new SignetError(err.code, about.rest, { ...(err.field ? { field: err.field } : {}) });
    const renamed = attributeToEnvironment(inner, client.provenance);
    if (renamed === inner) return err;
    const named = renamed as SignetError;
    return new SignetError(err.code, `clients.${about.name}: ${named.message}`, {
      ...(named.field ? { field: named.field } : {}),
      cause: err,
    });
  }

  /** Each named client's reading by name (`SIGNET_CLIENTS`). */
  #namedReadings(): Record<string, EnvironmentReading> {
    return this.reading.clients ?? {};
  }

  /**
   * The named form from `SIGNET_CLIENTS`: each client's own options and policy, the app's shared ones beside; with
   * the plain client variables set, their client stays the unnamed one, the partners beside it.
   */
  async #namedOptions(clients: NonNullable<EnvironmentReading['clients']>): Promise<SignetModuleConfiguration> {
    const { values } = this.reading;
    const named: SignetClientsModuleOptions['clients'] = {};
    for (const [name, reading] of Object.entries(clients))
      named[name] = {
        ...(clientOptionsFromEnvironment(reading.values) as SignetClientsModuleOptions['clients'][string]),
        ...(await this.#policyOf(name, reading)),
      };
    if (values.issuer !== undefined)
      return {
        ...clientOptionsFromEnvironment(values),
        ...(await this.#policyOf(undefined, this.reading)),
        clients: named,
        cookieSecret: values.cookieSecret!,
      } as SignetModuleOptions;
    const shared: Record<string, unknown> = { ...clientOptionsFromEnvironment(values) };
    for (const option of PER_CLIENT_OPTIONS) delete shared[option];
    return { ...shared, clients: named, cookieSecret: values.cookieSecret! };
  }

  /** Closes what `options()` opened (the Redis connection, the audit log); idempotent. */
  async close(): Promise<void> {
    const stores = this.#stores;
    const governance = this.#governance;
    const sessionStore = this.#sessionStore;
    this.#stores = undefined;
    this.#governance = undefined;
    this.#sessionStore = undefined;
    await stores?.close();
    await governance?.close();
    await sessionStore?.close();
  }

  /** A client's own policy file (`SIGNET_BANKA_POLICY_FILE`, or the plain one it inherits), read at boot. */
  async #policyOf(name: string | undefined, reading: EnvironmentReading) {
    const { policyFile } = reading.values;
    if (!policyFile) return {};
    try {
      return { policy: await loadPolicyFile(policyFile) };
    } catch (err) {
      if (!(err instanceof SignetError) || name === undefined) throw err;
      // Core's policy reader names the plain variable; this client's file may have come from its own.
      const variable = reading.provenance.policyFile ?? 'SIGNET_POLICY_FILE';
      const message = err.message.replace(/^SIGNET_POLICY_FILE\b/, variable);
      throw new SignetError(err.code, `clients.${name}: ${message}`, { field: variable, cause: err });
    }
  }
}

/**
 * Builds module options from environment variables (core's `SIGNET_ENVIRONMENT` table), without the stores.
 * Refusals name the variable and the fix.
 */
export function signetOptionsFromEnvironment(
  env: Record<string, string | undefined> = process.env,
): SignetModuleOptions {
  const { values } = readEnvironment(env);
  return { ...clientOptionsFromEnvironment(values), cookieSecret: values.cookieSecret! } as SignetModuleOptions;
}
