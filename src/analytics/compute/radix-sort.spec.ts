import { describe, expect, it } from 'vitest';
import { sortWithSlots } from './radix-sort.js';
import { seededRandom } from './test-movies.js';

describe('sortWithSlots', () => {
  it('sorts ascending, keeps each slot with its value and equal values in their order (negatives, zeros, fractions, extremes)', () => {
    const random = seededRandom(77);
    const kinds = [
      () => Math.floor(random() * 5) * 1000,
      () => Math.round(random() * 3e8) - 1e8,
      () => random() * 40 - 20,
      () => [0, -0, 1e-300, -1e-300, 2 ** 60, -(2 ** 60), 0.1, 1e300][Math.floor(random() * 8)]!,
    ];
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(random() * 300);
      const values = Float64Array.from({ length: n }, () => kinds[Math.floor(random() * kinds.length)]!());
      const slots = Int32Array.from({ length: n }, (_, i) => 1000 + i);
      const original = Float64Array.from(values);
      sortWithSlots(values, slots);
      for (let i = 0; i < n; i++) {
        // Each slot still holds its own value, ascending; equal values (−0 before 0 counts as ascending) keep their order.
        expect(Object.is(values[i], original[slots[i]! - 1000]), `round ${round}, ${i}`).toBe(true);
        if (i > 0) {
          expect(values[i - 1]! <= values[i]!).toBe(true);
          if (Object.is(values[i - 1], values[i])) expect(slots[i - 1]! < slots[i]!).toBe(true);
        }
      }
      expect([...slots].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => 1000 + i));
    }
  });

  it('carries the slots: slot i still holds the value it had', () => {
    const values = Float64Array.from([5, -2, 5, 0, 3e9, -7.5]);
    const slots = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const before = Float64Array.from(values);
    sortWithSlots(values, slots);
    expect(Array.from(values)).toEqual([-7.5, -2, 0, 5, 5, 3e9]);
    expect(Array.from(slots)).toEqual([5, 1, 3, 0, 2, 4]);
    slots.forEach((slot, i) => expect(values[i]).toBe(before[slot]));
  });
});
