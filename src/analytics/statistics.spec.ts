import { describe, expect, it } from 'vitest';
import { averageRanks, leastSquares, pearson, roundTo, rSquared, spearman } from './statistics.js';

describe('statistics', () => {
  it('pearson is 1 / -1 on exact lines and matches a worked example', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 12);
    // x = 1..5, y = 2,4,5,4,5: Sxy = 6, Sxx = 10, Syy = 6 → r = 6 / sqrt(60)
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12);
  });

  it('pearson is null without two points or without spread', () => {
    expect(pearson([], [])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
    expect(pearson([2, 2, 2], [1, 2, 3])).toBeNull();
    expect(() => pearson([1, 2], [1])).toThrow(/pairs/);
  });

  it('gives tied values the average of their ranks', () => {
    expect([...averageRanks([10, 20, 20, 30])]).toEqual([1, 2.5, 2.5, 4]);
    expect([...averageRanks([5, 5, 5])]).toEqual([2, 2, 2]);
    expect([...averageRanks([3, 1, 2])]).toEqual([3, 1, 2]);
  });

  it('spearman is 1 on any increasing relation and handles ties', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // Worked by hand: ranks x = 1,2.5,2.5,4 and y = 1,2,3,4; Sxy = 4.5, Sxx = 4.5, Syy = 5 → 4.5 / √22.5
    expect(spearman([10, 20, 20, 30], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
    expect(spearman([10, 20, 20, 30], [1, 2, 3, 4])).toBeCloseTo(0.948683, 6);
    // Ties on both sides: ranks x = 1,2.5,2.5,4 and y = 1.5,1.5,3.5,3.5; Sxy = 3, Sxx = 4.5, Syy = 4 → 3 / √18 = 1/√2
    expect(spearman([1, 2, 2, 3], [5, 5, 7, 7])).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('spearman matches a textbook example (IQ against hours of TV a week, no ties): rho = -29/165', () => {
    // Wikipedia, "Spearman's rank correlation coefficient", worked example: Σd² = 194, 1 - 6·194 / (10·99) = -29/165.
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tvHours = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tvHours)).toBeCloseTo(-29 / 165, 12);
    expect(spearman(iq, tvHours)).toBeCloseTo(-0.175758, 6);
  });

  it('least squares and r2 on a worked example', () => {
    const fit = leastSquares([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])!;
    expect(fit.slope).toBeCloseTo(0.6, 12);
    expect(fit.intercept).toBeCloseTo(2.2, 12);
    expect(rSquared([1, 2, 3, 4, 5], [2, 4, 5, 4, 5], fit)).toBeCloseTo(0.6, 12); // r² = 36 / 60
    expect(leastSquares([1, 1], [1, 2])).toBeNull();
    expect(leastSquares([1], [1])).toBeNull();
  });

  it('rounds in the application, keeping null and avoiding -0', () => {
    expect(roundTo(0.123456, 4)).toBe(0.1235);
    expect(roundTo(-0.00001, 2)).toBe(0);
    expect(roundTo(null, 2)).toBeNull();
    expect(roundTo(Number.NaN, 2)).toBeNull();
  });
});
