/**
 * The expected analytics answers, worked out INDEPENDENTLY of the app for the e2e tests to compare
 * the API with: plain loops over the fixture movies, straight from the definitions the API states
 * (each question's definition in src/analytics/questions/*.question.ts). Nothing here comes from
 * src/analytics: the ISO 639-1 codes and the data-quality descriptions are written out again below.
 *
 * An expected answer is the API's body without the envelope (question, definition, dataVersion,
 * asOf, settled, feed, freshness): params (after defaults, as the API reports them), considered and
 * every other field. Compare it with `withoutEnvelope(res.body)`.
 *
 * Conventions (as the definitions state them):
 * - Money: 0 is unknown. A floor applies to known money only: budget counts when > 0 and ≥ minBudget.
 * - Ties go to the lower TMDB id; names (genres, language codes) order by plain code-unit comparison (<).
 * - Rounding happens once, at the end: Math.round(x · 10^p) / 10^p (as the e2e spec's `round`), −0 as 0.
 */
import { GENRE_IDS, type FixtureMovie } from '../fixtures/analytics-movies.js';

// ---- names, parameters and shapes ----

export type AnswerName = 'languages' | 'topRatedYears' | 'genres' | 'extremes' | 'topMovies' | 'topRevenuePerYear' | 'revenueVsBudget' | 'dataQuality';

export const ANSWER_NAMES: readonly AnswerName[] = [
  'languages',
  'topRatedYears',
  'genres',
  'extremes',
  'topMovies',
  'topRevenuePerYear',
  'revenueVsBudget',
  'dataQuality',
];

export interface LanguagesParams {
  minVotes: number;
  minMovies: number;
}
export interface TopRatedYearsParams {
  minRating: number;
  minVotes: number;
  from: number | null;
  to: number | null;
}
export interface GenresParams {
  minVotes: number;
}
export interface MoneyFloors {
  minBudget: number;
  minRevenue: number;
}
export interface TopMoviesParams extends MoneyFloors {
  by: 'profit' | 'budget' | 'revenue';
  limit: number;
  order: 'desc' | 'asc';
}
export interface TopRevenuePerYearParams {
  n: number;
  from: number | null;
  to: number | null;
}
export type DataQualityParams = Record<string, never>;

export interface ParamsOf {
  languages: LanguagesParams;
  topRatedYears: TopRatedYearsParams;
  genres: GenresParams;
  extremes: MoneyFloors;
  topMovies: TopMoviesParams;
  topRevenuePerYear: TopRevenuePerYearParams;
  revenueVsBudget: MoneyFloors;
  dataQuality: DataQualityParams;
}

/** The query DTOs' parameters in declaration order (base class first), with their defaults; absent and no default → null. */
export const DEFAULT_PARAMS: { readonly [K in AnswerName]: Readonly<ParamsOf[K]> } = {
  languages: { minVotes: 100, minMovies: 5 },
  topRatedYears: { minRating: 7, minVotes: 100, from: null, to: null },
  genres: { minVotes: 0 },
  extremes: { minBudget: 1000, minRevenue: 1000 },
  topMovies: { minBudget: 1000, minRevenue: 1000, by: 'profit', limit: 20, order: 'desc' },
  topRevenuePerYear: { n: 5, from: null, to: null },
  revenueVsBudget: { minBudget: 1000, minRevenue: 1000 },
  dataQuality: {},
};

export interface MovieRow {
  tmdbId: number;
  title: string;
  year: number | null;
  budget: number;
  revenue: number;
  profit: number | null;
}
export interface PointRow {
  tmdbId: number;
  title: string;
  year: number | null;
  budget: number;
  revenue: number;
}
export interface LanguageRow {
  language: string;
  name: string | null;
  movies: number;
  averageRating: number;
  votes: number;
}
export interface YearRow {
  year: number;
  count: number;
}
export interface GenreRow {
  genre: string;
  genreId: number;
  movies: number;
}
export interface QualityRow {
  check: string;
  description: string;
  count: number;
  examples: number[];
}

interface Base<P> {
  params: P;
  considered: number;
}
export interface ExpectedAnswers {
  languages: Base<LanguagesParams> & { items: LanguageRow[]; highest: LanguageRow | null; lowest: LanguageRow | null };
  topRatedYears: Base<TopRatedYearsParams> & { items: YearRow[]; most: YearRow[]; fewest: YearRow[] };
  genres: Base<GenresParams> & { items: GenreRow[]; most: GenreRow | null; least: GenreRow | null };
  extremes: Base<MoneyFloors> & {
    consideredForProfit: number;
    items: (MovieRow & { answer: 'highestProfit' | 'lowestProfit' | 'highestBudget' | 'lowestBudget' })[];
    highestProfit: MovieRow | null;
    lowestProfit: MovieRow | null;
    highestBudget: MovieRow | null;
    lowestBudget: MovieRow | null;
  };
  topMovies: Base<TopMoviesParams> & { items: MovieRow[] };
  topRevenuePerYear: Base<TopRevenuePerYearParams> & { items: { year: number; count: number; movies: MovieRow[] }[] };
  revenueVsBudget: Base<MoneyFloors> & {
    n: number;
    pearson: number | null;
    spearman: number | null;
    slope: number | null;
    intercept: number | null;
    r2: number | null;
    log10: { pearson: number | null; slope: number | null; intercept: number | null; r2: number | null };
    pointsSampled: boolean;
    points: PointRow[];
    items: PointRow[];
  };
  dataQuality: Base<DataQualityParams> & { total: number; items: QualityRow[] };
}

/** The fields every API answer carries around its core; not part of an expected answer. */
export const ENVELOPE_FIELDS = ['question', 'definition', 'dataVersion', 'asOf', 'settled', 'feed', 'freshness'] as const;

/** A copy of an API answer without the envelope fields: what `expectedAnswer` is compared with. */
export function withoutEnvelope<T extends object>(body: T): Omit<T, (typeof ENVELOPE_FIELDS)[number]> {
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of ENVELOPE_FIELDS) delete copy[field];
  return copy as Omit<T, (typeof ENVELOPE_FIELDS)[number]>;
}

/** The expected answer to one question over these movies, `params` defaulting as the API defaults them. */
export function expectedAnswer<K extends AnswerName>(name: K, movies: readonly FixtureMovie[], params: Partial<ParamsOf[K]> = {}): ExpectedAnswers[K] {
  const p = withDefaults(name, params) as never;
  // The API holds one movie per TMDB id: a list naming one twice is a mistake in the test.
  const ids = new Set<number>();
  for (const m of movies) {
    if (ids.has(m.tmdbId)) throw new Error(`expectedAnswer(${name}): TMDB id ${m.tmdbId} listed twice`);
    ids.add(m.tmdbId);
  }
  const answers: { [N in AnswerName]: (movies: readonly FixtureMovie[], params: ParamsOf[N]) => ExpectedAnswers[N] } = {
    languages,
    topRatedYears,
    genres,
    extremes,
    topMovies,
    topRevenuePerYear,
    revenueVsBudget,
    dataQuality,
  };
  return (answers[name] as (movies: readonly FixtureMovie[], params: never) => ExpectedAnswers[K])(movies, p);
}

/** All eight answers at their default parameters. */
export function expectedAnswers(movies: readonly FixtureMovie[]): ExpectedAnswers {
  return {
    languages: expectedAnswer('languages', movies),
    topRatedYears: expectedAnswer('topRatedYears', movies),
    genres: expectedAnswer('genres', movies),
    extremes: expectedAnswer('extremes', movies),
    topMovies: expectedAnswer('topMovies', movies),
    topRevenuePerYear: expectedAnswer('topRevenuePerYear', movies),
    revenueVsBudget: expectedAnswer('revenueVsBudget', movies),
    dataQuality: expectedAnswer('dataQuality', movies),
  };
}

/** Each documented parameter: the one given, else its default, else null (as the API's withDefaults); `format` is not a parameter of the answer. */
function withDefaults<K extends AnswerName>(name: K, given: Partial<ParamsOf[K]>): ParamsOf[K] {
  const defaults = DEFAULT_PARAMS[name] as Record<string, unknown>;
  const input = given as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (key !== 'format' && !(key in defaults)) throw new Error(`expectedAnswer(${name}): unknown parameter "${key}"`);
  }
  const params: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) params[key] = input[key] ?? defaults[key] ?? null;
  return params as ParamsOf[K];
}

// ---- small helpers ----

/** Rounded to `places` decimals at the end (Math.round, as the e2e spec rounds); −0 becomes 0, as JSON sends it. */
const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places + 0;
const roundOrNull = (x: number | null, places: number) => (x === null || !Number.isFinite(x) ? null : round(x, places));
const yearOf = (m: FixtureMovie) => (m.date ? Number(m.date.slice(0, 4)) : null);
const profitOf = (m: FixtureMovie) => (m.budget > 0 && m.revenue > 0 ? m.revenue - m.budget : null);
const rowOf = (m: FixtureMovie): MovieRow => ({ tmdbId: m.tmdbId, title: m.title, year: yearOf(m), budget: m.budget, revenue: m.revenue, profit: profitOf(m) });
const pointOf = (m: FixtureMovie): PointRow => ({ tmdbId: m.tmdbId, title: m.title, year: yearOf(m), budget: m.budget, revenue: m.revenue });
/** Plain code-unit order, not localeCompare. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const budgetKnown = (m: FixtureMovie, minBudget: number) => m.budget > 0 && m.budget >= minBudget;
const revenueKnown = (m: FixtureMovie, minRevenue: number) => m.revenue > 0 && m.revenue >= minRevenue;

/**
 * The sum of the numbers, exact, rounded once to a double: independent of the order they come in, so
 * equal means (fr and ja at 7.5) stay equal. Every double is an integer times a power of two: scaled to
 * the finest power any of them needs, they add exactly as BigInts, and Number() rounds once.
 */
function exactSum(values: readonly number[]): number {
  const fractionBits = (v: number) => {
    let bits = 0;
    while (!Number.isInteger(v * 2 ** bits)) bits++;
    return bits;
  };
  let finest = 0;
  for (const v of values) finest = Math.max(finest, fractionBits(v));
  let sum = 0n;
  for (const v of values) sum += BigInt(v * 2 ** fractionBits(v)) << BigInt(finest - fractionBits(v));
  return Number(sum) / 2 ** finest;
}

// ---- languages ----

/** TMDB's codes outside ISO 639-1 that have a name all the same (Intl knows none of them). */
const TMDB_LANGUAGE_NAMES: Record<string, string> = { cn: 'Cantonese', xx: 'No Language', sh: 'Serbo-Croatian' };
const displayNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * The English name of a language code, by the rule of src/movies/language-names.ts written out again:
 * TMDB's own codes first, else Intl's English name, null when Intl has none (or gives back the code, or refuses it).
 */
export function expectedLanguageName(code: string | null): string | null {
  if (!code) return null;
  const special = TMDB_LANGUAGE_NAMES[code];
  if (special !== undefined) return special;
  try {
    const name = displayNames.of(code);
    return name && name !== code ? name : null;
  } catch {
    return null;
  }
}

function languages(movies: readonly FixtureMovie[], params: LanguagesParams): ExpectedAnswers['languages'] {
  const byLanguage = new Map<string, { ratings: number[]; votes: number }>();
  let considered = 0;
  for (const m of movies) {
    if (m.votes < params.minVotes || m.language === null) continue;
    considered++;
    const entry = byLanguage.get(m.language) ?? { ratings: [], votes: 0 };
    entry.ratings.push(m.rating);
    entry.votes += m.votes;
    byLanguage.set(m.language, entry);
  }
  const rows: { row: LanguageRow; mean: number }[] = [];
  for (const [language, { ratings, votes }] of byLanguage) {
    if (ratings.length < params.minMovies) continue;
    const mean = exactSum(ratings) / ratings.length;
    rows.push({ row: { language, name: expectedLanguageName(language), movies: ratings.length, averageRating: round(mean, 2), votes }, mean });
  }
  // Best mean first (the unrounded mean: rounding only for the answer), ties by code.
  rows.sort((a, b) => (a.mean !== b.mean ? b.mean - a.mean : byCodeUnits(a.row.language, b.row.language)));
  const items = rows.map((r) => r.row);
  // "highest is the first, lowest the first listed of those with the lowest averageRating as shown."
  const least = Math.min(...items.map((i) => i.averageRating));
  return { params, considered, items, highest: items[0] ?? null, lowest: items.find((i) => i.averageRating === least) ?? null };
}

// ---- top-rated years ----

function topRatedYears(movies: readonly FixtureMovie[], params: TopRatedYearsParams): ExpectedAnswers['topRatedYears'] {
  const { minRating, minVotes, from, to } = params;
  const counts = new Map<number, number>();
  let considered = 0;
  for (const m of movies) {
    const year = yearOf(m);
    if (year === null || m.rating < minRating || m.votes < minVotes) continue;
    if ((from !== null && year < from) || (to !== null && year > to)) continue;
    considered++;
    counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  const items = [...counts].map(([year, count]) => ({ year, count })).sort((a, b) => a.year - b.year);
  let most = 0;
  let fewest = Infinity;
  for (const item of items) {
    most = Math.max(most, item.count);
    fewest = Math.min(fewest, item.count);
  }
  return { params, considered, items, most: items.filter((i) => i.count === most), fewest: items.filter((i) => i.count === fewest) };
}

// ---- genres ----

function genreIdOf(name: string): number {
  const id = GENRE_IDS[name];
  if (id === undefined) throw new Error(`expectedAnswer(genres): no id for genre "${name}" in GENRE_IDS`);
  return id;
}

function genres(movies: readonly FixtureMovie[], params: GenresParams): ExpectedAnswers['genres'] {
  const counts = new Map<string, number>();
  let considered = 0;
  for (const m of movies) {
    if (m.votes < params.minVotes || m.genres.length === 0) continue;
    considered++;
    // Once in each of its genres: a genre listed twice counts once.
    for (const genre of new Set(m.genres)) counts.set(genre, (counts.get(genre) ?? 0) + 1);
  }
  const items = [...counts]
    .map(([genre, count]) => ({ genre, genreId: genreIdOf(genre), movies: count }))
    .sort((a, b) => b.movies - a.movies || byCodeUnits(a.genre, b.genre));
  // The fewest movies, ties: first by name (items with equal counts are already in name order).
  let least: GenreRow | null = null;
  for (const item of items) if (least === null || item.movies < least.movies) least = item;
  return { params, considered, items, most: items[0] ?? null, least };
}

// ---- movies ranked by a measure: extremes and top movies ----

/** The movies whose measure is known above the floors, in the order asked; ties to the lower TMDB id. */
function ranked(movies: readonly FixtureMovie[], by: TopMoviesParams['by'], order: TopMoviesParams['order'], floors: MoneyFloors): FixtureMovie[] {
  const counted = movies.filter((m) =>
    by === 'budget'
      ? budgetKnown(m, floors.minBudget)
      : by === 'revenue'
        ? revenueKnown(m, floors.minRevenue)
        : budgetKnown(m, floors.minBudget) && revenueKnown(m, floors.minRevenue),
  );
  const value = (m: FixtureMovie) => (by === 'profit' ? m.revenue - m.budget : m[by]);
  return counted.sort((a, b) => (value(a) !== value(b) ? (order === 'desc' ? value(b) - value(a) : value(a) - value(b)) : a.tmdbId - b.tmdbId));
}

function extremes(movies: readonly FixtureMovie[], params: MoneyFloors): ExpectedAnswers['extremes'] {
  const first = (by: 'profit' | 'budget', order: 'desc' | 'asc') => {
    const m = ranked(movies, by, order, params)[0];
    return m ? rowOf(m) : null;
  };
  const named = {
    highestProfit: first('profit', 'desc'),
    lowestProfit: first('profit', 'asc'),
    highestBudget: first('budget', 'desc'),
    lowestBudget: first('budget', 'asc'),
  };
  const items: ExpectedAnswers['extremes']['items'] = [];
  for (const answer of ['highestProfit', 'lowestProfit', 'highestBudget', 'lowestBudget'] as const) {
    const row = named[answer];
    if (row) items.push({ answer, ...row });
  }
  return {
    params,
    considered: ranked(movies, 'budget', 'desc', params).length,
    consideredForProfit: ranked(movies, 'profit', 'desc', params).length,
    items,
    ...named,
  };
}

function topMovies(movies: readonly FixtureMovie[], params: TopMoviesParams): ExpectedAnswers['topMovies'] {
  const counted = ranked(movies, params.by, params.order, params);
  return { params, considered: counted.length, items: counted.slice(0, params.limit).map(rowOf) };
}

// ---- top revenue per year ----

function topRevenuePerYear(movies: readonly FixtureMovie[], params: TopRevenuePerYearParams): ExpectedAnswers['topRevenuePerYear'] {
  const { n, from, to } = params;
  const byYear = new Map<number, FixtureMovie[]>();
  let considered = 0;
  for (const m of movies) {
    const year = yearOf(m);
    if (m.revenue <= 0 || year === null) continue;
    if ((from !== null && year < from) || (to !== null && year > to)) continue;
    considered++;
    byYear.set(year, [...(byYear.get(year) ?? []), m]);
  }
  const items = [...byYear.keys()]
    .sort((a, b) => a - b)
    .map((year) => {
      const inYear = byYear.get(year)!.sort((a, b) => b.revenue - a.revenue || a.tmdbId - b.tmdbId);
      return { year, count: inYear.length, movies: inYear.slice(0, n).map(rowOf) };
    });
  return { params, considered, items };
}

// ---- revenue vs budget ----

/** Revenue-vs-budget answers with every point up to this many movies (POINTS_LIMIT in the catalog's definition). */
export const POINTS_LIMIT = 2000;

const meanOf = (values: readonly number[]) => {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
};

/** Pearson's r: null with fewer than two values or no spread in either. */
function pearsonOf(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const mx = meanOf(xs);
  const my = meanOf(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Least squares of y on x and its R² (1 − SSres/SStot): slope and intercept need spread in x, R² also in y. */
function lineOf(xs: readonly number[], ys: readonly number[]): { slope: number | null; intercept: number | null; r2: number | null } {
  if (xs.length < 2) return { slope: null, intercept: null, r2: null };
  const mx = meanOf(xs);
  const my = meanOf(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return { slope: null, intercept: null, r2: null };
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < xs.length; i++) {
    ssRes += (ys[i]! - (slope * xs[i]! + intercept)) ** 2;
    ssTot += (ys[i]! - my) ** 2;
  }
  return { slope, intercept, r2: ssTot === 0 ? null : Math.max(0, 1 - ssRes / ssTot) };
}

/**
 * Ranks from 1 by counting: rank = 1 + (how many are smaller) + (how many are equal − 1) / 2, so tied values
 * share the average of the ranks they span (as the e2e spec's ranksOf). The counts come from a sorted copy.
 */
function ranksOf(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  /** How many sorted values are below v (strictly, or with `orEqual` at most v). */
  const countBelow = (v: number, orEqual: boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v || (orEqual && sorted[mid] === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return values.map((v) => {
    const smaller = countBelow(v, false);
    const equal = countBelow(v, true) - smaller;
    return 1 + smaller + (equal - 1) / 2;
  });
}

function revenueVsBudget(movies: readonly FixtureMovie[], params: MoneyFloors): ExpectedAnswers['revenueVsBudget'] {
  // The movies counted, in TMDB id order (points are sampled in that order; the sums run in it too).
  const pairs = movies.filter((m) => budgetKnown(m, params.minBudget) && revenueKnown(m, params.minRevenue)).sort((a, b) => a.tmdbId - b.tmdbId);
  const xs = pairs.map((m) => m.budget);
  const ys = pairs.map((m) => m.revenue);
  const logXs = xs.map(Math.log10);
  const logYs = ys.map(Math.log10);
  const line = lineOf(xs, ys);
  const logLine = lineOf(logXs, logYs);
  const n = pairs.length;
  const every = Math.max(1, Math.ceil(n / POINTS_LIMIT));
  const points = pairs.filter((_, i) => i % every === 0).map(pointOf);
  return {
    params,
    considered: n,
    n,
    pearson: roundOrNull(pearsonOf(xs, ys), 4),
    spearman: roundOrNull(n < 2 ? null : pearsonOf(ranksOf(xs), ranksOf(ys)), 4),
    slope: roundOrNull(line.slope, 4),
    intercept: roundOrNull(line.intercept, 0),
    r2: roundOrNull(line.r2, 4),
    log10: {
      pearson: roundOrNull(pearsonOf(logXs, logYs), 4),
      slope: roundOrNull(logLine.slope, 4),
      intercept: roundOrNull(logLine.intercept, 4),
      r2: roundOrNull(logLine.r2, 4),
    },
    pointsSampled: every > 1,
    points,
    items: points,
  };
}

// ---- data quality ----

/** Money under this many USD is reported as suspicious. */
export const SUSPICIOUS_MONEY_BELOW = 1000;
/** Example ids per check. */
export const QUALITY_EXAMPLES = 5;

/** The 183 two-letter ISO 639-1 codes (TMDB's cn, xx and sh are not among them). */
export const ISO_639_1_CODES: readonly string[] = (
  'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu ' +
  'fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km ' +
  'kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om ' +
  'or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ' +
  'ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
).split(' ');

/** The checks in the order the API lists them, with its descriptions, and what fails each. */
const QUALITY_CHECKS: readonly { check: string; description: string; fails: (m: FixtureMovie) => boolean }[] = [
  { check: 'unknownBudget', description: 'budget unknown (0)', fails: (m) => m.budget <= 0 },
  { check: 'unknownRevenue', description: 'revenue unknown (0)', fails: (m) => m.revenue <= 0 },
  {
    check: 'suspiciousBudget',
    description: `budget known but under ${SUSPICIOUS_MONEY_BELOW} USD`,
    fails: (m) => m.budget > 0 && m.budget < SUSPICIOUS_MONEY_BELOW,
  },
  {
    check: 'suspiciousRevenue',
    description: `revenue known but under ${SUSPICIOUS_MONEY_BELOW} USD`,
    fails: (m) => m.revenue > 0 && m.revenue < SUSPICIOUS_MONEY_BELOW,
  },
  { check: 'noReleaseDate', description: 'no release date', fails: (m) => m.date === null },
  { check: 'noVotes', description: 'no votes (vote average meaningless)', fails: (m) => m.votes <= 0 },
  { check: 'noGenres', description: 'no genres', fails: (m) => m.genres.length === 0 },
  {
    check: 'nonIsoLanguage',
    description: 'original language missing or not an ISO 639-1 code (such as TMDB’s cn, xx)',
    fails: (m) => m.language === null || !ISO_639_1_CODES.includes(m.language),
  },
];

function dataQuality(movies: readonly FixtureMovie[], params: DataQualityParams): ExpectedAnswers['dataQuality'] {
  const items = QUALITY_CHECKS.map(({ check, description, fails }) => {
    const failing = movies
      .filter(fails)
      .map((m) => m.tmdbId)
      .sort((a, b) => a - b);
    return { check, description, count: failing.length, examples: failing.slice(0, QUALITY_EXAMPLES) };
  });
  return { params, considered: movies.length, total: movies.length, items };
}
