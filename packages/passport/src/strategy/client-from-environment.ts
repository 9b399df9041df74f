import {
  attributeToEnvironment,
  clientOptionsFromEnvironment,
  governanceFromEnvironment,
  readEnvironment,
  SignetClient,
  storesFromEnvironment,
  type SignetClientOptions,
} from '@signet/core';

/** A client configured from the environment, and what closes the stores it opened. */
export interface EnvironmentClient {
  client: SignetClient;
  /** Closes the Redis connection `SIGNET_STORE` / `SIGNET_REDIS_URL` opened, and the client's mutual-TLS sockets. */
  close(): Promise<void>;
}

/**
 * A `SignetClient` from the same `SIGNET_*` variables as `SignetModule.forEnvironment()` (core's
 * `SIGNET_ENVIRONMENT` table), the transaction store and replay register included. Created at once, so a bad
 * value stops the boot with a message naming the variable; hand the client to the strategy.
 *
 * @example
 * const { client, close } = await signetClientFromEnvironment();
 * passport.use(new SignetStrategy({ client }, verify));
 */
export async function signetClientFromEnvironment(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<SignetClientOptions> = {},
): Promise<EnvironmentClient> {
  const { values, provenance } = readEnvironment(env);
  const stores = await storesFromEnvironment(values);
  let governance: Awaited<ReturnType<typeof governanceFromEnvironment>> | undefined;
  try {
    // The durable audit log and the policy file (SIGNET_AUDIT_*, SIGNET_POLICY_FILE), as the NestJS module opens them.
    governance = await governanceFromEnvironment(values);
    const client = await SignetClient.create({
      ...clientOptionsFromEnvironment(values),
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
    throw attributeToEnvironment(err, provenance);
  }
}
