import { describe, expect, it } from '@jest/globals';
import { shortHash } from '../audit/emit.js';
import { stateKeys, stateReplayId } from './replay-id.js';

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
