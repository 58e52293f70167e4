import type { Migration } from './migration.js';
import { comments, jsRound, MIN_BUDGET, MIN_REVENUE, SCALE, type AnswerViewDoc } from './002-answer-views.js';

/**
 * The group answers as plain SQL views over `movies` and `movie_genres`: genre × original language
 * (GET /analytics/genre-language) and budget bands (GET /analytics/budget-bands), each equal to the API's answer at
 * its default parameters, frozen here as in migration 2 (a change of an API default needs a new migration, and
 * test/bi-views.e2e-spec.ts fails until there is one).
 *
 * As there, unknown money is NULL (the floors exclude it as they exclude the API's 0), text sorts by code point
 * (COLLATE "C") and values are rounded as the API rounds them (JavaScript's Math.round, halves up): ratings and
 * money to 2 places, shares and ROI to 4.
 *
 * Medians and percentiles: over whole-dollar money `percentile_cont` is exactly the API's value (PERCENTILE.INC,
 * the same h = (n − 1)·p and the same interpolation in doubles; at p = 0.5 with an even count, a + (b − a)/2 of two
 * whole numbers is their mean exactly). ROI is not whole, so its median is written out as the API computes it:
 * the mean of the two middle values, (lower middle + upper middle) / 2, each found by percentile_disc(0.5), once
 * in ascending and once in descending order (the same value for an odd count).
 */

/** The API's default parameters the views answer with (the query DTOs' defaults when this migration was written). */
const GENRE_LANGUAGE_MIN_VOTES = 0;
const GENRE_LANGUAGE_MIN_MOVIES = 10;
const GENRE_LANGUAGE_MEASURE = 'weightedRating';
const CLAIM_GENRE = 'Drama';
const CLAIM_LANGUAGE = 'en';
const BANDS = 10;
const TARGET_PROFIT = 100_000_000;

/** Known money at the default floors (NULL, i.e. unknown, fails both). */
const MONEY_KNOWN = `budget >= ${MIN_BUDGET} AND revenue >= ${MIN_REVENUE}`;

/**
 * The exact sum of a double column, rounded once to a double: the whole parts and the fractions scaled by 2^62
 * are summed as integers (see SCALE in migration 2). The result does not depend on the order PostgreSQL reads the
 * rows in, as avg() and sum() of doubles do.
 */
function exactSum(expr: string): string {
  return `((sum(trunc(${expr})::bigint)::numeric * ${SCALE} + sum(((${expr} - trunc(${expr})) * ${SCALE}::float8)::bigint))::float8 / ${SCALE}::float8)`;
}

/** The median of a double expression as the API computes it: the middle value, or the mean of the two middle values. */
function meanOfMiddles(expr: string): string {
  return `((percentile_disc(0.5) WITHIN GROUP (ORDER BY ${expr}) + percentile_disc(0.5) WITHIN GROUP (ORDER BY ${expr} DESC)) / 2)`;
}

const MONEY_FLOORS = { minBudget: MIN_BUDGET, minRevenue: MIN_REVENUE } as const;

/** The group-answer views and the API requests they equal: for the docs and the tests. */
export const GROUP_ANSWER_VIEWS: readonly AnswerViewDoc[] = [
  {
    view: 'answer_genre_language',
    question: 'genreLanguage',
    sources: [
      {
        route: 'genre-language',
        query: {},
        params: {
          ...MONEY_FLOORS,
          minVotes: GENRE_LANGUAGE_MIN_VOTES,
          minMovies: GENRE_LANGUAGE_MIN_MOVIES,
          measure: GENRE_LANGUAGE_MEASURE,
          genre: CLAIM_GENRE,
          language: CLAIM_LANGUAGE,
        },
      },
    ],
    rows: 'One row per item, in the answer\'s order (rank); is_best marks "best", is_claim the claim\'s cell (its rank is the claim\'s rank, the row count its "of"); considered and left_out are the answer\'s.',
  },
  {
    view: 'answer_budget_bands',
    question: 'budgetBands',
    sources: [{ route: 'budget-bands', query: {}, params: { ...MONEY_FLOORS, bands: BANDS, targetProfit: TARGET_PROFIT } }],
    rows: "One row per item (band); from/to as band_from/band_to. is_target marks target.band, and that row's reaching and share_reaching are the target's reaching and shareReaching (NULL on the other rows); considered is the answer's.",
  },
];

const genreLanguage = `
CREATE VIEW answer_genre_language AS
WITH movie_genre AS (
  -- A movie is in one cell per genre name it lists (a name under two ids counts once).
  SELECT DISTINCT tmdb_id, genre FROM movie_genres
), genre_ids AS (
  SELECT genre, min(genre_id) AS genre_id FROM movie_genres GROUP BY genre
), entries AS (
  SELECT g.tmdb_id, g.genre, m.original_language AS language, m.language_name, m.vote_average, m.vote_count,
         m.revenue, m.profit, coalesce(m.budget >= ${MIN_BUDGET} AND m.revenue >= ${MIN_REVENUE}, false) AS money
  FROM movie_genre g
  JOIN movies m ON m.tmdb_id = g.tmdb_id
  WHERE m.original_language IS NOT NULL AND m.vote_count >= ${GENRE_LANGUAGE_MIN_VOTES}
), cells AS (
  SELECT genre, language,
         max(language_name) AS language_name,
         count(*) AS movies,
         count(*) FILTER (WHERE money) AS money_movies,
         ${exactSum('vote_average')} / count(*)::float8 AS mean,
         CASE WHEN sum(vote_count) > 0 THEN ${exactSum('(vote_average * vote_count)')} / sum(vote_count)::float8 END AS weighted,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY revenue::float8) FILTER (WHERE money) AS median_revenue,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY profit::float8) FILTER (WHERE money) AS median_profit,
         count(*) FILTER (WHERE money AND profit > 0) AS profitable
  FROM entries
  GROUP BY genre, language
), shown AS (
  SELECT c.genre, i.genre_id, c.language, c.language_name, c.movies, c.money_movies,
         ${jsRound('c.mean', 2)} AS mean_rating,
         ${jsRound('c.weighted', 2)} AS weighted_rating,
         ${jsRound('c.median_revenue', 2)} AS median_revenue,
         ${jsRound('c.median_profit', 2)} AS median_profit,
         CASE WHEN c.money_movies > 0 THEN ${jsRound('c.profitable::float8 / c.money_movies::float8', 4)} END AS share_profitable
  FROM cells c
  JOIN genre_ids i ON i.genre = c.genre
  WHERE c.movies >= ${GENRE_LANGUAGE_MIN_MOVIES}
), ranked AS (
  SELECT row_number() OVER (ORDER BY weighted_rating DESC NULLS LAST, genre COLLATE "C", language COLLATE "C") AS rank, *
  FROM shown
)
SELECT r.rank, r.genre, r.genre_id, r.language, r.language_name, r.movies, r.money_movies,
       r.mean_rating, r.weighted_rating, r.median_revenue, r.median_profit, r.share_profitable,
       r.rank = 1 AND r.weighted_rating IS NOT NULL AS is_best,
       r.genre = '${CLAIM_GENRE}' AND r.language = '${CLAIM_LANGUAGE}' AS is_claim,
       (SELECT count(DISTINCT tmdb_id) FROM entries) AS considered,
       (SELECT count(*) FROM cells WHERE movies < ${GENRE_LANGUAGE_MIN_MOVIES}) AS left_out
FROM ranked r
ORDER BY r.rank;
${comments(
  'answer_genre_language',
  `Genre × original language. Among movies with at least ${GENRE_LANGUAGE_MIN_VOTES} votes (that is, all movies), a known original language and at least one genre, a movie is in one cell per genre name it lists (genre by name with its lowest TMDB id; language by ISO 639-1 code with its name). Per cell: movies; mean_rating = the plain mean of vote averages; weighted_rating = sum(vote average × vote count) / sum(vote count), NULL without votes; over the cell's movies with known money (budget ≥ ${MIN_BUDGET} and revenue ≥ ${MIN_REVENUE}; money_movies = their count): median_revenue and median_profit (profit = revenue − budget; the median of an even count is the mean of the two middle values) and share_profitable = movies with profit > 0 / money_movies. Cells with fewer than ${GENRE_LANGUAGE_MIN_MOVIES} movies are left out (counted in left_out). Ranked by weighted_rating as shown (rounded), highest first, NULL last; ties by genre name, then language code (code-point order). Ratings and money rounded to 2 places, shares to 4 (halves up). is_best marks the first row when its weighted_rating is not NULL; is_claim the cell Drama × en (the seed's claim: its rank is the claim's rank). considered = movies in at least one cell. Equals GET /analytics/genre-language at default parameters (minVotes=${GENRE_LANGUAGE_MIN_VOTES}, minMovies=${GENRE_LANGUAGE_MIN_MOVIES}, measure=${GENRE_LANGUAGE_MEASURE}, minBudget=${MIN_BUDGET}, minRevenue=${MIN_REVENUE}, genre=${CLAIM_GENRE}, language=${CLAIM_LANGUAGE}).`,
  {
    rank: 'Place in the answer, from 1: best weighted_rating first (NULL last), ties by genre name, then language code.',
    genre: 'Genre name.',
    genre_id: 'The lowest TMDB genre id the name has among all movies.',
    language: 'Original language, ISO 639-1 code.',
    language_name: 'English name of the language; NULL when the code has none.',
    movies: 'Movies in the cell.',
    money_movies: `Movies of the cell with known money (budget ≥ ${MIN_BUDGET} and revenue ≥ ${MIN_REVENUE}): the count behind the money columns.`,
    mean_rating: 'Plain mean vote average of the cell, 2 places.',
    weighted_rating: 'sum(vote average × vote count) / sum(vote count), 2 places; NULL when the cell has no votes.',
    median_revenue: 'Median revenue (USD) of the movies with known money, 2 places; NULL when there are none.',
    median_profit: 'Median profit, revenue − budget (USD), of the movies with known money, 2 places; NULL when there are none.',
    share_profitable: 'Movies with profit > 0 / money_movies, 4 places; NULL when money_movies is 0.',
    is_best: 'The first row, when its weighted_rating is not NULL (the answer\'s "best").',
    is_claim: `The cell ${CLAIM_GENRE} × ${CLAIM_LANGUAGE} (the answer's "claim"); no row is marked when that cell is left out.`,
    considered: 'Movies counted in at least one cell (the answer\'s "considered"; the same on every row).',
    left_out: `Cells with fewer than ${GENRE_LANGUAGE_MIN_MOVIES} movies, not listed (the answer's "leftOut"; the same on every row).`,
  },
)}
`;

const budgetBands = `
CREATE VIEW answer_budget_bands AS
WITH money AS (
  SELECT budget, revenue, profit FROM movies WHERE ${MONEY_KNOWN}
), ranked AS (
  -- Position from 1 in budget order, and the smallest budget above this one (budgets are whole dollars).
  SELECT budget, row_number() OVER w AS position, count(*) OVER () AS n,
         first_value(budget) OVER (w RANGE BETWEEN 1::bigint FOLLOWING AND UNBOUNDED FOLLOWING) AS next_budget
  FROM money
  WINDOW w AS (ORDER BY budget)
), starts AS (
  -- The first band starts at the lowest budget; a cut at position p = floor(j·n/${BANDS}) (j = 1 … ${BANDS - 1}, p ≥ 1)
  -- starts the next band at the smallest budget above the p-th, so equal budgets stay together; cuts that land
  -- on the same start (or past the highest budget) make no band.
  SELECT budget AS band_from FROM ranked WHERE position = 1
  UNION
  SELECT r.next_budget FROM ranked r
  WHERE r.next_budget IS NOT NULL AND r.position IN (SELECT (j * r.n) / ${BANDS} FROM generate_series(1, ${BANDS - 1}) AS j)
), bands AS (
  SELECT row_number() OVER (ORDER BY band_from) AS band, band_from, lead(band_from) OVER (ORDER BY band_from) AS band_to
  FROM starts
), per_band AS (
  SELECT width_bucket(m.budget, e.lowers) AS band,
         count(*) AS movies,
         min(m.budget) AS lowest_budget,
         max(m.budget) AS highest_budget,
         percentile_cont(ARRAY[0.1, 0.5, 0.9]) WITHIN GROUP (ORDER BY m.profit::float8) AS profit_quantiles,
         ${meanOfMiddles('(m.revenue::float8 / m.budget::float8)')} AS median_roi,
         count(*) FILTER (WHERE m.profit > 0) AS profitable,
         count(*) FILTER (WHERE m.profit >= ${TARGET_PROFIT}) AS reaching
  FROM money m
  CROSS JOIN (SELECT array_agg(band_from ORDER BY band) AS lowers FROM bands) e
  GROUP BY 1
), shown AS (
  SELECT b.band, b.band_from, b.band_to, p.lowest_budget, p.highest_budget, p.movies,
         ${jsRound('p.profit_quantiles[2]', 2)} AS median_profit,
         ${jsRound('p.profit_quantiles[1]', 2)} AS p10_profit,
         ${jsRound('p.profit_quantiles[3]', 2)} AS p90_profit,
         ${jsRound('p.median_roi', 4)} AS median_roi,
         ${jsRound('p.profitable::float8 / p.movies::float8', 4)} AS share_profitable,
         p.reaching,
         ${jsRound('p.reaching::float8 / p.movies::float8', 4)} AS share_reaching
  FROM bands b
  JOIN per_band p ON p.band = b.band
), targeted AS (
  SELECT *, coalesce(band = min(band) FILTER (WHERE median_profit >= ${TARGET_PROFIT}) OVER (), false) AS is_target,
         (sum(movies) OVER ())::bigint AS considered
  FROM shown
)
SELECT band, band_from, band_to, lowest_budget, highest_budget, movies, median_profit, p10_profit, p90_profit, median_roi,
       share_profitable, is_target,
       CASE WHEN is_target THEN reaching END AS reaching,
       CASE WHEN is_target THEN share_reaching END AS share_reaching,
       considered
FROM targeted
ORDER BY band;
${comments(
  'answer_budget_bands',
  `Movies with known money (budget ≥ ${MIN_BUDGET} and revenue ≥ ${MIN_REVENUE}; considered = their count n) in ${BANDS} quantile budget bands (deciles): sorted by budget, cut at positions floor(j·n/${BANDS}), j = 1 … ${BANDS - 1}; a cut that would fall between equal budgets moves up past them (equal budgets are never split and stay in the lower band), and a cut that meets the previous one is dropped, so there may be fewer than ${BANDS} bands. A band is [band_from, band_to): band_from is its lowest budget, band_to the next band's (NULL for the last). Per band: movies, lowest and highest budget, median_profit, p10_profit and p90_profit (profit = revenue − budget; PERCENTILE.INC, i.e. percentile_cont: h = (n − 1)·p, linear between the closest ranks; an even count's median is the mean of the two middle values), median_roi (ROI = revenue / budget), share_profitable (profit > 0 / movies), is_target marks the first band from the lowest budgets whose median_profit reaches ${TARGET_PROFIT} (none when no band does), and that row alone has reaching (its movies with profit ≥ ${TARGET_PROFIT}) and share_reaching (reaching / movies). Money rounded to 2 places, ROI and shares to 4 (halves up). Equals GET /analytics/budget-bands at default parameters (bands=${BANDS}, no edges, targetProfit=${TARGET_PROFIT}, minBudget=${MIN_BUDGET}, minRevenue=${MIN_REVENUE}).`,
  {
    band: 'Band, from 1 = the lowest budgets.',
    band_from: 'Lower edge (inclusive), USD: the lowest budget of the band.',
    band_to: "Upper edge (exclusive), USD: the next band's lowest budget; NULL for the last band.",
    lowest_budget: 'Lowest budget in the band, USD.',
    highest_budget: 'Highest budget in the band, USD.',
    movies: 'Movies in the band.',
    median_profit: 'Median profit (revenue − budget), USD, 2 places.',
    p10_profit: '10th percentile of profit (PERCENTILE.INC), USD, 2 places.',
    p90_profit: '90th percentile of profit (PERCENTILE.INC), USD, 2 places.',
    median_roi: 'Median of revenue / budget, 4 places.',
    share_profitable: 'Movies with profit > 0 / movies, 4 places.',
    is_target: `The first band whose median_profit reaches ${TARGET_PROFIT} (the answer's target.band).`,
    reaching: `On the target row: its movies with profit ≥ ${TARGET_PROFIT} (the answer's target.reaching); NULL on the other rows.`,
    share_reaching: "On the target row: reaching / movies, 4 places (the answer's target.shareReaching); NULL on the other rows.",
    considered: 'Movies with known money, in all bands (the answer\'s "considered"; the same on every row).',
  },
)}
`;

export const groupAnswerViews: Migration = {
  version: 3,
  name: 'group answer views',
  sql: [genreLanguage, budgetBands].join(''),
};
