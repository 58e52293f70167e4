/**
 * What one row of a file may ask of the reader. Every value is measured before it is parsed,
 * so a row costs time linear in its bytes and no row can hold the event loop (issue 15).
 */
export const MOVIE_FILE_LIMITS = {
  /**
   * Bytes in a CSV record or a JSON line. csv-parse would otherwise buffer the rest of the file
   * behind a runaway quote; the longest TMDB 5000 row is under 5 KB.
   */
  recordBytes: 16 * 1024 * 1024,
  /**
   * Characters in a cell (or JSON string value) the reader uses. The longest field a movie message keeps
   * is 500 characters and a genres cell of 50 genres is about 2 KB: a longer cell is never a movie.
   */
  cellChars: 64 * 1024,
  /** Characters in a number written as text: 1e13 with decimals and an exponent fits in 40. */
  numberChars: 40,
  /**
   * Header names quoted in the error of a file that lacks an id or title column, and characters of each:
   * enough to see the layout, and the error stays well under what a job record keeps of it.
   */
  headerNamesShown: 10,
  headerNameChars: 30,
} as const;
