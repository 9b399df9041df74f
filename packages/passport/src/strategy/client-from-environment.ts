import {
  attributeToEnvironment,
  clientOptionsFromEnvironment,
  clientVariablePrefix,
  governanceFromEnvironment,
  readEnvironment,
  SignetClient,
  SignetError,
  storesFromEnvironment,
  type EnvironmentReading,
  type SignetClientOptions,
} from '@signet/core';

/** A client configured from the environment, and what closes the stores it opened. */
export interface EnvironmentClient {
  client: SignetClient;
  /** Closes the Redis connection `SIGNET_STORE` / `SIGNET_REDIS_URL` opened, and the client's mutual-TLS sockets. */
  close(): Promise<void>;
}

/** Which client of the environment to build. */
export interface EnvironmentClientSelection {
  /**
   * A partner named in `SIGNET_CLIENTS`: its `SIGNET_<NAME>_*` variables (the plain ones as its defaults), the
   * app's stores and audit log. Absent: the plain `SIGNET_ISSUER`... client.
   */
  client?: string;
}

function refuse(message: string): SignetError {
  return new SignetError('ERR_CONFIG_INVALID', message, { field: 'SIGNET_CLIENTS' });
}

/** The reading of the selected client; a clear refusal naming `SIGNET_CLIENTS` when there is none. */
function selected(reading: EnvironmentReading, name: string | undefined): EnvironmentReading {
  const names = Object.keys(reading.clients ?? {});
  if (name === undefined) {
    if (reading.clients && reading.values.issuer === undefined)
      throw refuse(
        `SIGNET_CLIENTS names partners (${names.join(', ')}) and SIGNET_ISSUER is not set, so no client is chosen. Fix: pass { client: '${names[0]}' } to signetClientFromEnvironment (one strategy per partner), or set SIGNET_ISSUER, SIGNET_CLIENT_ID and SIGNET_REDIRECT_URI for an unnamed client`,
      );
    return reading;
  }
  const own = reading.clients?.[name];
  if (own) return own;
  const prefix = typeof name === 'string' ? clientVariablePrefix(name) : 'SIGNET_<NAME>_';
  throw refuse(
    `${reading.clients ? `SIGNET_CLIENTS (${names.join(', ')})` : 'SIGNET_CLIENTS is not set and'} names no client "${String(name)}". Fix: add ${String(name)} to SIGNET_CLIENTS and set ${prefix}ISSUER, ${prefix}CLIENT_ID and ${prefix}REDIRECT_URI`,
  );
}

/**
 * A `SignetClient` from the same `SIGNET_*` variables as `SignetModule.forEnvironment()` (core's
 * `SIGNET_ENVIRONMENT` table), the transaction store and replay register included. Created at once, so a bad
 * value stops the boot with a message naming the variable; hand the client to the strategy. With
 * `SIGNET_CLIENTS`, `{ client: 'bankA' }` builds that partner's client (named `bankA` in its audit records).
 *
 * @example
 * const { client, close } = await signetClientFromEnvironment();
 * passport.use(new SignetStrategy({ client }, verify));
 */
export async function signetClientFromEnvironment(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<SignetClientOptions> = {},
  selection: EnvironmentClientSelection = {},
): Promise<EnvironmentClient> {
  const reading = readEnvironment(env);
  const { values, provenance } = selected(reading, selection.client);
  const name = selection.client;
  // Stores and the audit log are the app's; the policy file and the client's options its own (they inherit).
  const stores = await storesFromEnvironment(reading.values);
  let governance: Awaited<ReturnType<typeof governanceFromEnvironment>> | undefined;
  try {
    // The durable audit log and the policy file (SIGNET_AUDIT_*, SIGNET_POLICY_FILE), as the NestJS module opens them.
    governance = await governanceFromEnvironment({ ...reading.values, ...values });
    const client = await SignetClient.create({
      ...clientOptionsFromEnvironment(values),
      ...(name !== undefined ? { name } : {}),
      store: stores.store,
      replayRegister: stores.replayRegister,
      ...(governance.auditLog ? { auditLog: governance.auditLog } : {}),
      ...(governance.policy ? { policy: governance.policy } : {}),
      ...overrides,
    } as SignetClientOptions);
    return {
      client,
      close: async () => {
        await stores.close();
        await governance?.close();
        await client.close();
      },
    };
  } catch (err) {
    await stores.close();
    await governance?.close();
    const attributed = attributeToEnvironment(err, provenance);
    if (name === undefined || !(attributed instanceof SignetError)) throw attributed;
    throw new SignetError(attributed.code, `clients.${name}: ${attributed.message}`, {
      ...(attributed.field ? { field: attributed.field } : {}),
      cause: attributed,
    });
  }
}
