import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { SESSION_ERROR_CODES, SIGNET_ENVIRONMENT } from '../src/index.js';

describe('the package README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it.each(SIGNET_ENVIRONMENT.map((v) => v.name))('documents the environment variable %s', (name) => {
    expect(readme).toMatch(new RegExp(`\\| \`${name}\` +\\|`));
  });

  it.each(SIGNET_ENVIRONMENT.filter((v) => v.default !== undefined).map((v) => [v.name, v.default!]))(
    'states the default of %s',
    (name, value) => {
      expect(readme).toMatch(new RegExp(`\\| \`${name}\` +\\| \`${value}\` +\\|`));
    },
  );

  it.each(SIGNET_ENVIRONMENT.filter((v) => v.perClient).map((v) => `SIGNET_<NAME>_${v.name.slice('SIGNET_'.length)}`))(
    'documents the per-client variable %s (SIGNET_CLIENTS)',
    (name) => {
      expect(readme).toContain(`\`${name}\``);
    },
  );

  it.each(Object.keys(SESSION_ERROR_CODES))('documents the session code %s', (code) => {
    expect(readme).toContain(`\`${code}\``);
  });
});
