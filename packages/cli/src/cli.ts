import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isSignetError } from '@signet/core';
import * as commands from './commands/index.js';
import { CliError } from './lib/cli-error.js';
import type { CliIo, CommandOutput, SignetCommand } from './lib/command.js';
import { EXIT_CODES, type ExitCode } from './lib/exit-codes.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Descriptions of the parent words that group verbs (`signet keys ...`). */
const GROUPS: Record<string, string> = {
  keys: 'Create keys for a Signet client (signing, encryption)',
  audit: 'Read and verify Signet audit logs',
  evidence: 'Open sealed evidence bundles',
};

/** The process streams. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function attach(program: Command, definition: SignetCommand, io: CliIo, done: (output: CommandOutput) => void): void {
  const words = definition.path.split(' ');
  let parent = program;
  for (const word of words.slice(0, -1)) {
    parent =
      parent.commands.find((existing) => existing.name() === word) ??
      parent.command(word).description(GROUPS[word] ?? `${word} commands`);
  }
  const command = parent.command(words.at(-1)!).description(definition.summary);
  definition.configure(command);
  command.action(async (...received: unknown[]) => {
    const self = received.at(-1) as Command;
    done(await definition.run({ args: self.processedArgs, options: self.optsWithGlobals(), io }));
  });
}

/** Builds the `signet` program: every command of src/commands/index.ts under its path. */
export function buildProgram(io: CliIo, done: (output: CommandOutput) => void): Command {
  const program = new Command('signet')
    .description('Signet tools: keys, JWKS and offline inspection of FAPI request objects and JARM responses.')
    .version(VERSION)
    .option('--json', 'print one JSON document on stdout (errors too) instead of text')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.exitOverride();
  for (const definition of Object.values(commands) satisfies SignetCommand[]) attach(program, definition, io, done);
  // exitOverride is inherited only by commands created after it: apply it to every level.
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program))
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

function report(io: CliIo, json: boolean, exitCode: ExitCode, code: string, message: string): ExitCode {
  if (json) io.stdout(`${JSON.stringify({ error: { code, message, exitCode } })}\n`);
  else io.stderr(`signet: ${message} (${code})\n`);
  return exitCode;
}

/** Runs `signet` with `argv` (without node and the script) and resolves to the exit code. Never throws. */
export async function run(argv: string[], io: CliIo = processIo): Promise<ExitCode> {
  const json = argv.includes('--json');
  let output: CommandOutput | undefined;
  const program = buildProgram(io, (result) => (output = result));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; a parse error was printed by commander already.
      if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return EXIT_CODES.OK;
      }
      if (json) report(io, true, EXIT_CODES.USAGE, 'ERR_CLI_USAGE', error.message.replace(/^error: /, ''));
      return EXIT_CODES.USAGE;
    }
    if (error instanceof CliError) return report(io, json, error.exitCode, error.code, error.message);
    if (isSignetError(error)) return report(io, json, EXIT_CODES.INPUT, error.code, error.message);
    const message = error instanceof Error ? error.message : String(error);
    return report(io, json, EXIT_CODES.INTERNAL, 'ERR_CLI_INTERNAL', message);
  }
  if (!output) return EXIT_CODES.OK;
  io.stdout(
    json ? `${JSON.stringify(output.data, null, 2)}\n` : output.text.endsWith('\n') ? output.text : `${output.text}\n`,
  );
  return output.exitCode;
}
