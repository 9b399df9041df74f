import { Module, type DynamicModule } from '@nestjs/common';
import { SignetModule, type SignetModuleExtras, type SignetModuleOptions } from '@signet/nestjs';
import { registerTestClient, type RegisterTestClientOptions } from '../server/register-test-client.js';
import type { TestAuthorizationServer } from '../server/types.js';

/** Options of `SignetTestingModule.forRoot`. */
export interface SignetTestingModuleOptions extends RegisterTestClientOptions, SignetModuleExtras {
  /** The test AS the app signs in at (started by the test, which also closes it). */
  as: TestAuthorizationServer;
  /** SignetModule options over the test settings (`responseMode`, `scope`, `dpop`, `session`, `audit`, ...). */
  signet?: Partial<SignetModuleOptions>;
}

/**
 * `SignetModule` wired to a test authorization server: a fresh client key registered there with the redirect
 * URI, a fresh cookie secret, and no log lines (refusals are what tests provoke).
 * @example
 * Test.createTestingModule({ imports: [SignetTestingModule.forRoot({ as })], controllers: [AuthController] })
 */
@Module({})
export class SignetTestingModule {
  /** The module to import instead of `SignetModule.forRoot(...)` in a test. */
  static forRoot(options: SignetTestingModuleOptions): DynamicModule {
    const { as, signet, clientId, redirectUri, alg, ...extras } = options;
    return SignetModule.forRootAsync({
      ...extras,
      useFactory: async (): Promise<SignetModuleOptions> => {
        const client = await registerTestClient(as, {
          ...(clientId ? { clientId } : {}),
          ...(redirectUri ? { redirectUri } : {}),
          ...(alg ? { alg } : {}),
        });
        return {
          issuer: as.issuer,
          clientId: client.clientId,
          redirectUri: client.redirectUri,
          signingKeys: [client.signingKey],
          cookieSecret: client.cookieSecret,
          logger: false,
          ...signet,
        };
      },
    });
  }
}
