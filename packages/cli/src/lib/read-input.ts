import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

/** Reads a file named on the command line; `-` reads standard input. */
export async function readInput(path: string): Promise<string> {
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(path, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliError(EXIT_CODES.INPUT, 'ERR_CLI_FILE_UNREADABLE', `cannot read "${path}" (${reason})`, { cause });
  }
}
