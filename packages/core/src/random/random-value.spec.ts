import { describe, expect, it } from '@jest/globals';
import { randomValue } from './random-value.js';

describe('randomValue', () => {
  it('gives 32 bytes as 43 base64url characters by default, and the size asked for otherwise', () => {
    expect(randomValue()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(randomValue(16), 'base64url')).toHaveLength(16);
  });

  it('never hands out the same bytes twice, across many pages', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) seen.add(randomValue()); // 64,000 bytes: 16 pages
    expect(seen.size).toBe(2000);
  });

  it('does not return zeroed bytes after a page is used up (the page is refilled, not reused)', () => {
    for (let i = 0; i < 300; i += 1)
      expect(Buffer.from(randomValue(), 'base64url').equals(Buffer.alloc(32))).toBe(false);
  });

  it.each([0, -1, 1.5, 4097, Number.NaN])('refuses a size of %p bytes', (bytes) => {
    expect(() => randomValue(bytes)).toThrow(RangeError);
  });
});
