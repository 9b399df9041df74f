import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, SignetError, type SignetErrorCode } from '@signet/core';
import { outcomeOf } from '../src/index.js';

// Thrown by core with an explicit status other than the code's default.
const EXPLICIT_STATUS: Partial<Record<SignetErrorCode, number>> = {
  ERR_TRANSACTION_TOO_LARGE: 500,
  ERR_AUTHORIZATION_ERROR: 403,
};

describe('the package README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it.each(Object.keys(ERROR_CODES) as SignetErrorCode[])('documents what %s becomes', (code) => {
    const row = readme.split('\n').find((line) => new RegExp(`^\\| \`${code}\` +\\|`).test(line));
    expect(row).toBeDefined();
    const status = EXPLICIT_STATUS[code];
    const outcome = outcomeOf(new SignetError(code, undefined, status ? { status } : {}));
    expect(row).toContain(outcome.kind === 'fail' ? '`fail()`' : '`error()`');
  });
});
