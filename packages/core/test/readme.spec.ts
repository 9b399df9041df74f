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

  it.each(files)('names %s, which exists', (path) => {
    expect(existsSync(new URL(`../${path.replace(/\/\*$/, '')}`, import.meta.url))).toBe(true);
  });
});
