import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { shortHash } from '../audit/emit.js';
import { responseReplayId, stateKeys, stateReplayId } from './replay-id.js';

describe('stateKeys', () => {
  it.each(['s', 'bench-state-5', 'é✓ state with non-ASCII', 'x'.repeat(512)])(
    'gives the replay key and the audit handle of one SHA-256 (%#)',
    (state) => {
      expect(stateKeys(state)).toEqual({ replayId: stateReplayId(state), stateHash: shortHash(state) });
    },
  );

  it('gives different states different keys', () => {
    expect(stateKeys('a').replayId).not.toBe(stateKeys('b').replayId);
    expect(stateKeys('a').stateHash).not.toBe(stateKeys('b').stateHash);
  });
});

describe('replay ids', () => {
  const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');

  it('keys a response on the SHA-256 of its signing input', () => {
    expect(responseReplayId('eyJhbGciOiJFUzI1NiJ9.eyJzdGF0ZSI6InMifQ')).toBe(
      `jarm:${sha256('eyJhbGciOiJFUzI1NiJ9.eyJzdGF0ZSI6InMifQ')}`,
    );
  });

  it('keys a login on the SHA-256 of its state, UTF-8 encoded', () => {
    expect(stateReplayId('é✓')).toBe(`state:${sha256('é✓')}`);
  });
});
