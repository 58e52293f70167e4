import type { AnswerQueryDto } from './dto/answer.query.dto.js';
import { DataQualityQueryDto } from './dto/data-quality.query.dto.js';
import { ExtremesQueryDto } from './dto/extremes.query.dto.js';
import { GenresQueryDto } from './dto/genres.query.dto.js';
import { LanguagesQueryDto } from './dto/languages.query.dto.js';
import { RevenueVsBudgetQueryDto } from './dto/revenue-vs-budget.query.dto.js';
import { TopMoviesQueryDto } from './dto/top-movies.query.dto.js';
import { TopRatedYearsQueryDto } from './dto/top-rated-years.query.dto.js';
import { TopRevenuePerYearQueryDto } from './dto/top-revenue-per-year.query.dto.js';
import { SUSPICIOUS_MONEY_BELOW } from './pipelines/data-quality.pipeline.js';

export type AnswerName = 'languages' | 'topRatedYears' | 'genres' | 'extremes' | 'topMovies' | 'topRevenuePerYear' | 'revenueVsBudget' | 'dataQuality';

export interface Question {
  path: string;
  question: string;
  definition: string;
  query: new () => AnswerQueryDto;
}

/** Revenue-vs-budget answers with every point up to this many movies, past it with a systematic sample. */
export const POINTS_LIMIT = 2000;

/** Each answer's question in plain words and its exact definition: shown in every response, the index and the API docs. */
export const QUESTIONS: Record<AnswerName, Question> = {
  languages: {
    path: '/analytics/languages',
    question: 'Which original languages have the best-rated movies?',
    definition:
      'Per original language (ISO 639-1 code): the movies with at least minVotes votes, their unweighted mean vote average (averageRating, rounded to 2 places) and total votes. Languages with fewer than minMovies such movies are left out. Best mean first (compared before rounding), ties by language code; highest is the first, lowest the first listed of those with the lowest averageRating as shown. considered = movies with at least minVotes votes and a known language.',
    query: LanguagesQueryDto,
  },
  topRatedYears: {
    path: '/analytics/top-rated/years',
    question: 'Which release years have the most and the fewest top-rated movies?',
    definition:
      'A movie is top-rated when its vote average is at least minRating and it has at least minVotes votes. Counted per release year within [from, to]; movies without a release date are left out, and years without a top-rated movie are not listed. most and fewest list every tied year. considered = top-rated movies in the range.',
    query: TopRatedYearsQueryDto,
  },
  genres: {
    path: '/analytics/genres',
    question: 'Which genres are the most and the least common?',
    definition:
      'Movies per genre among movies with at least minVotes votes; a movie counts once in each of its genres. Most movies first, ties by genre name; most is the first, least the genre with the fewest movies (ties: first by name). considered = movies with at least minVotes votes and at least one genre.',
    query: GenresQueryDto,
  },
  extremes: {
    path: '/analytics/movies/extremes',
    question: 'Which movies made the highest and lowest profit, and had the highest and lowest budget?',
    definition:
      'Profit = revenue − budget, only where both are known (TMDB stores unknown as 0) and budget ≥ minBudget and revenue ≥ minRevenue. Budget answers use movies with a known budget ≥ minBudget. Ties go to the lower TMDB id. considered = movies with a known budget ≥ minBudget; consideredForProfit = those also with a known revenue ≥ minRevenue.',
    query: ExtremesQueryDto,
  },
  topMovies: {
    path: '/analytics/movies/top',
    question: 'Which movies rank first by profit, budget or revenue?',
    definition:
      'The first `limit` movies ordered by the measure `by` (desc: highest first, asc: lowest first); ties go to the lower TMDB id. A movie counts only when its measure is known: budget ≥ minBudget for budget, revenue ≥ minRevenue for revenue, both for profit. considered = movies that count.',
    query: TopMoviesQueryDto,
  },
  topRevenuePerYear: {
    path: '/analytics/revenue/top-per-year',
    question: 'Which movies earned the most in each release year?',
    definition:
      'For each release year within [from, to], its n highest-revenue movies (ties to the lower TMDB id) among movies with a known revenue (> 0) and a release date; count is how many such movies the year has. Oldest year first. considered = movies with a known revenue and a release year in the range.',
    query: TopRevenuePerYearQueryDto,
  },
  revenueVsBudget: {
    path: '/analytics/revenue-vs-budget',
    question: 'How does revenue relate to budget?',
    definition: `Over movies with a known budget ≥ minBudget and a known revenue ≥ minRevenue: n, Pearson r, Spearman rho (average ranks for ties), least-squares slope and intercept of revenue on budget (USD) and R², and the same Pearson/slope/intercept/R² of log10(revenue) on log10(budget). Statistics are null with fewer than two movies or no spread. points: every movie up to ${POINTS_LIMIT}; past that every k-th movie in TMDB id order, k = ceil(n / ${POINTS_LIMIT}) (pointsSampled tells).`,
    query: RevenueVsBudgetQueryDto,
  },
  dataQuality: {
    path: '/analytics/data-quality',
    question: 'What do the answers rest on, and where is the data thin?',
    definition: `All movies stored, and per check how many fail it, with the lowest few TMDB ids as examples: budget or revenue unknown (0), budget or revenue known but under ${SUSPICIOUS_MONEY_BELOW} USD (suspicious), no release date, no votes, no genres, original language missing or not an ISO 639-1 code. considered = all movies.`,
    query: DataQualityQueryDto,
  },
};
