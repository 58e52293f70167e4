import { describe, expect, it } from 'vitest';
import { addDays, bisectWindow, changeWindows, daysBetween, isIsoDate } from './date-window.js';

describe('bisectWindow', () => {
  it('splits a range into two halves that cover it without overlap', () => {
    expect(bisectWindow({ from: '2000-01-01', to: '2000-01-10' })).toEqual([
      { from: '2000-01-01', to: '2000-01-05' },
      { from: '2000-01-06', to: '2000-01-10' },
    ]);
    expect(bisectWindow({ from: '2000-01-01', to: '2000-01-02' })).toEqual([
      { from: '2000-01-01', to: '2000-01-01' },
      { from: '2000-01-02', to: '2000-01-02' },
    ]);
  });

  it('cannot split a single day', () => {
    expect(bisectWindow({ from: '2000-02-29', to: '2000-02-29' })).toBeNull();
  });

  it('reaches single days from any range, every day in exactly one window', () => {
    const days = new Map<string, number>();
    const stack = [{ from: '1999-12-25', to: '2000-03-07' }];
    while (stack.length) {
      const window = stack.pop()!;
      const halves = bisectWindow(window);
      if (halves) stack.push(...halves);
      else days.set(window.from, (days.get(window.from) ?? 0) + 1);
    }
    expect(days.size).toBe(daysBetween('1999-12-25', '2000-03-07') + 1);
    expect([...days.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('changeWindows', () => {
  it('covers the range in windows at most 14 days apart, neighbours sharing their boundary day', () => {
    const windows = changeWindows('2026-01-01', '2026-02-05');
    expect(windows).toEqual([
      { from: '2026-01-01', to: '2026-01-15' },
      { from: '2026-01-15', to: '2026-01-29' },
      { from: '2026-01-29', to: '2026-02-05' },
    ]);
    expect(windows.every((w) => daysBetween(w.from, w.to) <= 14)).toBe(true);
  });

  it('is one window for a short range, a single day included, and none for a reversed one', () => {
    expect(changeWindows('2026-01-01', '2026-01-15')).toEqual([{ from: '2026-01-01', to: '2026-01-15' }]);
    expect(changeWindows('2026-01-01', '2026-01-01')).toEqual([{ from: '2026-01-01', to: '2026-01-01' }]);
    expect(changeWindows('2026-01-02', '2026-01-01')).toEqual([]);
  });
});

describe('dates', () => {
  it('adds days across months and leap years, in UTC', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2024-2-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
  });
});
