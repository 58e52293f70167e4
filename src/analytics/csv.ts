/** A value a CSV cell can hold: numbers stay numbers, so `-5` is written as `-5`. */
export type CsvValue = string | number | boolean | null | undefined;

/** Text a spreadsheet would read as a formula (CWE-1236): such text cells get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 cell: quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one line per row, CRLF-terminated as RFC 4180 asks. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Rows only (no header), CRLF-terminated: the continuation of a CSV written in parts. */
export function csvLines(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  let out = '';
  for (const row of rows) out += `${columns.map((column) => csvCell(row[column])).join(',')}\r\n`;
  return out;
}
