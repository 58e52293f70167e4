import type { Migration } from './migration.js';

/**
 * The business answers as plain SQL views over `movies` and `movie_genres`, one per question, each equal to
 * the analytics API's answer at its default parameters (the parameters are frozen here: a change of an API
 * default needs a new migration, and test/bi-views.e2e-spec.ts fails until there is one).
 *
 * Unknown money is NULL here where the API holds 0; a floor (budget ≥ 1000) excludes both, so every set of
 * movies is the API's. Orders and ties are the API's: strings compare in code-point order (COLLATE "C"),
 * ties go to the lower TMDB id, and rounding is JavaScript's Math.round (half up), written out below.
 */

/** The API's default parameters the views answer with (the query DTOs' defaults when this migration was written). */
export const MIN_BUDGET = 1000;
export const MIN_REVENUE = 1000;
const LANGUAGES_MIN_VOTES = 100;
const LANGUAGES_MIN_MOVIES = 5;
const TOP_RATED_MIN_RATING = 7;
const TOP_RATED_MIN_VOTES = 100;
const GENRES_MIN_VOTES = 0;
const TOP_MOVIES_LIMIT = 20;
const TOP_REVENUE_PER_YEAR = 5;

/** Where the API's money answers draw from (budget and revenue known and at least their floors). */
const BUDGET_COUNTS = `budget >= ${MIN_BUDGET}`;
const PROFIT_COUNTS = `budget >= ${MIN_BUDGET} AND revenue >= ${MIN_REVENUE}`;

/**
 * 2^62: vote averages are multiples of 2^-62 (every double from 2^-10 up is), so their fractions scaled by it
 * are whole and fit a bigint. (A vote average under 2^-10 that is not would be off by less than 2^-63.)
 */
export const SCALE = '4611686018427387904';

/**
 * `roundTo(value, places)` of statistics.ts in SQL: Math.round(value · 10^places) / 10^places in doubles,
 * halves rounded up (towards +∞, as Math.round does; PostgreSQL's round() goes away from zero), −0 made 0.
 */
export function jsRound(expr: string, places: number): string {
  const factor = `${10 ** places}::float8`;
  const x = `((${expr}) * ${factor})`;
  return `((CASE WHEN ${x} - floor(${x}) >= 0.5 THEN ceil(${x}) ELSE floor(${x}) END) / ${factor} + 0)`;
}

/** Pearson's r as the API reports it: clamped to [−1, 1] (NULL stays NULL), 4 places. */
function clampedR(expr: string): string {
  return jsRound(`CASE WHEN (${expr}) > 1 THEN 1 WHEN (${expr}) < -1 THEN -1 ELSE (${expr}) END`, 4);
}

/** One row of the description table: which API request (or requests) a view equals. */
export interface AnswerViewSource {
  /** The API route, under /analytics. */
  route: string;
  /** What to put in the query string (the rest are defaults); {} for the defaults. */
  query: Readonly<Record<string, string | number>>;
  /** The parameters the answer is then computed with (defaults applied; parameters without a default left out). */
  params: Readonly<Record<string, string | number>>;
  /** Which of the view's rows this request gives, as an SQL condition; absent: all of them. */
  where?: string;
}

export interface AnswerViewDoc {
  view: string;
  /** The question unit's name (src/analytics/questions). */
  question: string;
  sources: readonly AnswerViewSource[];
  /** How the view's rows and columns map onto the answer. */
  rows: string;
}

const MONEY_FLOORS = { minBudget: MIN_BUDGET, minRevenue: MIN_REVENUE } as const;

/** The answer views and the API requests they equal: for the docs and the tests. */
export const ANSWER_VIEWS: readonly AnswerViewDoc[] = [
  {
    view: 'answer_languages',
    question: 'languages',
    sources: [{ route: 'languages', query: {}, params: { minVotes: LANGUAGES_MIN_VOTES, minMovies: LANGUAGES_MIN_MOVIES } }],
    rows: 'One row per item, in the answer\'s order (position); is_highest / is_lowest mark "highest" and "lowest".',
  },
  {
    view: 'answer_top_rated_years',
    question: 'topRatedYears',
    sources: [{ route: 'top-rated/years', query: {}, params: { minRating: TOP_RATED_MIN_RATING, minVotes: TOP_RATED_MIN_VOTES } }],
    rows: 'One row per item (year, count); is_most / is_fewest mark the years listed in "most" and "fewest".',
  },
  {
    view: 'answer_genres',
    question: 'genres',
    sources: [{ route: 'genres', query: {}, params: { minVotes: GENRES_MIN_VOTES } }],
    rows: 'One row per item, in the answer\'s order (position); is_most / is_least mark "most" and "least".',
  },
  {
    view: 'answer_extremes',
    question: 'extremes',
    sources: [{ route: 'movies/extremes', query: {}, params: MONEY_FLOORS }],
    rows: 'One row per item (answer = highestProfit, lowestProfit, highestBudget, lowestBudget, in that order); considered is consideredForProfit on profit rows, considered on budget rows.',
  },
  {
    view: 'answer_top_movies',
    question: 'topMovies',
    sources: [
      {
        route: 'movies/top',
        query: {},
        params: { ...MONEY_FLOORS, by: 'profit', limit: TOP_MOVIES_LIMIT, order: 'desc' },
        where: "measure = 'profit'",
      },
      {
        route: 'movies/top',
        query: { by: 'budget' },
        params: { ...MONEY_FLOORS, by: 'budget', limit: TOP_MOVIES_LIMIT, order: 'desc' },
        where: "measure = 'budget'",
      },
    ],
    rows: "One row per item and measure (the API's `by`), rank from 1; considered is the answer's considered.",
  },
  {
    view: 'answer_top_revenue_per_year',
    question: 'topRevenuePerYear',
    sources: [{ route: 'revenue/top-per-year', query: {}, params: { n: TOP_REVENUE_PER_YEAR } }],
    rows: "One row per (item, movie): release_year and movies_in_year are the item's year and count, rank the movie's position in it from 1.",
  },
  {
    view: 'answer_revenue_vs_budget',
    question: 'revenueVsBudget',
    sources: [{ route: 'revenue-vs-budget', query: {}, params: MONEY_FLOORS }],
    rows: 'One row: n (= considered) and the statistics, log10.* as log10_*. The points are the rows of movies with budget and revenue ≥ the floors.',
  },
];

/** A string literal in SQL. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function comments(view: string, definition: string, columns: Record<string, string>): string {
  const lines = [`COMMENT ON VIEW ${view} IS ${literal(definition)};`];
  for (const [column, text] of Object.entries(columns)) lines.push(`COMMENT ON COLUMN ${view}.${column} IS ${literal(text)};`);
  return lines.join('\n');
}

/** The columns of a movie row, as the movie-valued answers show them. */
const MOVIE_COLUMN_COMMENTS = {
  tmdb_id: 'The movie (movies.tmdb_id).',
  title: 'Title.',
  release_year: 'Release year; NULL when unknown.',
  budget: 'Budget, USD; NULL when unknown (the API shows 0).',
  revenue: 'Revenue, USD; NULL when unknown (the API shows 0).',
  profit: 'revenue − budget when both are known; otherwise NULL.',
};

const languages = `
CREATE VIEW answer_languages AS
WITH per_language AS (
  SELECT original_language AS language,
         max(language_name) AS language_name,
         count(*) AS movies,
         sum(vote_count) AS votes,
         -- The exact sum of the doubles (whole part plus fraction · 2^62, both summed exactly), rounded once to
         -- a double, over the count: the API's mean to the last bit, so equal means tie as they do there.
         ((sum(trunc(vote_average)::bigint)::numeric * ${SCALE} + sum(((vote_average - trunc(vote_average)) * ${SCALE}::float8)::bigint))::float8
           / ${SCALE}::float8) / count(*)::float8 AS mean
  FROM movies
  WHERE vote_count >= ${LANGUAGES_MIN_VOTES} AND original_language IS NOT NULL
  GROUP BY original_language
  HAVING count(*) >= ${LANGUAGES_MIN_MOVIES}
), listed AS (
  SELECT row_number() OVER (ORDER BY mean DESC, language COLLATE "C") AS position,
         language, language_name, movies, ${jsRound('mean', 2)} AS average_rating, votes
  FROM per_language
)
SELECT position, language, language_name, movies, average_rating, votes,
       position = 1 AS is_highest,
       row_number() OVER (ORDER BY average_rating, position) = 1 AS is_lowest
FROM listed
ORDER BY position;
${comments(
  'answer_languages',
  `Per original language (ISO 639-1 code): the movies with at least ${LANGUAGES_MIN_VOTES} votes, their unweighted mean vote average (average_rating, rounded to 2 places) and total votes. Languages with fewer than ${LANGUAGES_MIN_MOVIES} such movies are left out. Best mean first (compared before rounding), ties by language code (position); is_highest is the first, is_lowest the first listed of those with the lowest average_rating as shown. Equals GET /analytics/languages at default parameters (minVotes=${LANGUAGES_MIN_VOTES}, minMovies=${LANGUAGES_MIN_MOVIES}).`,
  {
    position: 'Place in the answer, from 1: best mean first, ties by language code.',
    language: 'Original language, ISO 639-1 code.',
    language_name: 'English name of the language; NULL when the code has none.',
    movies: `Movies in the language with at least ${LANGUAGES_MIN_VOTES} votes.`,
    average_rating: 'Unweighted mean vote average of those movies, rounded to 2 places (halves up).',
    votes: 'Total votes of those movies.',
    is_highest: 'The language with the best mean (the answer\'s "highest").',
    is_lowest: 'The first listed language with the lowest average_rating (the answer\'s "lowest").',
  },
)}
`;

const topRatedYears = `
CREATE VIEW answer_top_rated_years AS
WITH per_year AS (
  SELECT release_year, count(*) AS top_rated_movies
  FROM movies
  WHERE vote_average >= ${TOP_RATED_MIN_RATING} AND vote_count >= ${TOP_RATED_MIN_VOTES} AND release_year IS NOT NULL
  GROUP BY release_year
)
SELECT release_year, top_rated_movies,
       top_rated_movies = max(top_rated_movies) OVER () AS is_most,
       top_rated_movies = min(top_rated_movies) OVER () AS is_fewest
FROM per_year
ORDER BY release_year;
${comments(
  'answer_top_rated_years',
  `A movie is top-rated when its vote average is at least ${TOP_RATED_MIN_RATING} and it has at least ${TOP_RATED_MIN_VOTES} votes. Counted per release year (all years); movies without a release date are left out, and years without a top-rated movie are not listed. is_most and is_fewest mark every tied year. Equals GET /analytics/top-rated/years at default parameters (minRating=${TOP_RATED_MIN_RATING}, minVotes=${TOP_RATED_MIN_VOTES}, no from/to).`,
  {
    release_year: 'Release year.',
    top_rated_movies: `Movies of that year with a vote average of at least ${TOP_RATED_MIN_RATING} and at least ${TOP_RATED_MIN_VOTES} votes.`,
    is_most: 'The year has the most top-rated movies (every tied year is marked).',
    is_fewest: 'The year has the fewest top-rated movies (every tied year is marked).',
  },
)}
`;

// minVotes is 0: every movie counts (vote_count is never negative), so movies need not be joined.
const genres = `
CREATE VIEW answer_genres AS
WITH per_genre AS (
  SELECT genre, min(genre_id) AS genre_id, count(DISTINCT tmdb_id) AS movies
  FROM movie_genres
  GROUP BY genre
)
SELECT row_number() OVER (ORDER BY movies DESC, genre COLLATE "C") AS position,
       genre, genre_id, movies,
       row_number() OVER (ORDER BY movies DESC, genre COLLATE "C") = 1 AS is_most,
       row_number() OVER (ORDER BY movies, genre COLLATE "C") = 1 AS is_least
FROM per_genre
ORDER BY position;
${comments(
  'answer_genres',
  `Movies per genre among movies with at least ${GENRES_MIN_VOTES} votes (that is, all movies); a movie counts once in each of its genres (a genre name under two ids counts once). Most movies first, ties by genre name (position); is_most is the first, is_least the genre with the fewest movies (ties: first by name). Equals GET /analytics/genres at default parameters (minVotes=${GENRES_MIN_VOTES}).`,
  {
    position: 'Place in the answer, from 1: most movies first, ties by genre name.',
    genre: 'Genre name.',
    genre_id: 'The lowest TMDB genre id the name has among the movies counted.',
    movies: 'Movies in the genre.',
    is_most: 'The first genre (the answer\'s "most").',
    is_least: 'The genre with the fewest movies, the first by name among ties (the answer\'s "least").',
  },
)}
`;

/** A movie row's columns, from `m`. */
const MOVIE_ROW = 'm.tmdb_id, m.title, m.release_year, m.budget, m.revenue, m.profit';

const extremes = `
CREATE VIEW answer_extremes AS
WITH considered AS (
  SELECT count(*) AS for_budget, count(*) FILTER (WHERE revenue >= ${MIN_REVENUE}) AS for_profit
  FROM movies
  WHERE ${BUDGET_COUNTS}
)
SELECT 1::bigint AS position, 'highestProfit'::text AS answer, 'profit'::text AS measure, 'highest'::text AS extreme, ${MOVIE_ROW}, c.for_profit AS considered
FROM (SELECT * FROM movies WHERE ${PROFIT_COUNTS} ORDER BY profit DESC, tmdb_id LIMIT 1) m CROSS JOIN considered c
UNION ALL
SELECT 2, 'lowestProfit', 'profit', 'lowest', ${MOVIE_ROW}, c.for_profit
FROM (SELECT * FROM movies WHERE ${PROFIT_COUNTS} ORDER BY profit, tmdb_id LIMIT 1) m CROSS JOIN considered c
UNION ALL
SELECT 3, 'highestBudget', 'budget', 'highest', ${MOVIE_ROW}, c.for_budget
FROM (SELECT * FROM movies WHERE ${BUDGET_COUNTS} ORDER BY budget DESC, tmdb_id LIMIT 1) m CROSS JOIN considered c
UNION ALL
SELECT 4, 'lowestBudget', 'budget', 'lowest', ${MOVIE_ROW}, c.for_budget
FROM (SELECT * FROM movies WHERE ${BUDGET_COUNTS} ORDER BY budget, tmdb_id LIMIT 1) m CROSS JOIN considered c
ORDER BY position;
${comments(
  'answer_extremes',
  `Profit = revenue − budget, only where both are known and budget ≥ ${MIN_BUDGET} and revenue ≥ ${MIN_REVENUE}. Budget rows use movies with a known budget ≥ ${MIN_BUDGET}. Ties go to the lower TMDB id. considered = movies with a known budget ≥ ${MIN_BUDGET} on budget rows; on profit rows, those also with a known revenue ≥ ${MIN_REVENUE}. A row is missing when no movie counts. Equals GET /analytics/movies/extremes at default parameters (minBudget=${MIN_BUDGET}, minRevenue=${MIN_REVENUE}).`,
  {
    position: "1 highestProfit, 2 lowestProfit, 3 highestBudget, 4 lowestBudget: the order of the answer's items.",
    answer: "The answer's name for the row: highestProfit, lowestProfit, highestBudget or lowestBudget.",
    measure: 'profit or budget.',
    extreme: 'highest or lowest.',
    ...MOVIE_COLUMN_COMMENTS,
    considered: 'Movies the row was chosen among.',
  },
)}
`;

/** The first TOP_MOVIES_LIMIT movies by a measure, highest first, ties to the lower id, numbered from 1. */
function topBy(measure: 'profit' | 'budget', where: string, count: string): string {
  return `SELECT '${measure}'::text AS measure, row_number() OVER (ORDER BY m.${measure} DESC, m.tmdb_id) AS rank, ${MOVIE_ROW}, c.${count} AS considered
FROM (SELECT * FROM movies WHERE ${where} ORDER BY ${measure} DESC, tmdb_id LIMIT ${TOP_MOVIES_LIMIT}) m CROSS JOIN considered c`;
}

const topMovies = `
CREATE VIEW answer_top_movies AS
WITH considered AS (
  SELECT count(*) AS for_budget, count(*) FILTER (WHERE revenue >= ${MIN_REVENUE}) AS for_profit
  FROM movies
  WHERE ${BUDGET_COUNTS}
)
${topBy('profit', PROFIT_COUNTS, 'for_profit')}
UNION ALL
${topBy('budget', BUDGET_COUNTS, 'for_budget')}
ORDER BY measure DESC, rank;
${comments(
  'answer_top_movies',
  `The first ${TOP_MOVIES_LIMIT} movies ordered by the measure (highest first); ties go to the lower TMDB id. A movie counts only when its measure is known: budget ≥ ${MIN_BUDGET} for budget, budget ≥ ${MIN_BUDGET} and revenue ≥ ${MIN_REVENUE} for profit. considered = movies that count. Equals GET /analytics/movies/top at default parameters (by=profit, order=desc, limit=${TOP_MOVIES_LIMIT}, minBudget=${MIN_BUDGET}, minRevenue=${MIN_REVENUE}) for measure = profit, and with by=budget for measure = budget.`,
  {
    measure: "The measure ranked by (the API's `by`): profit or budget.",
    rank: 'Position, from 1 (highest first; ties to the lower TMDB id).',
    ...MOVIE_COLUMN_COMMENTS,
    considered: 'Movies whose measure is known (and at least its floors).',
  },
)}
`;

const topRevenuePerYear = `
CREATE VIEW answer_top_revenue_per_year AS
WITH per_year AS (
  SELECT release_year, count(*) AS movies_in_year
  FROM movies
  WHERE revenue > 0 AND release_year IS NOT NULL
  GROUP BY release_year
)
SELECT y.release_year, m.rank, m.tmdb_id, m.title, m.budget, m.revenue, m.profit, y.movies_in_year
FROM per_year y
CROSS JOIN LATERAL (
  SELECT row_number() OVER (ORDER BY t.revenue DESC, t.tmdb_id) AS rank, t.tmdb_id, t.title, t.budget, t.revenue, t.profit
  FROM movies t
  WHERE t.release_year = y.release_year AND t.revenue > 0
  ORDER BY t.revenue DESC, t.tmdb_id
  LIMIT ${TOP_REVENUE_PER_YEAR}
) m
ORDER BY y.release_year, m.rank;
${comments(
  'answer_top_revenue_per_year',
  `For each release year, its ${TOP_REVENUE_PER_YEAR} highest-revenue movies (ties to the lower TMDB id) among movies with a known revenue (any amount above 0; no floor) and a release date; movies_in_year is how many such movies the year has. Oldest year first. Equals GET /analytics/revenue/top-per-year at default parameters (n=${TOP_REVENUE_PER_YEAR}, no from/to).`,
  {
    release_year: 'Release year.',
    rank: 'Position within the year, from 1 (highest revenue first; ties to the lower TMDB id).',
    tmdb_id: MOVIE_COLUMN_COMMENTS.tmdb_id,
    title: MOVIE_COLUMN_COMMENTS.title,
    budget: MOVIE_COLUMN_COMMENTS.budget,
    revenue: 'Revenue, USD (known: every movie listed has one).',
    profit: MOVIE_COLUMN_COMMENTS.profit,
    movies_in_year: "Movies of the year with a known revenue (the answer's count for the year).",
  },
)}
`;

const revenueVsBudget = `
CREATE VIEW answer_revenue_vs_budget AS
-- Average ranks from 1: a tied value gets the mean of the first (rank) and the last (count of values up to it)
-- rank it spans. Budget ranks in the order movies_budget_asc_floored reads them, then revenue ranks: one sort.
WITH by_budget AS (
  SELECT budget, revenue, (rank() OVER w + count(*) OVER w)::float8 / 2 AS rank_x
  FROM movies
  WHERE ${PROFIT_COUNTS}
  WINDOW w AS (ORDER BY budget)
), ranked AS (
  SELECT budget::float8 AS x, revenue::float8 AS y, rank_x, (rank() OVER w + count(*) OVER w)::float8 / 2 AS rank_y
  FROM by_budget
  WINDOW w AS (ORDER BY revenue)
), sums AS (
  SELECT count(*) AS n,
         corr(y, x) AS pearson, corr(rank_y, rank_x) AS spearman,
         regr_slope(y, x) AS slope, regr_intercept(y, x) AS intercept,
         CASE WHEN regr_syy(y, x) = 0 THEN NULL ELSE regr_r2(y, x) END AS r2,
         corr(log(y), log(x)) AS log10_pearson,
         regr_slope(log(y), log(x)) AS log10_slope, regr_intercept(log(y), log(x)) AS log10_intercept,
         CASE WHEN regr_syy(log(y), log(x)) = 0 THEN NULL ELSE regr_r2(log(y), log(x)) END AS log10_r2
  FROM ranked
)
SELECT n,
       ${clampedR('pearson')} AS pearson,
       ${clampedR('spearman')} AS spearman,
       ${jsRound('slope', 4)} AS slope,
       ${jsRound('intercept', 0)} AS intercept,
       ${jsRound('r2', 4)} AS r2,
       ${clampedR('log10_pearson')} AS log10_pearson,
       ${jsRound('log10_slope', 4)} AS log10_slope,
       ${jsRound('log10_intercept', 4)} AS log10_intercept,
       ${jsRound('log10_r2', 4)} AS log10_r2
FROM sums;
${comments(
  'answer_revenue_vs_budget',
  `One row. Over movies with a known budget ≥ ${MIN_BUDGET} and a known revenue ≥ ${MIN_REVENUE}: n, Pearson r, Spearman rho (average ranks for ties), least-squares slope and intercept of revenue on budget (USD) and R², and the same Pearson/slope/intercept/R² of log10(revenue) on log10(budget) (log10_*). Statistics are NULL with fewer than two movies or no spread. Rounded as the API rounds them: 4 places, the intercept to whole USD. The points are those movies' rows in movies. Equals the statistics of GET /analytics/revenue-vs-budget at default parameters (minBudget=${MIN_BUDGET}, minRevenue=${MIN_REVENUE}).`,
  {
    n: `Movies with a known budget ≥ ${MIN_BUDGET} and a known revenue ≥ ${MIN_REVENUE} (the answer's n and considered).`,
    pearson: 'Pearson r of revenue and budget, 4 places.',
    spearman: 'Spearman rho of revenue and budget (Pearson r of their average ranks), 4 places.',
    slope: 'Least-squares slope of revenue on budget: USD of revenue per USD of budget, 4 places.',
    intercept: 'Least-squares intercept of revenue on budget, whole USD.',
    r2: 'R² of that line, 4 places.',
    log10_pearson: 'Pearson r of log10(revenue) and log10(budget), 4 places.',
    log10_slope: 'Least-squares slope of log10(revenue) on log10(budget), 4 places.',
    log10_intercept: 'Least-squares intercept of log10(revenue) on log10(budget), 4 places.',
    log10_r2: 'R² of that line, 4 places.',
  },
)}
`;

/**
 * Indexes for the views: each LIMIT query reads a few index entries instead of sorting every movie that
 * counts. Partial on the default floors (the views' WHERE clauses imply them), and both directions where the
 * lowest is asked too, since ties go to the lower TMDB id either way. movies_budget_asc_floored also carries
 * revenue, so the revenue-vs-budget pairs come from it in budget order (an index-only scan, no sort), and
 * movie_genres_genre_movie gives answer_genres its movies per genre name without sorting every row.
 */
const indexes = `
CREATE INDEX movies_profit_desc_floored ON movies (profit DESC, tmdb_id) WHERE ${PROFIT_COUNTS};
CREATE INDEX movies_profit_asc_floored ON movies (profit, tmdb_id) WHERE ${PROFIT_COUNTS};
CREATE INDEX movies_budget_desc_floored ON movies (budget DESC, tmdb_id) WHERE ${BUDGET_COUNTS};
CREATE INDEX movies_budget_asc_floored ON movies (budget, tmdb_id) INCLUDE (revenue) WHERE ${BUDGET_COUNTS};
CREATE INDEX movie_genres_genre_movie ON movie_genres (genre, tmdb_id) INCLUDE (genre_id);
CREATE INDEX movies_year_revenue_known ON movies (release_year, revenue DESC, tmdb_id) WHERE revenue > 0 AND release_year IS NOT NULL;
`;

export const answerViews: Migration = {
  version: 2,
  name: 'answer views',
  sql: [indexes, languages, topRatedYears, genres, extremes, topMovies, topRevenuePerYear, revenueVsBudget].join(''),
};
