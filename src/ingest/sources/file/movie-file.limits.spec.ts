import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MOVIE_FILE_LIMITS } from './movie-file.limits.js';
import { MovieFileError, readMovieFile, type MovieFileRecord } from './movie-file.reader.js';

async function readAll(text: string, format: 'csv' | 'jsonl'): Promise<MovieFileRecord[]> {
  const records: MovieFileRecord[] = [];
  for await (const record of readMovieFile(Readable.from([Buffer.from(text)]), { format, skipRecords: 0 })) records.push(record);
  return records;
}

const summary = (records: MovieFileRecord[]) => records.map((r) => (r.kind === 'movie' ? `movie ${r.movie.id}` : r.reason));

// 80,000 digits and an `x` held the event loop for 7.7 s under the old number regex (about 20 minutes at 1 MB).
// These tests pass only if the reader refuses such cells without backtracking over them: under the old
// regex they overrun vitest's 5 s test timeout, and the reason they expect did not exist.
const DIGITS_THEN_X = `${'1'.repeat(80_000)}x`;

describe('readMovieFile, cells bounded before they are parsed', () => {
  it('refuses a CSV number cell of 80,000 digits and an x, row by row, and reads on', async () => {
    const rows = [1, 2, 3].map((id) => `${id},Movie ${id},${DIGITS_THEN_X}`);
    const records = await readAll(`id,title,budget\n${rows.join('\n')}\n4,Fine,1000\n`, 'csv');
    expect(summary(records)).toEqual([
      'line 2: column budget is 80001 characters long, more than the 40 a number may have',
      'line 3: column budget is 80001 characters long, more than the 40 a number may have',
      'line 4: column budget is 80001 characters long, more than the 40 a number may have',
      'movie 4',
    ]);
  });

  it('refuses the same number as a JSON Lines string', async () => {
    const lines = [JSON.stringify({ id: 1, title: 'A', budget: DIGITS_THEN_X }), JSON.stringify({ id: 2, title: 'B', budget: '2000' })];
    expect(summary(await readAll(lines.join('\n'), 'jsonl'))).toEqual([
      'line 1: field budget is 80001 characters long, more than the 40 a number may have',
      'movie 2',
    ]);
  });

  it('reads numbers as before: the same values pass and fail', async () => {
    const cells = ['1', '1.', '1.5', '.5', '-2e10', '+3.E5', ' 7 ', '', '1e', '.', '1.2.3', '1..5', 'e5', '0x10'];
    const csv = `id,title,budget\n${cells.map((cell, i) => `${i + 1},Movie,${cell}`).join('\n')}\n`;
    const budgets = (await readAll(csv, 'csv')).map((r) => (r.kind === 'movie' ? r.movie.budget : 'refused'));
    expect(budgets).toEqual([1, 1, 1.5, 0.5, -2e10, 3e5, 7, null, 'refused', 'refused', 'refused', 'refused', 'refused', 'refused']);
  });

  it('reads a text cell up to the cell limit and refuses one character more', async () => {
    const max = MOVIE_FILE_LIMITS.cellChars;
    const records = await readAll(`id,title\n1,${'t'.repeat(max)}\n2,${'t'.repeat(max + 1)}\n`, 'csv');
    expect(records[0]).toMatchObject({ kind: 'movie', movie: { id: 1 } });
    expect(summary(records.slice(1))).toEqual([`line 3: column title is ${max + 1} characters long, more than the ${max} a value may have`]);
  });

  it('refuses a 2 MB title in CSV and in JSON Lines', async () => {
    const title = 'x'.repeat(2_000_000);
    const reason = (label: string, line: number) =>
      `line ${line}: ${label} title is 2000000 characters long, more than the ${MOVIE_FILE_LIMITS.cellChars} a value may have`;
    expect(summary(await readAll(`id,title\n1,${title}\n`, 'csv'))).toEqual([reason('column', 2)]);
    expect(summary(await readAll(JSON.stringify({ id: 1, title }), 'jsonl'))).toEqual([reason('field', 1)]);
  });

  it('refuses a genres cell over the cell limit before parsing it as JSON', async () => {
    const genres = JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `Genre ${i}` })));
    const records = await readAll(`id,title,genres\n1,A,"${genres.replace(/"/g, '""')}"\n`, 'csv');
    expect(summary(records)).toEqual([
      `line 2: column genres is ${genres.length} characters long, more than the ${MOVIE_FILE_LIMITS.cellChars} a value may have`,
    ]);
  });

  it('names ten header cells, each cut short, when a 1 MB header lacks the id and title columns', async () => {
    const header = Array.from({ length: 20_000 }, (_, i) => `column_${i}_${'h'.repeat(40)}`).join(',');
    expect(header.length).toBeGreaterThan(1_000_000);
    const error = await readAll(`${header}\n1,A\n`, 'csv').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MovieFileError);
    const message = (error as MovieFileError).message;
    expect(message).toBe(
      'CSV header lacks an id column and a title column: expected an id column (id or movie_id) and a title column (title or original_title), ' +
        `found ${Array.from({ length: 10 }, (_, i) => `"${`column_${i}_${'h'.repeat(40)}`.slice(0, 27)}..."`).join(', ')} and 19990 more`,
    );
  });
});
