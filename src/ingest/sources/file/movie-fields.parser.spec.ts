import { describe, expect, it } from 'vitest';
import { isNumberText } from './movie-fields.parser.js';

describe('isNumberText', () => {
  it('accepts decimal notation and refuses the rest', () => {
    expect(['1', '1.', '1.5', '.5', '-2e10', '+3.E5', '007'].filter((t) => !isNumberText(t))).toEqual([]);
    expect(['', ' 1', '1e', '.', '1.2.3', '1..5', 'e5', '0x10', 'NaN', '1_000'].filter((t) => isNumberText(t))).toEqual([]);
  });

  // The old pattern (`\d+\.?\d*`) backtracked quadratically here: 7.7 s for 80,000 digits, past vitest's 5 s timeout.
  it('decides on 100,000 digits, with and without a trailing x, without backtracking over them', () => {
    const digits = '1'.repeat(100_000);
    expect(isNumberText(digits)).toBe(true);
    expect(isNumberText(`${digits}x`)).toBe(false);
    expect(isNumberText(`${digits}.${digits}e${digits}x`)).toBe(false);
  });
});
