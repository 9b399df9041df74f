import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { AuditEvent } from './audit-event.js';
import { emit, shortHash } from './emit.js';

const event: AuditEvent = {
  type: 'authorization.response',
  time: new Date(0).toISOString(),
  issuer: 'https://as.example',
  clientId: 'client-1',
  outcome: 'refused',
  code: 'ERR_JARM_EXPIRED',
  durationMs: 1,
};

describe('emit', () => {
  it('delivers the event to the sink', () => {
    const seen: AuditEvent[] = [];
    emit((e) => void seen.push(e), event);
    expect(seen).toEqual([event]);
  });

  it('swallows a sink that throws, so an audit fault never changes an outcome', () => {
    expect(() =>
      emit(() => {
        throw new Error('down');
      }, event),
    ).not.toThrow();
  });

  it('swallows a sink whose promise rejects', async () => {
    emit(() => Promise.reject(new Error('down')), event);
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('does nothing without a sink', () => {
    expect(() => emit(undefined, event)).not.toThrow();
  });
});

describe('shortHash', () => {
  it('is 16 hex characters of SHA-256, never the value itself', () => {
    const value = 'a-state-value-that-must-not-be-logged';
    expect(shortHash(value)).toBe(createHash('sha256').update(value).digest('hex').slice(0, 16));
    expect(shortHash(value)).not.toContain(value.slice(0, 8));
  });
});
