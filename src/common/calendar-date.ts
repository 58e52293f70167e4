const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The shape of a calendar date, for documents (OpenAPI's `pattern`). */
export const CALENDAR_DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

/** A day that exists: month 1–12 and a day within that month (leap years included). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A real calendar day written `YYYY-MM-DD`: 2024-02-30 is refused, not rolled over to March as Date.parse
 * would. The one date check of the write path (the ingest's request body and file rows, the movie message,
 * the TMDB client's date windows).
 */
export function isCalendarDate(value: unknown): value is string {
  const m = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}
