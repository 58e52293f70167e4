import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TmdbMovieDetails } from '../../../tmdb/tmdb.types.js';
import { MovieFileError, readMovieFile, type MovieFileRecord, type ReadMovieFileOptions } from './movie-file.reader.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/files/', import.meta.url));
const REAL_FILE = path.resolve(process.cwd(), '../shared/data/tmdb-5000/tmdb_5000_movies.csv');

const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
const withBom = (text: string): string => `\ufeff${text}`;

/** The bytes of `text` as a stream of `chunkSize`-byte chunks, so records, CRLFs, the BOM and UTF-8 characters straddle chunks. */
function bytes(text: string, chunkSize = 64 * 1024): Readable {
  const buffer = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += chunkSize) chunks.push(buffer.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

async function readAll(input: Readable, options: Partial<ReadMovieFileOptions> = {}): Promise<MovieFileRecord[]> {
  const records: MovieFileRecord[] = [];
  for await (const record of readMovieFile(input, { format: 'auto', skipRecords: 0, ...options })) records.push(record);
  return records;
}

const movie = (line: number, record: number, details: TmdbMovieDetails): MovieFileRecord => ({ kind: 'movie', position: { line, record }, movie: details });
const error = (line: number, record: number, reason: string | RegExp): MovieFileRecord => ({
  kind: 'error',
  position: { line, record },
  reason: typeof reason === 'string' ? reason : (expect.stringMatching(reason) as string),
});

const FIGHT_CLUB = {
  id: 550,
  title: 'Fight Club',
  original_language: 'en',
  release_date: '1999-10-15',
  genres: [{ id: 18, name: 'Drama' }],
  budget: 63_000_000,
  revenue: 100_853_753,
  runtime: 139,
  status: 'Released',
};

describe('readMovieFile, CSV', () => {
  // Header on line 1; Fight Club's quoted overview spans lines 2-4; line 5 is blank.
  const KAGGLE_MOVIES = [
    movie(2, 1, {
      ...FIGHT_CLUB,
      original_title: 'Fight Club',
      vote_average: 8.3,
      vote_count: 9413,
      popularity: 63.869599,
      spoken_languages: [{ iso_639_1: 'en', name: 'English' }],
    }),
    movie(6, 2, {
      id: 194,
      title: 'Amélie',
      original_title: "Le Fabuleux Destin d'Amélie Poulain",
      original_language: 'fr',
      release_date: '2001-04-25',
      genres: [
        { id: 35, name: 'Comedy' },
        { id: 10749, name: 'Romance' },
      ],
      budget: 10_000_000,
      revenue: 173_921_954,
      runtime: 122,
      vote_average: 7.8,
      vote_count: 3310,
      popularity: 73.720244,
      status: 'Released',
      spoken_languages: [{ iso_639_1: 'fr', name: 'Français' }],
    }),
    // Empty cells are unknown: null, not 0.
    movie(7, 3, {
      id: 999001,
      title: 'Money Unknown',
      original_title: 'Money Unknown',
      original_language: 'en',
      release_date: null,
      genres: [],
      budget: null,
      revenue: null,
      runtime: null,
      vote_average: 0,
      vote_count: 0,
      popularity: 0.5,
      status: 'Rumored',
      spoken_languages: [],
    }),
  ];

  it('reads the Kaggle TMDB 5000 layout into TMDB details, one record per data row, positioned where the row starts', async () => {
    expect(await readAll(bytes(fixture('ok/kaggle-layout.csv')), { format: 'csv' })).toEqual(KAGGLE_MOVIES);
  });

  it.each([
    ['CRLF line ends', crlf, 64 * 1024],
    ['a BOM', withBom, 64 * 1024],
    ['BOM and CRLF, one byte at a time', (t: string) => withBom(crlf(t)), 1],
    ['BOM and CRLF, in 7-byte chunks', (t: string) => withBom(crlf(t)), 7],
  ])('reads the same movies at the same lines with %s', async (_name, variant, chunkSize) => {
    const records = await readAll(bytes(variant(fixture('ok/kaggle-layout.csv')), chunkSize), { format: 'csv' });
    expect(records).toEqual(KAGGLE_MOVIES);
  });

  it('reads the reduced variant: movie_id as the id, M/D/YYYY dates as YYYY-MM-DD, empty money as null', async () => {
    const records = await readAll(bytes(fixture('ok/reduced-layout.csv')), { format: 'csv' });
    const common = { original_title: null, original_language: 'en', status: 'Released' };
    expect(records).toEqual([
      movie(2, 1, { ...FIGHT_CLUB, ...common, vote_average: 8.3, vote_count: 9413, popularity: 63.869599 }),
      movie(3, 2, {
        ...common,
        id: 13,
        title: 'Forrest Gump',
        release_date: '1994-07-06',
        genres: [
          { id: 35, name: 'Comedy' },
          { id: 18, name: 'Drama' },
        ],
        budget: 55_000_000,
        revenue: 677_945_399,
        runtime: 142,
        vote_average: 8.2,
        vote_count: 7927,
        popularity: 138.133331,
      }),
      movie(4, 3, {
        ...common,
        id: 680,
        title: 'Pulp Fiction',
        release_date: '1994-09-10',
        genres: [{ id: 80, name: 'Crime' }],
        budget: null,
        revenue: null,
        runtime: 154,
        vote_average: 8.3,
        vote_count: 8428,
        popularity: 121.463076,
      }),
    ]);
  });

  it('turns each unreadable row into an error record naming its line and column, and reads on', async () => {
    const records = await readAll(bytes(fixture('not-ok/rows-with-problems.csv')), { format: 'csv' });
    const unknowns = { original_title: null, original_language: null, runtime: null, popularity: null, status: null };
    expect(records).toEqual([
      movie(2, 1, { ...FIGHT_CLUB, ...unknowns, vote_average: 8.3, vote_count: 9413 }),
      error(3, 2, /^line 3: column genres is not valid JSON \(.+\)$/),
      error(4, 3, 'line 4: expected 8 columns as in the header, found 5'),
      error(5, 4, 'line 5: column id is "tt0133093", expected a number'),
      error(6, 5, 'line 6: column genres item 1 is "Action", expected {"id": number, "name": text}'),
      error(7, 6, 'line 7: column budget is "220 million", expected a number'),
      // Semantic problems (impossible date, negative money, rating out of range) are the movie mapper's to refuse.
      movie(8, 7, {
        ...unknowns,
        id: 27205,
        title: 'Inception',
        genres: [],
        release_date: '2010-02-30',
        budget: -5,
        revenue: 0,
        vote_average: 11,
        vote_count: 13752,
      }),
    ]);
  });

  it('names the column as the file spells it', async () => {
    const records = await readAll(bytes('movie_id,title\nabc,Nameless\n'), { format: 'csv' });
    expect(records).toEqual([error(2, 1, 'line 2: column movie_id is "abc", expected a number')]);
  });

  it('refuses a file whose header lacks an id column, saying which columns it expected and found', async () => {
    await expect(readAll(bytes(fixture('not-ok/no-id-column.csv')), { format: 'csv' })).rejects.toThrow(
      new MovieFileError(
        'CSV header lacks an id column: expected an id column (id or movie_id) and a title column (title or original_title), found "title", "year", "budget"',
      ),
    );
  });

  it('refuses a header with neither id nor title, and an empty file', async () => {
    await expect(readAll(bytes('name,year\n'), { format: 'csv' })).rejects.toThrow(
      /^CSV header lacks an id column and a title column: .*found "name", "year"$/,
    );
    await expect(readAll(bytes(''), { format: 'csv' })).rejects.toThrow('CSV file is empty: expected an id column (id or movie_id) and a title column');
  });

  it('refuses a file with a quote that never closes, after handing on the rows before it', async () => {
    const records: MovieFileRecord[] = [];
    const reading = (async () => {
      for await (const record of readMovieFile(bytes(fixture('not-ok/unclosed-quote.csv'), 16), { format: 'csv', skipRecords: 0 })) records.push(record);
    })();
    await expect(reading).rejects.toThrow(new MovieFileError('CSV record starting at line 3 opens a quote that is never closed'));
    expect(records).toEqual([movie(2, 1, expect.objectContaining({ id: 550, title: 'Fight Club' }) as TmdbMovieDetails)]);
  });

  it('refuses a record longer than the limit rather than buffering the rest of the file', async () => {
    const text = `id,title,overview\n550,Fight Club,"${'x'.repeat(5000)}"\n`;
    await expect(readAll(bytes(text, 512), { format: 'csv', maxRecordBytes: 1000 })).rejects.toThrow(
      new MovieFileError('CSV record starting at line 2 is longer than 1000 bytes (an unclosed quote?)'),
    );
  });
});

describe('readMovieFile, JSON Lines', () => {
  // Line 2 is blank: not a record.
  const JSONL_MOVIES = [
    movie(1, 1, {
      ...FIGHT_CLUB,
      original_title: 'Fight Club',
      vote_average: 8.433,
      vote_count: 26280,
      popularity: 61.416,
      spoken_languages: [{ iso_639_1: 'en', name: 'English', english_name: 'English' }],
    }),
    movie(3, 2, {
      id: 194,
      title: 'Amélie',
      original_title: "Le Fabuleux Destin d'Amélie Poulain",
      original_language: 'fr',
      release_date: '2001-04-25',
      genres: [
        { id: 35, name: 'Comedy' },
        { id: 10749, name: 'Romance' },
      ],
      budget: 10_000_000,
      revenue: 173_921_954,
      runtime: 122,
      vote_average: 7.9,
      vote_count: 11000,
      popularity: 30.1,
      status: 'Released',
      spoken_languages: [{ iso_639_1: 'fr', name: 'Français', english_name: 'French' }],
    }),
    // TMDB's "" for an unknown date becomes null; its 0 money stays 0 (the mapper decides what 0 means).
    movie(4, 3, {
      id: 999001,
      title: 'Money Unknown',
      original_title: 'Money Unknown',
      original_language: 'en',
      release_date: null,
      genres: [],
      budget: 0,
      revenue: 0,
      runtime: null,
      vote_average: 0,
      vote_count: 0,
      popularity: 0.5,
      status: 'Rumored',
      spoken_languages: [],
    }),
  ];

  it('reads one TMDB /movie/{id} object per line, skipping blank lines', async () => {
    expect(await readAll(bytes(fixture('ok/movies.jsonl')), { format: 'jsonl' })).toEqual(JSONL_MOVIES);
  });

  it('reads the same with a BOM and CRLF, one byte at a time', async () => {
    expect(await readAll(bytes(withBom(crlf(fixture('ok/movies.jsonl'))), 1), { format: 'jsonl' })).toEqual(JSONL_MOVIES);
  });

  it('turns each bad line into an error record naming the line, and reads on', async () => {
    expect(await readAll(bytes(fixture('not-ok/lines-with-problems.jsonl')), { format: 'jsonl' })).toEqual([
      movie(1, 1, expect.objectContaining({ id: 550, title: 'Fight Club', budget: 63_000_000 }) as TmdbMovieDetails),
      error(2, 2, /^line 2: not valid JSON \(.+\)$/),
      error(4, 3, 'line 4: expected a JSON object, found [550,13]'),
      error(5, 4, 'line 5: expected a JSON object, found null'),
      error(6, 5, 'line 6: field id is "abc", expected a number'),
      error(7, 6, 'line 7: field id has no value, expected a number'),
      error(8, 7, 'line 8: field genres is "Action", expected a list'),
      movie(9, 8, expect.objectContaining({ id: 27205, title: 'Inception', release_date: '2010-07-15' }) as TmdbMovieDetails),
    ]);
  });

  it('reads long lines, and refuses only a line over the limit', async () => {
    const overview = 'y'.repeat(2_000_000);
    const text = [
      JSON.stringify({ id: 1, title: 'Long', overview }),
      JSON.stringify({ id: 2, title: 'Longer', overview: `${overview}y` }),
      '{"id":3,"title":"Short"}',
    ];
    const limit = Buffer.byteLength(text[0]!);
    const records = await readAll(bytes(text.join('\n'), 4096), { format: 'jsonl', maxRecordBytes: limit });
    expect(records).toEqual([
      movie(1, 1, expect.objectContaining({ id: 1, title: 'Long' }) as TmdbMovieDetails),
      error(2, 2, `line 2: longer than ${limit} bytes`),
      movie(3, 3, expect.objectContaining({ id: 3, title: 'Short' }) as TmdbMovieDetails),
    ]);
  });
});

describe('readMovieFile, format auto', () => {
  it('reads JSON Lines when the first byte past a BOM and blank lines is {', async () => {
    const records = await readAll(bytes(withBom(`\n  \n${fixture('ok/movies.jsonl')}`), 1));
    expect(records.map((r) => [r.kind, r.position.line])).toEqual([
      ['movie', 3],
      ['movie', 5],
      ['movie', 6],
    ]);
  });

  it('reads CSV otherwise', async () => {
    expect(await readAll(bytes(withBom(fixture('ok/kaggle-layout.csv')), 3))).toHaveLength(3);
    expect(await readAll(bytes(fixture('ok/reduced-layout.csv')))).toHaveLength(3);
  });
});

describe('readMovieFile, skipRecords', () => {
  it.each([
    ['not-ok/rows-with-problems.csv', 7],
    ['not-ok/lines-with-problems.jsonl', 8],
    ['ok/kaggle-layout.csv', 3],
  ])('in %s, skipping N records emits exactly the records after the first N, error records counted', async (name, total) => {
    const all = await readAll(bytes(fixture(name)));
    expect(all).toHaveLength(total);
    for (let skip = 0; skip <= total + 1; skip++) {
      expect(await readAll(bytes(fixture(name)), { skipRecords: skip })).toEqual(all.slice(skip));
    }
  });

  it('refuses a negative skip', async () => {
    await expect(readAll(bytes(fixture('ok/movies.jsonl')), { skipRecords: -1 })).rejects.toThrow(RangeError);
  });
});

describe('readMovieFile, streaming', () => {
  it('reads only as far as its consumer asks, so an endless source can be read', async () => {
    let rowsWritten = 0;
    let sourceClosed = false;
    const endless = Readable.from(
      (function* () {
        try {
          yield Buffer.from('id,title\n');
          for (;;) yield Buffer.from(`${++rowsWritten},Movie ${rowsWritten}\n`);
        } finally {
          sourceClosed = true;
        }
      })(),
    );
    const ids: number[] = [];
    for await (const record of readMovieFile(endless, { format: 'auto', skipRecords: 0 })) {
      if (record.kind === 'movie') ids.push(record.movie.id);
      if (ids.length === 3) break;
    }
    expect(ids).toEqual([1, 2, 3]);
    expect(rowsWritten).toBeLessThan(100);
    await expect.poll(() => sourceClosed).toBe(true);
  });

  it('reads 100,000 generated rows', async () => {
    const rows = Readable.from(
      (function* () {
        yield Buffer.from('id,title,budget\n');
        // 1,000 rows a chunk, about the size of a file stream's 64 KiB chunks.
        for (let id = 1; id <= 100_000; id += 1000) {
          yield Buffer.from(Array.from({ length: 1000 }, (_, i) => `${id + i},Movie ${id + i},${(id + i) * 10}\n`).join(''));
        }
      })(),
    );
    let count = 0;
    let last: MovieFileRecord | undefined;
    for await (const record of readMovieFile(rows, { format: 'csv', skipRecords: 0 })) {
      count++;
      last = record;
    }
    expect(count).toBe(100_000);
    expect(last).toEqual(movie(100_001, 100_000, expect.objectContaining({ id: 100_000, budget: 1_000_000 }) as TmdbMovieDetails));
  });
});

describe('readMovieFile, the real TMDB 5000 file', () => {
  const present = existsSync(REAL_FILE);
  if (!present) console.info(`Skipping the TMDB 5000 file test: ${REAL_FILE} does not exist (it is optional; see /work/shared/data/tmdb-5000/README.md)`);

  it.skipIf(!present)(
    'reads its 4,803 movies with 4,803 distinct ids and no error records',
    async () => {
      const { createReadStream } = await import('node:fs');
      const records = await readAll(createReadStream(REAL_FILE), { format: 'csv' });
      const movies = records.flatMap((r) => (r.kind === 'movie' ? [r.movie] : []));
      expect(records.filter((r) => r.kind === 'error')).toEqual([]);
      expect(movies).toHaveLength(4803);
      expect(new Set(movies.map((m) => m.id)).size).toBe(4803);
      // One physical line per row: the bare CRs inside three overviews do not shift the line numbers.
      expect(records.every((r) => r.position.line === r.position.record + 1)).toBe(true);
      expect(movies.find((m) => m.id === 19995)).toMatchObject({ title: 'Avatar', budget: 237_000_000, release_date: '2009-12-10' });
      expect(movies.find((m) => m.id === 380097)).toMatchObject({ title: 'America Is Still the Place', release_date: null });
      expect(movies.filter((m) => [11891, 11342, 25248].includes(m.id))).toHaveLength(3);
    },
    30_000,
  );
});
