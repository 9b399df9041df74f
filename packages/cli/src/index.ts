// @signet/cli: the `signet` command line, also callable from code (tests, scripts). Every export is listed by name.
export { run, buildProgram, processIo } from './cli.js';
export { EXIT_CODES } from './lib/exit-codes.js';
export type { ExitCode } from './lib/exit-codes.js';
export { CliError, CLI_ERROR_CODES } from './lib/cli-error.js';
export type { CliErrorCode } from './lib/cli-error.js';
export type { SignetCommand, CommandContext, CommandOutput, CliIo } from './lib/command.js';
