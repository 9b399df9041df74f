import type { SignetClient, SignetClientOptions, SignetClients } from '@signet/core';

/** Injection token of the module's clients (`SignetClientSet`); read it through `SignetClientsService`. */
export const SIGNET_CLIENT_SET = Symbol.for('SIGNET:CLIENT_SET');

/** What the module made of its options: core's registry, its unnamed client, and how a partner's options are wired. */
export interface SignetClientSet {
  /** Every client by name; the single-client form's client is `default`. */
  registry: SignetClients;
  /** The client of routes that name none: the single-client form's, or the one named `default`; else null. */
  unnamed: SignetClient | null;
  /** A partner's options with the module's shared options under them and its logger and audit stream on top. */
  wire(options: SignetClientOptions): SignetClientOptions;
}
