/**
 * The BI replica's answer views (src/bi/migrations/002-answer-views.ts, 003-group-answer-views.ts) against a real
 * PostgreSQL: every view must equal the API's answer at default parameters, computed by the question's own compute
 * function from a MovieStore holding the same movies the tables hold. The tables are migrated and filled as the
 * replica does it (migrate, applyChanges), and the views are read as the read-only role. Fixtures: hand-made (ties,
 * unknown and junk money, movies without genres, language or year; for the group answers, genre × language cells
 * and budget bands with equal budgets at the cuts), degenerate, seeded random, and none at all.
 *
 * PostgreSQL: BI_TEST_ADMIN_URL, else the local server (see test/support/bi-database.ts); a database of its own.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBudgetBands, type BudgetBandsParams } from '../src/analytics/compute/budget-bands.js';
import { computeGenreLanguage, type GenreLanguageParams } from '../src/analytics/compute/genre-language.js';
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

/**
 * Every view against the API's answer over these movies; `covers` (optional) checks that the fixture reaches the
 * cases it was made for, so that a change to it cannot make the comparison pass by having nothing to compare.
 */
function viewsEqualAnswers(name: string, changes: () => MovieChange[], getDb: () => Databases, covers?: (store: MovieStore) => void): void {
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
    if (covers) it('the fixture covers what it was made for', () => covers(store));
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

// ---- the group answers' fixtures ----

const DRAMA_18 = { id: 18, name: 'Drama' };
const DRAMA_7 = { id: 7, name: 'Drama' };
const COMEDY = { id: 35, name: 'Comedy' };
const HORROR = { id: 27, name: 'Horror' };
const ZEBRA = { id: 501, name: 'Zebra' };
const APPLE = { id: 502, name: 'apple' };
const ECLAIR = { id: 500, name: 'Éclair' };

/** The parameters the API answers with by default (the views' parameters). */
function defaultsOf(question: AnswerName): Record<string, unknown> {
  return { ...withDefaults(QUESTIONS[question].query, {}) };
}
const genreLanguageOf = (store: MovieStore) => computeGenreLanguage(store, defaultsOf('genreLanguage') as unknown as GenreLanguageParams);
const budgetBandsOf = (store: MovieStore) => computeBudgetBands(store, defaultsOf('budgetBands') as unknown as BudgetBandsParams);

/**
 * Genre × language cells (listed from 10 movies). Most ratings are multiples of 1/8, so every sum is exact and
 * the rounding halves are real halves on both sides: Drama × en's weighted rating is 7.125 (Math.round gives 7.13,
 * PostgreSQL's round() of a double 7.12) and its mean 70.25 / 10; Drama × de ties it (language code decides);
 * Zebra, apple and Éclair × en tie (code points: Z < a < É); Comedy × fr has no votes (NULL, ranked last);
 * Comedy × ja has 9 movies (left out); Horror × xx has a TMDB-only language name. Comedy × en's ratings are not
 * exact in binary, and their mean is a hundredth-half that only an exact sum rounds as the API does. Money: an even
 * count of known money in Drama × en (medians of the two middle values, one a half dollar), an odd count in
 * Drama × de, none in the tied cells; unknown money (0), junk under the floors (999, 500) and exactly the floors
 * (1000).
 */
function genreLanguageCells(): MovieChange[] {
  const movies: MovieChange[] = [];
  const add = (fields: Partial<MovieChange> & { tmdbId: number }) => movies.push(movie(fields));
  const cell = (first: number, count: number, fields: (i: number) => Partial<MovieChange>) => {
    for (let i = 0; i < count; i++) add({ tmdbId: first + i, ...fields(i) });
  };
  // Drama × en: one movie lists Drama under two ids (one cell, genre_id 7), one lists it twice.
  const dramaEnMoney: [number, number][] = [
    [1000, 1001],
    [1000, 1002],
    [2e6, 5e6],
    [3e6, 1e6],
    [0, 5e6],
    [5e6, 999],
    [500, 1e7],
  ];
  cell(1000, 10, (i) => ({
    originalLanguage: 'en',
    genres: i === 0 ? [DRAMA_18, DRAMA_7] : i === 1 ? [DRAMA_18, DRAMA_18] : [DRAMA_18],
    voteAverage: i === 9 ? 7.25 : 7,
    voteCount: i >= 8 ? 1 : 0,
    budget: dramaEnMoney[i]?.[0] ?? 0,
    revenue: dramaEnMoney[i]?.[1] ?? 0,
  }));
  cell(1010, 10, (i) => ({
    originalLanguage: 'de',
    genres: [DRAMA_18],
    voteAverage: 7.125,
    voteCount: 10 + i,
    budget: i < 3 ? 1e6 : 0,
    revenue: [2e6, 3e6, 5e5][i] ?? 0,
  }));
  // Zebra, apple and Éclair × en: the same weighted rating; 1030 is in both Zebra and apple.
  cell(1020, 10, (i) => ({ originalLanguage: 'en', genres: i === 0 ? [ZEBRA, APPLE] : [ZEBRA], voteAverage: 6.5, voteCount: 100 }));
  cell(1030, 9, () => ({ originalLanguage: 'en', genres: [APPLE], voteAverage: 6.5, voteCount: 100 }));
  cell(1040, 10, () => ({ originalLanguage: 'en', genres: [ECLAIR], voteAverage: 6.5, voteCount: 100 }));
  cell(1050, 10, (i) => ({ originalLanguage: 'fr', genres: [COMEDY], voteAverage: i / 8, voteCount: 0, budget: 1e6, revenue: 1e6 }));
  cell(1060, 9, () => ({ originalLanguage: 'ja', genres: [COMEDY], voteAverage: 9, voteCount: 1000 }));
  // Comedy × en: the mean (and weighted rating) is 5.585 on paper; the exact sum of these doubles gives 5.59, a plain
  // running sum 5.58 in almost every order (297 of 300 shuffles). The API sums exactly (double-double); so must the view.
  const halfway = [2.11, 7.08, 1.16, 6.97, 5.41, 5.27, 8.11, 5.8, 6.39, 7.55];
  cell(1100, 10, (i) => ({ originalLanguage: 'en', genres: [COMEDY], voteAverage: halfway[i]!, voteCount: 1 }));
  cell(1070, 10, (i) => ({
    originalLanguage: 'xx',
    genres: [HORROR],
    voteAverage: 5 + i / 4,
    voteCount: 1 + i,
    budget: 1e6 * (i + 1),
    revenue: 1e6 * (10 - i),
  }));
  // Not in any cell: no language, no genres.
  cell(1080, 5, () => ({ originalLanguage: null, genres: [DRAMA_18], voteAverage: 10, voteCount: 1000 }));
  cell(1090, 5, () => ({ originalLanguage: 'en', genres: [], voteAverage: 10, voteCount: 1000 }));
  return movies;
}

/**
 * Budget bands (deciles of 20 movies with known money: cuts after positions 2, 4, …, 18): budgets 5 × $1M,
 * 1 × $2M, 8 × $5M and 6 × $10M, so the cuts fall inside runs of equal budgets and move up past them, cuts meet
 * and are dropped, and the last ones land on the highest budget (no band): 4 bands, one of a single movie. The
 * $5M band's median profit is exactly the $100M target (an even count: the mean of two middle values), with a
 * profit of 0 (not profitable) and p10/p90 between ranks; the $10M band reaches it too but comes later. Money that
 * does not count: a budget under the floor, unknown (0) budgets and revenues, a revenue of 999.
 */
function budgetBandEdges(): MovieChange[] {
  const movies: MovieChange[] = [];
  let id = 2000;
  const add = (budget: number, revenue: number) => movies.push(movie({ tmdbId: id++, budget, revenue }));
  for (const revenue of [1e6, 2e6, 3e6, 1.5e6, 1000]) add(1e6, revenue);
  add(2e6, 7e6);
  for (const profit of [2e8, 1.5e8, 1e8, 1e8, 5e7, 3e8, 0, -1e6]) add(5e6, 5e6 + profit);
  for (const revenue of [6e8, 5e8, 7e8, 5.1e8, 9e8, 2e7]) add(1e7, revenue);
  add(999, 1e9);
  add(0, 1e9);
  add(1e6, 0);
  add(1e6, 999);
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

  it('a database at version 2 upgrades to the group-answer views, and the read-only role may read them', async () => {
    const db = await freshBiDatabase(READER.user);
    const writer = new pg.Pool({ connectionString: db.url, max: 2, types });
    let reader: pg.Pool | undefined;
    try {
      const before = await migrate(
        writer,
        READER,
        MIGRATIONS.filter((m) => m.version <= 2),
      );
      expect(before).toMatchObject({ applied: [1, 2], version: 2, readerProblem: null });
      await load({ db, writer, reader: writer }, budgetBandEdges());
      reader = new pg.Pool({ connectionString: db.readerUrl, max: 1, types });
      await expect(reader.query('SELECT * FROM answer_budget_bands')).rejects.toThrow(/does not exist/);
      const after = await migrate(writer, READER);
      expect(after).toMatchObject({ applied: [3], version: 3, readerProblem: null });
      const store = storeOf(budgetBandEdges()).store;
      const bands = (await reader.query<Row>(`SELECT * FROM answer_budget_bands ORDER BY ${CHECKS['answer_budget_bands']!.orderBy}`)).rows;
      const expected = CHECKS['answer_budget_bands']!.expected(
        budgetBandsOf(store),
        ANSWER_VIEWS.find((v) => v.view === 'answer_budget_bands')!.sources[0]!,
        new Map(),
      );
      expect(matchFloats(bands, expected)).toEqual(expected);
      expect((await reader.query('SELECT count(*) AS n FROM answer_genre_language')).rows).toEqual([{ n: 0 }]);
      await expect(reader.query('DELETE FROM movies')).rejects.toThrow();
    } finally {
      await reader?.end();
      await writer.end();
      await db.drop();
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
  viewsEqualAnswers('genre × language cells', genreLanguageCells, getDb, (store) => {
    const a = genreLanguageOf(store);
    expect(a.items.length).toBeGreaterThanOrEqual(7);
    expect(a.leftOut).toBeGreaterThan(0);
    expect(a.items.at(-1)!.weightedRating).toBeNull();
    expect(a.items.some((i) => i.weightedRating !== null && i.weightedRating === a.items.find((j) => j !== i)?.weightedRating)).toBe(true);
    expect(a.items.some((i) => i.moneyMovies === 0)).toBe(true);
    expect(a.items.some((i) => i.moneyMovies > 0 && i.moneyMovies % 2 === 0)).toBe(true);
    expect(a.claim.rank).not.toBeNull();
  });
  viewsEqualAnswers('budget bands with equal budgets at the cuts', budgetBandEdges, getDb, (store) => {
    const a = budgetBandsOf(store);
    expect(a.items.length).toBeGreaterThan(1);
    expect(a.items.length).toBeLessThan(10);
    expect(new Set(a.items.map((i) => i.movies)).size).toBeGreaterThan(1);
    expect(a.target.band).not.toBeNull();
    expect(a.target.band!.band).toBeLessThan(a.items.length);
  });
  viewsEqualAnswers(
    'seeded random movies',
    () => randomChanges(20_260_601, { movies: 4000, updates: 800, firstYear: 1960, years: 50 }),
    getDb,
    (store) => {
      const cells = genreLanguageOf(store);
      expect(cells.items.length).toBeGreaterThan(10);
      expect(budgetBandsOf(store).items.length).toBeGreaterThan(5);
    },
  );
  viewsEqualAnswers('seeded random movies, few distinct values', () => randomChanges(7, { movies: 1500, updates: 100, years: 3 }), getDb);
});
