import type { Command } from 'commander';
import type { ExitCode } from './exit-codes.js';

/** Where a command writes; the runner passes the process streams, tests may pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What a command receives: positional arguments, options (with the global `--json`) and the streams. */
export interface CommandContext {
  args: unknown[];
  options: Record<string, unknown>;
  io: CliIo;
}

/** What a command returns: `data` is printed as JSON under `--json`, `text` otherwise. */
export interface CommandOutput {
  exitCode: ExitCode;
  data: unknown;
  text: string;
}

/**
 * One verb of `signet`, defined in its own file under src/commands/ and registered with one line in
 * src/commands/index.ts.
 * @example
 * export const hello: SignetCommand = {
 *   path: 'hello',
 *   summary: 'Say hello',
 *   configure: (command) => command.argument('<name>'),
 *   run: async ({ args }) => ({ exitCode: EXIT_CODES.OK, data: { hello: args[0] }, text: `hello ${args[0]}` }),
 * };
 */
export interface SignetCommand {
  /** The words after `signet`: `jwks`, `keys generate`, `audit verify`. Parents (`keys`) are created as needed. */
  path: string;
  /** One line for `--help`. */
  summary: string;
  /** Declares arguments and options on the commander `Command` created for `path`. */
  configure(command: Command): unknown;
  /** Does the work. Throws `CliError` (or core's `SignetError`) to refuse. */
  run(context: CommandContext): Promise<CommandOutput>;
}
