import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ATTACKS } from '../src/index.js';

describe('the package README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('shows the Jest example exactly as test/readme/app.e2e-spec.ts runs it', () => {
    const example = readFileSync(new URL('./readme/app.e2e-spec.ts', import.meta.url), 'utf8');
    expect(readme).toContain('```ts\n' + example + '```');
  });

  it.each(ATTACKS.map((a) => [a.name, a.refusedWith, a.tokenRequests] as const))(
    'documents the attack %s, refused with %s after %d token requests',
    (name, code, tokens) => {
      expect(readme).toMatch(new RegExp(`\\| \`${name}\` +\\| [^|]+ \\| \`${code}\` +\\| ${tokens} +\\|`));
    },
  );
});
