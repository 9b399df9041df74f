import { describe, it, expect } from '@jest/globals';
import { placeholder } from './index.js';
describe('x', () => { it('works', () => { expect(placeholder).toBe(1); }); });
