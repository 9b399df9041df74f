import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { ERROR_CODES } from '../src/errors/codes.js';

describe('the package README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it.each(Object.keys(ERROR_CODES))('documents the error code %s', (code) => {
    expect(readme).toMatch(new RegExp(`\\| \`${code}\` +\\|`));
  });

  const flow = readme.slice(
    readme.indexOf('## Following one flow'),
    readme.indexOf('\n## ', readme.indexOf('## Following one flow') + 1),
  );
  const files = [...flow.matchAll(/`(src\/[^`]+)`/g)].map((m) => m[1]!);

  it('follows one flow through files that exist', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  // The steps the client takes: every module SignetClient calls from a protocol folder is in the table, so the
  // table cannot fall behind a refactor of the flow.
  const STEP_FOLDERS = [
    'audit',
    'discovery',
    'dpop',
    'jar',
    'jarm',
    'par',
    'pkce',
    'policy',
    'resource',
    'token',
    'transaction',
  ];
  const client = readFileSync(new URL('../src/client/signet-client.ts', import.meta.url), 'utf8');
  const steps = [...client.matchAll(/^import \{[^}]*\} from '\.\.\/([a-z-]+)\/([a-z-]+)\.js';$/gm)]
    .filter((m) => STEP_FOLDERS.includes(m[1]!))
    .map((m) => `src/${m[1]}/${m[2]}.ts`);

  it('finds the steps the client takes', () => {
    expect(steps.length).toBeGreaterThan(10);
  });

  it.each(steps)('names the step %s that SignetClient calls', (path) => {
    const folder = path.slice(0, path.lastIndexOf('/'));
    expect(files.includes(path) || files.includes(`${folder}/*`)).toBe(true);
  });

  it.each(files)('names %s, which exists', (path) => {
    expect(existsSync(new URL(`../${path.replace(/\/\*$/, '')}`, import.meta.url))).toBe(true);
  });
});
