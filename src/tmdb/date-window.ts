import { isCalendarDate } from '../common/calendar-date.js';

/** An inclusive range of calendar days, as TMDB takes them (`YYYY-MM-DD`, UTC). */
export interface DateWindow {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** A real calendar day, `YYYY-MM-DD` (the write path's one date check). */
export const isIsoDate = (value: string): boolean => isCalendarDate(value);

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Two halves that cover the window without overlap, or null for a single day (it cannot be split). */
export function bisectWindow({ from, to }: DateWindow): [DateWindow, DateWindow] | null {
  const span = daysBetween(from, to);
  if (span < 1) return null;
  const mid = addDays(from, Math.floor(span / 2));
  return [
    { from, to: mid },
    { from: addDays(mid, 1), to },
  ];
}

/**
 * Consecutive windows from `from` to `to`, each at most `maxDays` apart (TMDB's `/movie/changes`
 * refuses more than 14). Neighbours share their boundary day, so no change at a boundary is missed
 * whether TMDB reads `end_date` as inclusive or not; callers deduplicate ids anyway.
 */
export function changeWindows(from: string, to: string, maxDays = 14): DateWindow[] {
  if (daysBetween(from, to) < 0) return [];
  const windows: DateWindow[] = [];
  for (let start = from; ; start = addDays(start, maxDays)) {
    const end = daysBetween(start, to) <= maxDays ? to : addDays(start, maxDays);
    windows.push({ from: start, to: end });
    if (end === to) return windows;
  }
}
