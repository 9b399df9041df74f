import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { AuthorizationServerError, ERROR_CODES, SignetError, type SignetErrorCode } from '@signet/core';
import { httpStatusOf } from '@signet/core/http';
import { outcomeOf } from '../src/index.js';

describe('the package README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it.each(Object.keys(ERROR_CODES) as SignetErrorCode[])('documents what %s becomes', (code) => {
    const row = readme.split('\n').find((line) => new RegExp(`^\\| \`${code}\` +\\|`).test(line));
    expect(row).toBeDefined();
    const err =
      code === 'ERR_AUTHORIZATION_ERROR' ? new AuthorizationServerError('access_denied') : new SignetError(code);
    const outcome = outcomeOf(err);
    expect(row).toContain(outcome.kind === 'fail' ? '`fail()`' : '`error()`');
    // The status column is the edge's table, not a copy of it.
    expect(row!.split('|')[2]).toContain(String(httpStatusOf(err)));
  });
});
