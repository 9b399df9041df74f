import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { CLI_ERROR_CODES } from '../src/lib/cli-error.js';
import { EXIT_CODES } from '../src/lib/exit-codes.js';

describe('the cli README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it.each(Object.entries(EXIT_CODES))('documents the exit code %s (%i)', (name, code) => {
    expect(readme).toMatch(new RegExp(`\\| ${code} +\\| \`${name}\` +\\|`));
  });

  it.each(Object.keys(CLI_ERROR_CODES))('documents the error code %s', (code) => {
    expect(readme).toMatch(new RegExp(`\\| \`${code}\` +\\|`));
  });
});
