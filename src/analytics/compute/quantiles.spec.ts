import { describe, expect, it } from 'vitest';
import { bandOf, edgeBands, quantileAt, quantileBands, quantileOfSorted, ranksInto, ranksOf } from './quantiles.js';
import { seededRandom } from './test-movies.js';

const sortedF = (values: number[]) => Float64Array.from(values).sort();
const median = (values: number[]) => quantileOfSorted(sortedF(values), 0.5);
const percentile = (values: number[], p: number) => quantileOfSorted(sortedF(values), p);

describe('quantileAt: the median', () => {
  it('takes the middle value of an odd count and the mean of the two middle values of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([-1000, 4000, 0, 2000])).toBe(1000);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it('reads only the ranks ranksOf names', () => {
    expect(ranksOf(5, 0.5)).toEqual([2]);
    expect(ranksOf(4, 0.5)).toEqual([1, 2]);
    expect(ranksOf(11, 0.1)).toEqual([1]);
    expect(ranksOf(4, 0.9)).toEqual([2, 3]);
    const read: number[] = [];
    quantileAt(4, 0.9, (rank) => (read.push(rank), rank * 10));
    expect(read).toEqual([2, 3]);
  });
});

describe('quantileAt: PERCENTILE.INC', () => {
  it('interpolates linearly between the closest ranks, h = (n − 1)·p', () => {
    // [1, 2, 3, 4]: p10 → h = 0.3 → 1 + 0.3·(2 − 1) = 1.3; p90 → h = 2.7 → 3 + 0.7·(4 − 3) = 3.7.
    expect(percentile([4, 3, 2, 1], 0.1)).toBeCloseTo(1.3, 12);
    expect(percentile([4, 3, 2, 1], 0.9)).toBeCloseTo(3.7, 12);
    // [10, 20, 40, 80, 160]: p10 → h = 0.4 → 10 + 0.4·10 = 14; p90 → h = 3.6 → 80 + 0.6·80 = 128; p50 → 40.
    expect(percentile([160, 10, 80, 20, 40], 0.1)).toBeCloseTo(14, 9);
    expect(percentile([160, 10, 80, 20, 40], 0.9)).toBeCloseTo(128, 9);
    expect(percentile([160, 10, 80, 20, 40], 0.5)).toBe(40);
    // Profits [−1000, 0, 2000, 4000]: p10 → −1000 + 0.3·1000 = −700; p90 → 2000 + 0.7·2000 = 3400.
    expect(percentile([2000, -1000, 4000, 0], 0.1)).toBeCloseTo(-700, 9);
    expect(percentile([2000, -1000, 4000, 0], 0.9)).toBeCloseTo(3400, 9);
    expect(percentile([9], 0.1)).toBe(9);
    expect(percentile([], 0.9)).toBeNull();
    expect(percentile([3, 3, 3, 5], 0.9)).toBeCloseTo(4.4, 12);
  });
});

describe('quantileBands', () => {
  it('cuts at floor(j·n/k) and moves a cut past equal budgets: they stay in the lower band', () => {
    // n = 6, k = 3: cuts at 2 and 4; the cut at 2 falls inside the 200s and moves up to 4, so the cut at 4 meets it and is dropped.
    const bands = quantileBands(sortedF([100, 200, 200, 200, 300, 400]), 3);
    expect(bands.lower).toEqual([100, 300]);
    expect(bands.upper).toEqual([300, null]);
    // A budget equal to a band's lowest budget belongs to that band; the one below it to the band before.
    expect(bandOf(bands, 200)).toBe(0);
    expect(bandOf(bands, 300)).toBe(1);
    expect(bandOf(bands, 299)).toBe(0);
  });

  it('splits distinct budgets as equal in count as possible', () => {
    const bands = quantileBands(sortedF([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 4);
    // Cuts at floor(10/4) = 2, floor(20/4) = 5, floor(30/4) = 7: sizes 2, 3, 2, 3.
    expect(bands.lower).toEqual([1, 3, 6, 8]);
  });

  it('gives fewer bands than asked when there are fewer movies or all budgets are equal', () => {
    expect(quantileBands(sortedF([5, 5, 5, 5]), 10).lower).toEqual([5]);
    expect(quantileBands(sortedF([1, 2]), 10).lower).toEqual([1, 2]);
    expect(quantileBands(sortedF([]), 10).lower).toEqual([]);
  });

  it('equals the rule applied to the sorted budgets, in any input order (random budgets with many ties)', () => {
    const random = seededRandom(1818);
    /** The definition, step by step, over a sorted copy: cuts at floor(j·n/k), moved up past equal budgets, repeats dropped. */
    const reference = (values: number[], k: number) => {
      const b = [...values].sort((x, y) => x - y);
      const starts = [0];
      for (let j = 1; j < k; j++) {
        let p = Math.floor((j * b.length) / k);
        while (p > 0 && p < b.length && b[p] === b[p - 1]) p++;
        if (p >= b.length) break;
        if (p > starts[starts.length - 1]!) starts.push(p);
      }
      return starts.map((s) => b[s]!);
    };
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(random() * 60);
      const k = 1 + Math.floor(random() * 12);
      const values = Array.from({ length: n }, () => (random() < 0.6 ? Math.floor(random() * 6) * 1000 : Math.floor(random() * 1e6)));
      expect(quantileBands(sortedF(values), k).lower, `${k} bands of ${values.join(',')}`).toEqual(reference(values, k));
    }
  });

  it('fixed edges make half-open bands [a, b): an edge belongs to the band it starts', () => {
    const bands = edgeBands([2000, 3000]);
    expect(bands.upper).toEqual([2000, 3000, null]);
    expect(bandOf(bands, 1999)).toBe(0);
    expect(bandOf(bands, 2000)).toBe(1);
    expect(bandOf(bands, 2999)).toBe(1);
    expect(bandOf(bands, 3000)).toBe(2);
  });
});

describe('ranksInto', () => {
  it('writes the distinct ranks ranksOf gives for each quantile, ascending, after `at`', () => {
    for (const ps of [[0.5], [0.1, 0.5, 0.9], [0, 0.25, 0.5, 0.75, 1]]) {
      for (let n = 1; n <= 40; n++) {
        const out = new Int32Array(3 + ps.length * 2).fill(-7);
        const written = ranksInto(n, ps, out, 3);
        const expected = [...new Set(ps.flatMap((p) => ranksOf(n, p)))].sort((a, b) => a - b);
        expect([...out.subarray(3, 3 + written)], `n ${n}, ps ${ps}`).toEqual(expected);
        expect([...out.subarray(0, 3)]).toEqual([-7, -7, -7]);
      }
    }
  });
});
