import {
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
import type { SignetModuleOptions } from './signet-module-options.interface.js';

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
    private readonly overrides: Partial<SignetModuleOptions> = {},
  ) {
    const provenance: Record<string, string> = { ...reading.provenance };
    // An option the application set itself is no variable's doing.
    for (const option of Object.keys(overrides)) delete provenance[option];
    this.#provenance = provenance;
  }

  /** The module options: the environment's values, the overrides on top, the stores filled in where missing. */
  async options(): Promise<SignetModuleOptions> {
    const { values } = this.reading;
    const options = {
      ...clientOptionsFromEnvironment(values),
      cookieSecret: values.cookieSecret!,
      ...this.overrides,
    } as SignetModuleOptions;
    if (options.store === undefined || options.replayRegister === undefined) {
      // The secret was parsed once by the table; the cookie store receives that same value.
      this.#stores = await storesFromEnvironment(values);
      options.store ??= this.#stores.store;
      options.replayRegister ??= this.#stores.replayRegister;
    }
    // An audit log the application passed itself wins: none is opened from the environment then.
    const own = options.auditLog !== undefined;
    try {
      this.#governance = await governanceFromEnvironment(
        own ? { ...values, auditFile: undefined, auditPgUrl: undefined } : values,
      );
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

  /** The refusal renamed after the variable that set its option (`signingKeys[0]` → `SIGNET_SIGNING_KEY_FILE`). */
  attribute(err: unknown): unknown {
    return attributeToEnvironment(err, this.#provenance);
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
