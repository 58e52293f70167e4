/**
 * The BI replica's answer views (src/bi/migrations/002-answer-views.ts) against a real PostgreSQL: every view
 * must equal the API's answer at default parameters, computed by the question's own compute function from a
 * MovieStore holding the same movies the tables hold. The tables are migrated and filled as the replica does it
 * (migrate, applyChanges), and the views are read as the read-only role. Fixtures: hand-made (ties, unknown
 * and junk money, movies without genres, language or year), degenerate, seeded random, and none at all.
 *
 * PostgreSQL: BI_TEST_ADMIN_URL, else the local server (see test/support/bi-database.ts); a database of its own.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movie, randomChanges, storeOf } from '../src/analytics/compute/test-movies.js';
import { QUESTIONS, QUESTION_UNITS, type AnswerName } from '../src/analytics/questions/index.js';
import { spearman } from '../src/analytics/statistics.js';
import { migrate } from '../src/bi/bi-schema.js';
import { applyChanges } from '../src/bi/bi-writes.js';
import { ANSWER_VIEWS, MIGRATIONS, type AnswerViewDoc, type AnswerViewSource } from '../src/bi/migrations/index.js';
import { withDefaults } from '../src/common/dto/query-params.js';
import type { MovieChange, MovieStore } from '../src/read-model/movie-store.js';
import { freshBiDatabase, TEST_READER_PASSWORD, type BiDatabase } from './support/bi-database.js';
import { CHECKS, matchFloats, types, type Row } from './support/bi-views.js';

// ---- the database: migrated and filled as the replica does it, read as the read-only role ----

const READER = { user: 'bi_reader', password: TEST_READER_PASSWORD };

interface Databases {
  db: BiDatabase;
  /** The writer's connections. */
  writer: pg.Pool;
  /** The read-only role's: what a BI tool sees. */
  reader: pg.Pool;
}

/**
 * A fresh database at the newest schema. Between migrations 1 and 2, the text columns the views sort by get a
 * natural-language collation (where the server has ICU), so a view that sorted by the database's collation
 * instead of code points ("Zebra" < "apple" < "Éclair") would fail here even on a C-collated server.
 */
async function freshDatabases(): Promise<Databases> {
  const db = await freshBiDatabase(READER.user);
  const writer = new pg.Pool({ connectionString: db.url, max: 2, types });
  await migrate(
    writer,
    READER,
    MIGRATIONS.filter((m) => m.version === 1),
  );
  const icu = await writer.query(`SELECT 1 FROM pg_collation WHERE collname = 'en-US-x-icu'`);
  if (icu.rowCount)
    await writer.query(
      `ALTER TABLE movies ALTER COLUMN original_language TYPE text COLLATE "en-US-x-icu";
       ALTER TABLE movie_genres ALTER COLUMN genre TYPE text COLLATE "en-US-x-icu"`,
    );
  const report = await migrate(writer, READER);
  expect(report.readerProblem).toBeNull();
  const reader = new pg.Pool({ connectionString: db.readerUrl, max: 1, types });
  return { db, writer, reader };
}

/** The tables holding these changes, written by the replica's own code (unknown money NULL, genres one row per id). */
async function load({ writer }: Databases, changes: readonly MovieChange[]): Promise<void> {
  const client = await writer.connect();
  try {
    await client.query('BEGIN');
    await client.query('TRUNCATE movies, movie_genres, bi_internal.movie_versions');
    await applyChanges(client, changes);
    await client.query('COMMIT');
    await client.query('ANALYZE movies; ANALYZE movie_genres');
  } finally {
    client.release();
  }
}

// ---- each view's rows, worked out from the API's answer ----

function definedParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== null && value !== undefined));
}

/** The answer as the API computes it: the request's parameters with the defaults applied (null where a parameter has none, as for edges). */
async function answerOf(doc: AnswerViewDoc, source: AnswerViewSource, store: MovieStore): Promise<unknown> {
  const unit = QUESTIONS[doc.question as AnswerName];
  return unit.compute(store, { ...withDefaults(unit.query, source.query) }, { spearman: (x, y) => Promise.resolve(spearman(x, y)) });
}

async function viewRows({ reader }: Databases, doc: AnswerViewDoc, source: AnswerViewSource): Promise<Row[]> {
  const where = source.where ? ` WHERE ${source.where}` : '';
  const { rows } = await reader.query<Row>(`SELECT * FROM ${doc.view}${where} ORDER BY ${CHECKS[doc.view]!.orderBy}`);
  return rows;
}

/** Every view against the API's answer over these movies. */
function viewsEqualAnswers(name: string, changes: () => MovieChange[], getDb: () => Databases): void {
  describe(name, () => {
    let store: MovieStore;
    let titles: Map<number, string>;
    beforeAll(async () => {
      // Every version, older ones included, goes to both sides: each keeps the newest by the feed's rule.
      const all = changes();
      const held = storeOf(all);
      store = held.store;
      titles = new Map(held.movies.map((m) => [m.tmdbId, m.title]));
      await load(getDb(), all);
    });

    for (const doc of ANSWER_VIEWS) {
      for (const source of doc.sources) {
        const label = `${doc.view}${source.where ? ` (${source.where})` : ''} = /analytics/${source.route}${Object.keys(source.query).length ? `?${new URLSearchParams(source.query as Record<string, string>).toString()}` : ''}`;
        it(label, async () => {
          const expected = CHECKS[doc.view]!.expected(await answerOf(doc, source, store), source, titles);
          const actual = await viewRows(getDb(), doc, source);
          expect(matchFloats(actual, expected)).toEqual(expected);
        });
      }
    }
  });
}

// ---- the hand-made fixture ----

function handMade(): MovieChange[] {
  const movies: MovieChange[] = [];
  const add = (fields: Partial<MovieChange> & { tmdbId: number }) => movies.push(movie(fields));

  // Languages (≥ 100 votes, ≥ 5 movies). fr, de and it have the mean 7.3 on paper (fr from different values, so
  // its double may differ by an ulp; de and it are exactly tied, so code order decides); ja has a movie under the
  // vote floor and a mean on a rounding half; es has too few movies; ko (1.005: Math.round gives 1, not 1.01) and
  // zh round to the same lowest 1.00.
  const lang = (first: number, language: string | null, averages: number[], votes = 150, year: number | null = 1990) =>
    averages.forEach((voteAverage, i) => add({ tmdbId: first + i, originalLanguage: language, voteAverage, voteCount: votes + i, releaseYear: year }));
  lang(100, 'fr', [7.1, 7.2, 7.3, 7.4, 7.5], 100, 1990);
  lang(110, 'de', [7.3, 7.3, 7.3, 7.3, 7.3], 200, 1991);
  lang(120, 'it', [7.3, 7.3, 7.3, 7.3, 7.3], 300, 1992);
  lang(130, 'ja', [6.005, 6.005, 6.005, 6.005, 6.005], 120, 1993);
  add({ tmdbId: 135, originalLanguage: 'ja', voteAverage: 9.9, voteCount: 99, releaseYear: 1993 });
  lang(140, 'es', [9, 9, 9, 9], 500, 1994);
  add({ tmdbId: 144, originalLanguage: 'es', voteAverage: 9, voteCount: 50, releaseYear: 1994 });
  lang(150, 'ko', [1.005, 1.005, 1.005, 1.005, 1.005], 100, null);
  lang(160, 'zh', [1.004, 1.004, 1.004, 1.004, 1.004], 100, null);
  // Equal means whose doubles a plain running sum would set apart by an ulp (pt/ru one way, ar/nl the other):
  // the API ties them, and code order decides.
  lang(210, 'pt', [5, 6.5, 3.4, 6.6, 7.5], 100, null);
  lang(220, 'ru', [5.4, 4.9, 5.9, 7.1, 5.7], 100, null);
  lang(230, 'ar', [2.1, 7.4, 8.5, 9.7, 2.9], 100, null);
  lang(240, 'nl', [6.2, 5.9, 6.6, 5.5, 6.4], 100, null);
  lang(170, null, [8, 8, 8, 8, 8, 8], 1000, 1995);
  lang(180, 'cn', [7, 7, 7, 6.999, 7], 100, 1996);
  lang(190, 'xx', [0.5, 10, 0.001, 9.999, 5], 100, 1996);

  // Top-rated years (≥ 7 and ≥ 100 votes): 1990 fr has 5, 1991 de 5 and 1992 it 5 (tied most), 1996 has cn's four
  // 7s and xx's two (6 top-rated: the most). 1995's are 8 with 1000 votes (6: tied most). The 6.999 and the
  // 99-vote movie are not top-rated; the ko/zh movies have no year.
  add({ tmdbId: 199, voteAverage: 7, voteCount: 100, releaseYear: 1870 });
  add({ tmdbId: 198, voteAverage: 10, voteCount: 100000, releaseYear: 2100 });

  // Genres: Drama under two ids (one movie has both: it counts once), a pair listed twice, names whose code-unit
  // order is not a locale's, ties in counts, movies without genres.
  const drama18 = { id: 18, name: 'Drama' };
  const drama7 = { id: 7, name: 'Drama' };
  const comedy = { id: 35, name: 'Comedy' };
  const apple = { id: 502, name: 'apple' };
  const eclair = { id: 500, name: 'Éclair' };
  const zebra = { id: 501, name: 'Zebra' };
  add({ tmdbId: 200, genres: [drama18, drama7, comedy], voteCount: 0 });
  add({ tmdbId: 201, genres: [drama7] });
  add({ tmdbId: 202, genres: [drama18, drama18, apple] });
  add({ tmdbId: 203, genres: [comedy, eclair, zebra] });
  add({ tmdbId: 204, genres: [comedy, zebra, apple] });
  add({ tmdbId: 205, genres: [eclair] });
  add({ tmdbId: 206, genres: [] });

  // Money. Budget ties at the top (ids 300/301) and at the floor (302/303); a known budget under the floor (304,
  // with the highest revenue of its year), a revenue under the floor (305), a revenue of 5 (306: only in the
  // revenue-per-year answer), profit ties (307/308 highest, 309/310 lowest), movies without a year (311).
  add({ tmdbId: 301, budget: 300_000_000, revenue: 900_000_000, releaseYear: 2001 });
  add({ tmdbId: 300, budget: 300_000_000, revenue: 200_000_000, releaseYear: 2001 });
  add({ tmdbId: 303, budget: 1000, revenue: 1000, releaseYear: 2001 });
  add({ tmdbId: 302, budget: 1000, revenue: 0, releaseYear: 2001 });
  add({ tmdbId: 304, budget: 500, revenue: 2_000_000_000, releaseYear: 2001 });
  add({ tmdbId: 305, budget: 5_000_000, revenue: 999, releaseYear: 2001 });
  add({ tmdbId: 306, budget: 0, revenue: 5, releaseYear: 2002 });
  add({ tmdbId: 308, budget: 100_000_000, revenue: 1_100_000_000, releaseYear: 2002 });
  add({ tmdbId: 307, budget: 200_000_000, revenue: 1_200_000_000, releaseYear: 2002 });
  add({ tmdbId: 310, budget: 250_000_000, revenue: 1000, releaseYear: 2002 });
  add({ tmdbId: 309, budget: 250_000_000, revenue: 1000, releaseYear: 2002 });
  add({ tmdbId: 311, budget: 7_000_000, revenue: 8_000_000, releaseYear: null });
  // More than 20 movies with a known profit, from few values (ties in budget, revenue and profit, for the ranks).
  for (let i = 0; i < 30; i++) {
    add({ tmdbId: 400 + i, budget: [1e6, 2e6, 2e6, 5e6, 1e7][i % 5]!, revenue: [3e6, 3e6, 4e7, 1e6, 2e7, 9e6][i % 6]!, releaseYear: 2003 + (i % 3) });
  }
  // A year with revenue ties across its 5th place.
  for (let i = 0; i < 8; i++) add({ tmdbId: 500 - i, revenue: i < 3 ? 7e7 : 6e7, releaseYear: 2010 });
  // A movie updated: the newer version (no money) is what both sides hold.
  add({ tmdbId: 600, budget: 1e9, revenue: 1e10, observedAt: 1 });
  add({ tmdbId: 600, budget: 0, revenue: 0, observedAt: 2 });
  return movies;
}

// ---- the suite ----

describe('BI answer views (PostgreSQL)', () => {
  let dbs: Databases;
  const getDb = () => dbs;

  beforeAll(async () => {
    dbs = await freshDatabases();
  });
  afterAll(async () => {
    await dbs?.reader.end();
    await dbs?.writer.end();
    await dbs?.db.drop();
  });

  it('the migrations are versions 1, 2, ... in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('describes one view per headline question, with the API defaults as parameters', () => {
    // No view: data quality (it needs the ISO 639-1 list) and explore (any cut, so no one table).
    const withoutView = new Set(['dataQuality', 'explore']);
    expect(ANSWER_VIEWS.map((v) => v.question).sort()).toEqual(
      QUESTION_UNITS.map((u) => u.name)
        .filter((name) => !withoutView.has(name))
        .sort(),
    );
    for (const doc of ANSWER_VIEWS) {
      const unit = QUESTIONS[doc.question as AnswerName];
      for (const source of doc.sources) {
        expect(source.route, doc.view).toBe(unit.route);
        expect(definedParams(withDefaults(unit.query, source.query)), `${doc.view}: ${JSON.stringify(source.query)}`).toEqual(source.params);
      }
    }
  });

  it('every view and every column of it has a comment', async () => {
    const { rows } = await dbs.reader.query<{ view: string; comment: string | null }>(
      `SELECT c.relname AS view, obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c WHERE c.relkind = 'v' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`,
    );
    expect(rows.map((r) => r.view)).toEqual(ANSWER_VIEWS.map((v) => v.view).sort());
    for (const row of rows) expect(row.comment, row.view).toBeTruthy();
    const { rows: columns } = await dbs.reader.query<{ view: string; column: string }>(
      `SELECT c.relname AS view, a.attname AS column
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relkind = 'v' AND c.relnamespace = current_schema()::regnamespace AND col_description(c.oid, a.attnum) IS NULL`,
    );
    expect(columns).toEqual([]);
  });

  viewsEqualAnswers('no movies', () => [], getDb);
  viewsEqualAnswers('hand-made movies', handMade, getDb);
  // Degenerate statistics: revenue without spread (r and R² undefined, the line flat), budget without spread
  // (no line), a single movie.
  viewsEqualAnswers(
    'equal revenues',
    () => [1e6, 2e6, 4e6].map((budget, i) => movie({ tmdbId: i + 1, budget, revenue: 5e6, originalLanguage: 'en', voteCount: 500 + i })),
    getDb,
  );
  viewsEqualAnswers(
    'equal budgets',
    () => [1e6, 2e6, 4e6].map((revenue, i) => movie({ tmdbId: i + 1, budget: 3e6, revenue, genres: [{ id: 1, name: 'X' }] })),
    getDb,
  );
  viewsEqualAnswers('one movie', () => [movie({ tmdbId: 9, budget: 3e6, revenue: 4e6, genres: [{ id: 1, name: 'X' }] })], getDb);
  viewsEqualAnswers('seeded random movies', () => randomChanges(20_260_601, { movies: 4000, updates: 800, firstYear: 1960, years: 50 }), getDb);
  viewsEqualAnswers('seeded random movies, few distinct values', () => randomChanges(7, { movies: 1500, updates: 100, years: 3 }), getDb);
});
