import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { format } from 'prettier';
import { SIGNET_ENVIRONMENT } from '../src/config/environment/environment-table.js';
import { documentedDefault, renderEnvironmentTable } from '../src/config/environment/render-environment-table.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The table row (one line) that names the variable in its first cell. */
function rowOf(readme: string, name: string): string | undefined {
  return readme.split('\n').find((line) => /^\| /.test(line) && line.split('|')[1]!.includes(`\`${name}\``));
}

describe('the environment table and the READMEs', () => {
  it('is what the @signet/nestjs README shows, verbatim (paste the expected table there)', async () => {
    const expected = await format(renderEnvironmentTable(), {
      parser: 'markdown',
      singleQuote: true,
      printWidth: 120,
    });
    expect(read('../../nestjs/README.md')).toContain(expected.trim());
  });

  describe.each([
    ['the root README', '../../../README.md'],
    ['the sample-rp README', '../../../apps/sample-rp/README.md'],
  ])('%s', (_label, path) => {
    const readme = read(path);
    it.each(SIGNET_ENVIRONMENT.map((row) => [row.name, row] as const))('lists %s with its default', (name, row) => {
      const line = rowOf(readme, name);
      expect(line).toBeDefined();
      const cell = line!.split('|')[2]!.trim();
      if (row.default !== undefined) expect(cell).toBe(documentedDefault(row));
      else if (row.required) expect(cell).toMatch(/required/);
      else expect(cell).toMatch(/^(unset|none)$/);
    });
  });
});
